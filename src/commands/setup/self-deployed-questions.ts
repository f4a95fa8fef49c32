/**
 * The values every self-deployed flow asks for: tenant, client ID, the credential (a
 * client secret, or a certificate with --certificate) and the redirect URI; each from
 * its flag, environment variable, the profile being set up again, or a question.
 */
import { DEFAULT_REDIRECT_URI, LISTEN_REDIRECT_URI } from '../../core/authorize-url.js';
import { defaultScopes, type Integration } from '../../core/catalog.js';
import type { HandoffInput } from '../../core/handoff.js';
import { SECRET_ENV, type Flow } from '../../core/profile.js';
import { checkClientId, checkClientSecret, checkRedirectUri, checkScope, checkTenant, type Check } from '../../core/validate.js';
import { usageError } from '../../errors.js';
import { loadCertificate, type LoadedCertificate } from '../../io/certificate.js';
import { listenTarget } from '../../io/loopback.js';
import type { SecretStore } from '../../io/secret-store.js';
import { missingValueError, resolveValue, suppliedValue, type Source } from '../ask.js';
import type { SetupDeps, SetupOptions } from './options.js';
import { openCheckedStore, saveAndHandOff } from './result.js';

export type Credential = { kind: 'secret'; secret: string } | { kind: 'certificate'; certificate: LoadedCertificate };

interface Question {
  given: string | undefined;
  source: Source;
  check: Check;
  /** The question's text. */
  message: string;
  /** The answer offered by default (the value of the profile being set up again). */
  fallback?: string | undefined;
}

/** A plain (unmasked) value: flag, environment, or a question with the same check. */
function askValue(deps: SetupDeps, { given, source, check, message, fallback }: Question): Promise<string> {
  return resolveValue(
    { given, source, check, ask: (p) => p.input({ message, ...(fallback && { default: fallback }), validate: check }) },
    deps,
  );
}

export async function askTenantAndClient(
  options: SetupOptions,
  deps: SetupDeps,
  defaultClientId?: string,
): Promise<{ tenantId: string; clientId: string }> {
  const existing = deps.existing?.method === 'self-deployed' ? deps.existing : undefined;
  const tenantId = await askValue(deps, {
    given: options.tenant,
    source: { flag: '--tenant ID', env: 'MS_AUTH_TENANT_ID', label: 'tenant' },
    check: checkTenant,
    message: 'Tenant ID or verified domain',
    fallback: existing?.tenantId,
  });
  const clientId = await askValue(deps, {
    // Flag, then MS_AUTH_CLIENT_ID; XSOAR's public client only when neither names one and nobody can be asked.
    given: options.clientId ?? (deps.prompter || deps.env['MS_AUTH_CLIENT_ID'] ? undefined : defaultClientId),
    source: { flag: '--client-id GUID', env: 'MS_AUTH_CLIENT_ID', label: 'client ID' },
    check: checkClientId,
    message: 'Client ID (Application ID)',
    fallback: existing?.clientId ?? defaultClientId,
  });
  return { tenantId, clientId };
}

/** --listen without --redirect-uri: the profile's earlier loopback redirect URI, else LISTEN_REDIRECT_URI; said, not asked. */
function listenRedirectUri(deps: SetupDeps): string {
  const earlier = deps.existing?.method === 'self-deployed' ? deps.existing.redirectUri : undefined;
  let uri = LISTEN_REDIRECT_URI;
  try {
    if (earlier) {
      listenTarget(earlier);
      uri = earlier;
    }
  } catch {
    // Not one a listener can receive: the default stands.
  }
  deps.ui.info(`Redirect URI: ${uri} (register it on the app; --redirect-uri chooses another).`);
  return uri;
}

async function askRedirectUri(options: SetupOptions, deps: SetupDeps): Promise<string> {
  if (options.redirectUri === undefined && options.listen) return listenRedirectUri(deps);
  if (options.redirectUri !== undefined || !deps.prompter) {
    return askValue(deps, {
      given: options.redirectUri ?? DEFAULT_REDIRECT_URI,
      source: { flag: '--redirect-uri URI', label: 'redirect URI' },
      check: checkRedirectUri,
      message: '',
    });
  }
  const existing = deps.existing?.method === 'self-deployed' ? deps.existing.redirectUri : '';
  return deps.prompter.input({
    message: 'Redirect URI (as registered on the app)',
    default: existing || DEFAULT_REDIRECT_URI,
    validate: checkRedirectUri,
  });
}

/** How long --listen waits for the browser unless --timeout says otherwise. */
const DEFAULT_LISTEN_SECONDS = 300;

/**
 * Whether to capture the redirect on a loopback listener: --listen, or offered by the
 * wizard when the redirect URI is a loopback address with a port.
 */
async function chooseListen(
  redirectUri: string,
  options: SetupOptions,
  deps: SetupDeps,
): Promise<{ redirectUri: string; timeoutSeconds: number } | undefined> {
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
  const yes = await deps.prompter.confirm({
    message: `Capture the browser's redirect on ${redirectUri} automatically (no paste)?`,
    default: true,
  });
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
      resolveValue(
        {
          given: undefined,
          source: { env: 'MS_AUTH_CERTIFICATE_PASSPHRASE', label: 'PFX passphrase' },
          check: () => undefined,
          ask: (p) => p.password({ message: 'PFX passphrase' }),
        },
        deps,
      );
    return { kind: 'certificate', certificate: await loadCertificate(options.certificate, passphrase) };
  }
  if (options.clientSecretStdin) {
    const line = await deps.lines.next();
    const problem = line === undefined ? 'stdin ended before the secret' : checkClientSecret(line);
    if (problem) throw usageError(`--client-secret-stdin: ${problem}`);
    return { kind: 'secret', secret: (line as string).trim() };
  }
  const source = { flag: '--client-secret-stdin', env: SECRET_ENV['client-secret'], label: 'client secret' };
  const given = suppliedValue(undefined, source, checkClientSecret, deps.env);
  if (given !== undefined) return { kind: 'secret', secret: given };
  if (!deps.prompter) throw missingValueError(source);
  const stored = deps.existing?.method === 'self-deployed' ? await store.get(options.profile, 'client-secret') : undefined;
  if (
    stored &&
    (await deps.prompter.confirm({ message: `Use the client secret already stored for profile "${options.profile}"?`, default: true }))
  ) {
    return { kind: 'secret', secret: stored };
  }
  return {
    kind: 'secret',
    secret: await deps.prompter.password({ message: 'Client secret (the Value, not the Secret ID)', validate: checkClientSecret }),
  };
}

/** How the token requests authenticate, from the credential. */
export const credentialSettings = (credential: Credential) =>
  credential.kind === 'secret' ? { clientSecret: credential.secret } : { certificate: credential.certificate };

/** What is stored in the keychain, and what the profile and hand-off carry, for the credential. */
function credentialOutputs(credential: Credential): {
  secrets: { 'client-secret'?: string; 'certificate-key'?: string };
  profile: { certificateThumbprint?: string };
  handoff: { clientSecret?: string; certificateThumbprint?: string; certificateKey?: string };
} {
  if (credential.kind === 'secret')
    return { secrets: { 'client-secret': credential.secret }, profile: {}, handoff: { clientSecret: credential.secret } };
  const { keyPem, thumbprint } = credential.certificate;
  return {
    secrets: { 'certificate-key': keyPem },
    profile: { certificateThumbprint: thumbprint },
    handoff: { certificateThumbprint: thumbprint, certificateKey: keyPem },
  };
}

/**
 * Saves the profile of a self-deployed flow that went through the browser (auth code, client
 * credentials) with its credential, and the refresh token when the sign-in gave one, then
 * hands off; `authCode` is what XSOAR gets in the code's place.
 */
export async function saveBrowserFlow(
  integration: Integration | undefined,
  flow: 'auth-code' | 'client-credentials',
  values: Omit<Awaited<ReturnType<typeof askBrowserFlowValues>>, 'listen'>,
  obtained: { refreshToken?: string | undefined; authCode?: HandoffInput['authCode'] },
  options: SetupOptions,
  deps: SetupDeps,
): Promise<void> {
  const { store, tenantId, clientId, credential, redirectUri, scopes } = values;
  const { refreshToken, authCode } = obtained;
  const outputs = credentialOutputs(credential);
  await saveAndHandOff(deps, options, integration, {
    store,
    fields: {
      method: 'self-deployed',
      integration: integration?.id ?? null,
      flow,
      tenantId,
      clientId,
      redirectUri,
      scopes,
      ...outputs.profile,
    },
    secrets: { ...outputs.secrets, ...(refreshToken !== undefined && { 'refresh-token': refreshToken }) },
    saved: `Saved profile "${options.profile}": ${credential.kind === 'secret' ? 'client secret' : 'certificate key'}${refreshToken ? ' and refresh token' : ''} in ${store.label}.`,
    handoff: { ...outputs.handoff, ...(authCode && { authCode }) },
  });
}

/** The integration's default scopes for the flow and cloud, --scope, or a question. */
export async function askScopes(
  integration: Integration | undefined,
  flow: Flow,
  options: SetupOptions,
  deps: SetupDeps,
): Promise<string[]> {
  if (options.scopes?.length) {
    for (const scope of options.scopes) {
      const problem =
        checkScope(scope) ??
        (flow === 'client-credentials' && !scope.endsWith('/.default')
          ? `client credentials take <resource>/.default scopes only (got "${scope}").`
          : undefined);
      if (problem) throw usageError(`--scope: ${problem}`);
    }
    return options.scopes;
  }
  const defaults = integration ? defaultScopes(integration, flow, options.cloud, options.params) : undefined;
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
