/**
 * The values every self-deployed flow asks for: tenant, client ID, the credential (a
 * client secret, or a certificate with --certificate) and the redirect URI; each from
 * its flag, environment variable, the profile being set up again, or a question.
 */
import { DEFAULT_REDIRECT_URI } from '../../core/authorize-url.js';
import { defaultScopes, type Integration } from '../../core/catalog.js';
import { peekClaims } from '../../core/jwt.js';
import type { Flow } from '../../core/profile.js';
import { sanitize } from '../../core/sanitize.js';
import { checkClientId, checkClientSecret, checkRedirectUri, checkScope, checkTenant, type Check } from '../../core/validate.js';
import { usageError } from '../../errors.js';
import { loadCertificate, type LoadedCertificate } from '../../io/certificate.js';
import { listenTarget } from '../../io/loopback.js';
import type { Tokens } from '../../io/oauth.js';
import type { SecretStore } from '../../io/secret-store.js';
import { missing, resolveValue, supplied } from '../ask.js';
import type { SetupDeps, SetupOptions } from './setup-result.js';

export type Credential = { kind: 'secret'; secret: string } | { kind: 'certificate'; certificate: LoadedCertificate };

function ask(deps: SetupDeps, given: string | undefined, flag: string, env: string | undefined, label: string, check: Check, message: string, fallback?: string): Promise<string> {
  return resolveValue(given, { flag, env, label }, check, deps.prompter, (p) => p.input({ message, ...(fallback && { default: fallback }), validate: check }), deps.env);
}

export async function askTenantAndClient(options: SetupOptions, deps: SetupDeps, defaultClientId?: string): Promise<{ tenantId: string; clientId: string }> {
  const existing = deps.existing?.method === 'self-deployed' ? deps.existing : undefined;
  const tenantId = await ask(deps, options.tenant, '--tenant ID', 'MS_AUTH_TENANT_ID', 'tenant', checkTenant, 'Tenant ID or verified domain', existing?.tenantId);
  const clientId = await ask(deps, options.clientId ?? (deps.prompter ? undefined : defaultClientId), '--client-id GUID', 'MS_AUTH_CLIENT_ID', 'client ID', checkClientId, 'Client ID (Application ID)', existing?.clientId ?? defaultClientId);
  return { tenantId, clientId };
}

async function askRedirectUri(options: SetupOptions, deps: SetupDeps): Promise<string> {
  if (options.redirectUri !== undefined || !deps.prompter) {
    return ask(deps, options.redirectUri ?? DEFAULT_REDIRECT_URI, '--redirect-uri URI', undefined, 'redirect URI', checkRedirectUri, '');
  }
  const existing = deps.existing?.method === 'self-deployed' ? deps.existing.redirectUri : '';
  return deps.prompter.input({ message: 'Redirect URI (as registered on the app)', default: existing || DEFAULT_REDIRECT_URI, validate: checkRedirectUri });
}

/** Fail fast: the keychain must take writes before any question or browser. */
export async function openCheckedStore(options: SetupOptions, deps: SetupDeps): Promise<SecretStore> {
  const store = await deps.openStore();
  await store.probe(options.profile);
  return store;
}

/** How long --listen waits for the browser unless --timeout says otherwise. */
const DEFAULT_LISTEN_SECONDS = 300;

/**
 * Whether to capture the redirect on a loopback listener: --listen, or offered by the
 * wizard when the redirect URI is a loopback address with a port.
 */
async function chooseListen(redirectUri: string, options: SetupOptions, deps: SetupDeps): Promise<{ redirectUri: string; timeoutSeconds: number } | undefined> {
  const capture = { redirectUri, timeoutSeconds: options.timeout ?? DEFAULT_LISTEN_SECONDS };
  if (options.listen) {
    listenTarget(redirectUri);
    return capture;
  }
  let listenable = true;
  try {
    listenTarget(redirectUri);
  } catch {
    listenable = false;
  }
  if (!listenable || !deps.prompter) return undefined;
  const yes = await deps.prompter.confirm({ message: `Capture the browser's redirect on ${redirectUri} automatically (no paste)?`, default: true });
  return yes ? capture : undefined;
}

/** What a self-deployed flow that goes through the browser asks for, in the wizard's order. */
export async function askBrowserFlowValues(integration: Integration | undefined, flow: Flow, options: SetupOptions, deps: SetupDeps) {
  const store = await openCheckedStore(options, deps);
  const { tenantId, clientId } = await askTenantAndClient(options, deps);
  const credential = await askCredential(options, deps, store);
  const redirectUri = await askRedirectUri(options, deps);
  const scopes = await askScopes(integration, flow, options, deps);
  const listen = await chooseListen(redirectUri, options, deps);
  return { store, tenantId, clientId, credential, redirectUri, scopes, listen };
}

/** The client secret (stdin, environment, the keychain when set up again, a masked prompt), or the certificate. */
async function askCredential(options: SetupOptions, deps: SetupDeps, store: SecretStore): Promise<Credential> {
  if (options.certificate !== undefined) {
    const passphrase = () =>
      resolveValue(undefined, { env: 'MS_AUTH_CERTIFICATE_PASSPHRASE', label: 'PFX passphrase' }, () => undefined, deps.prompter, (p) => p.password({ message: 'PFX passphrase' }), deps.env);
    return { kind: 'certificate', certificate: await loadCertificate(options.certificate, passphrase) };
  }
  if (options.clientSecretStdin) {
    const line = await deps.lines.next();
    const problem = line === undefined ? 'stdin ended before the secret' : checkClientSecret(line);
    if (problem) throw usageError(`--client-secret-stdin: ${problem}`);
    return { kind: 'secret', secret: (line as string).trim() };
  }
  const source = { flag: '--client-secret-stdin', env: 'MS_AUTH_CLIENT_SECRET', label: 'client secret' };
  const given = supplied(undefined, source, checkClientSecret, deps.env);
  if (given !== undefined) return { kind: 'secret', secret: given };
  if (!deps.prompter) throw missing(source);
  const stored = deps.existing?.method === 'self-deployed' ? await store.get(options.profile, 'client-secret') : undefined;
  if (stored && (await deps.prompter.confirm({ message: `Use the client secret already stored for profile "${options.profile}"?`, default: true }))) {
    return { kind: 'secret', secret: stored };
  }
  return { kind: 'secret', secret: await deps.prompter.password({ message: 'Client secret (the Value, not the Secret ID)', validate: checkClientSecret }) };
}

/** How the token requests authenticate, from the credential. */
export const credentialSettings = (credential: Credential) =>
  credential.kind === 'secret' ? { clientSecret: credential.secret } : { certificate: credential.certificate };

/** What is stored in the keychain, and what the profile and hand-off carry, for the credential. */
export function credentialOutputs(credential: Credential): {
  secrets: { 'client-secret'?: string; 'certificate-key'?: string };
  profile: { certificateThumbprint?: string };
  handoff: { clientSecret?: string; certificateThumbprint?: string; certificateKey?: string };
} {
  if (credential.kind === 'secret') return { secrets: { 'client-secret': credential.secret }, profile: {}, handoff: { clientSecret: credential.secret } };
  const { keyPem, thumbprint } = credential.certificate;
  return { secrets: { 'certificate-key': keyPem }, profile: { certificateThumbprint: thumbprint }, handoff: { certificateThumbprint: thumbprint, certificateKey: keyPem } };
}

/** The integration's default scopes for the flow and cloud, --scope, or a question. */
export async function askScopes(integration: Integration | undefined, flow: Flow, options: SetupOptions, deps: SetupDeps): Promise<string[]> {
  if (options.scopes?.length) {
    for (const scope of options.scopes) {
      const problem = checkScope(scope) ?? (flow === 'client-credentials' && !scope.endsWith('/.default') ? `client credentials take <resource>/.default scopes only (got "${scope}").` : undefined);
      if (problem) throw usageError(`--scope: ${problem}`);
    }
    return options.scopes;
  }
  const defaults = integration ? defaultScopes(integration, flow, options.cloud) : undefined;
  if (defaults?.length) return defaults;
  if (!deps.prompter) throw usageError('Missing scopes: pass --scope SCOPE... or --integration ID.');
  const answer = await deps.prompter.input({
    message: 'Scopes (space-separated, e.g. https://graph.microsoft.com/User.Read)',
    ...(deps.existing?.scopes.length && { default: deps.existing.scopes.join(' ') }),
    validate: (value) => {
      const scopes = value.trim().split(/\s+/).filter(Boolean);
      if (scopes.length === 0) return 'At least one scope is required.';
      return scopes.map(checkScope).find(Boolean);
    },
  });
  return answer.split(/\s+/).filter(Boolean);
}

/** What the app registration needs, before the operator goes to the browser, so consent succeeds the first time. */
export function showPermissions(integration: Integration | undefined, flow: Flow, deps: SetupDeps): void {
  const wanted = flow === 'client-credentials' ? 'application' : 'delegated';
  const permissions = integration?.permissions.filter((p) => p.type === wanted || p.type === 'azure-role') ?? [];
  if (!integration || permissions.length === 0) return;
  deps.ui.info(`${integration.name} needs these permissions on the app registration (API permissions), so consent succeeds the first time:`);
  for (const p of permissions) deps.ui.info(`  - ${p.name} (${p.type}${p.api ? `, ${p.api}` : ''})`);
}

/** Who signed in and what was granted, from the token response (claims read for display only). */
export function describeTokens(tokens: Tokens, tenant: string, deps: SetupDeps): void {
  // Display only: the access token's claims are read, never trusted for a decision.
  const claims = peekClaims(tokens.accessToken);
  const user = tokens.user ?? [claims?.['upn'], claims?.['preferred_username'], claims?.['unique_name']].find((c) => typeof c === 'string');
  const tid = typeof claims?.['tid'] === 'string' && claims['tid'] !== tenant ? ` (${sanitize(claims['tid'], { max: 40 })})` : '';
  deps.ui.success(`Signed in to tenant ${tenant}${tid}${typeof user === 'string' ? ` as ${sanitize(user, { max: 120 })}` : ''}.`);
  if (tokens.scopes.length) deps.ui.info(`  Granted: ${tokens.scopes.join(' ')}`);
  if (tokens.expiresIn !== undefined) {
    deps.ui.info(`  Access token valid for ${Math.round(tokens.expiresIn / 60)} minutes; refresh token ${tokens.refreshToken ? 'received' : 'NOT received (is offline_access allowed?)'}.`);
  }
}
