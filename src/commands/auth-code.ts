/**
 * setup, self-deployed application, authorization code flow: the values, the browser
 * round trip with PKCE and `state`, the tool's own redemption, and what XSOAR gets
 * in its place (a fresh code, the refresh token, or nothing).
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 */
import { authorityOrigin } from '../core/authority.js';
import { buildAuthorizeUrl, scopeList } from '../core/authorize-url.js';
import { defaultScopes, type Integration } from '../core/catalog.js';
import { HANDOFFS, type Handoff, type HandoffInput } from '../core/handoff.js';
import { peekClaims } from '../core/jwt.js';
import { createPkce, randomToken } from '../core/pkce.js';
import { sanitize } from '../core/sanitize.js';
import { checkClientId, checkClientSecret, checkRedirectUri, checkScope, checkTenant, type Check } from '../core/validate.js';
import { CliError, usageError } from '../errors.js';
import type { Tokens } from '../io/oauth.js';
import type { SecretStore } from '../io/secret-store.js';
import { missing, resolveValue, supplied } from './ask.js';
import { roundTrip } from './redirect.js';
import { emitHandoff, newProfile, type SetupDeps, type SetupOptions } from './setup-result.js';

export const DEFAULT_REDIRECT_URI = 'https://localhost/myapp';

const HANDOFF_CHOICES: Record<Handoff, { name: string; description: string }> = {
  'fresh-code': { name: 'A fresh authorization code (recommended)', description: 'One more browser round trip, usually with nothing to click; XSOAR redeems the code within ten minutes.' },
  'refresh-token': { name: 'The refresh token, as refresh_token:<token>', description: "Goes into XSOAR's Authorization code field; no second code needed." },
  none: { name: 'No code', description: 'Only ID, Token, Key and redirect URI; get the code in XSOAR yourself.' },
};

/** What XSOAR gets after the tool's own exchange: asked only when it matters and nothing decided it. */
async function chooseHandoff(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<Handoff> {
  if (options.handoff !== undefined || !options.exchange) return options.handoff ?? 'none';
  // Without an integration nothing says whether a code is wanted: ask, or give none.
  const takesCode = integration?.params.authCode !== undefined;
  if (!deps.prompter) return takesCode ? 'fresh-code' : 'none';
  if (integration && !takesCode) return 'none';
  return deps.prompter.select({
    message: 'Your sign-in proves the setup but spends its code. What should XSOAR get?',
    choices: HANDOFFS.map((h) => ({ value: h, ...HANDOFF_CHOICES[h] })),
    default: 'fresh-code',
  });
}

async function askScopes(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<string[]> {
  if (options.scopes?.length) {
    for (const scope of options.scopes) {
      const problem = checkScope(scope);
      if (problem) throw usageError(`--scope: ${problem}`);
    }
    return options.scopes;
  }
  const defaults = integration ? defaultScopes(integration, 'auth-code', options.cloud) : undefined;
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

/** The secret from stdin, the environment, the keychain (setting a profile up again), or a masked prompt. */
async function clientSecret(options: SetupOptions, deps: SetupDeps, store: SecretStore): Promise<string> {
  if (options.clientSecretStdin) {
    const line = await deps.lines.next();
    const problem = line === undefined ? 'stdin ended before the secret' : checkClientSecret(line);
    if (problem) throw usageError(`--client-secret-stdin: ${problem}`);
    return (line as string).trim();
  }
  const source = { flag: '--client-secret-stdin', env: 'MS_AUTH_CLIENT_SECRET', label: 'client secret' };
  const given = supplied(undefined, source, checkClientSecret, deps.env);
  if (given !== undefined) return given;
  if (!deps.prompter) throw missing(source);
  const stored = deps.existing?.method === 'self-deployed' ? await store.get(options.profile, 'client-secret') : undefined;
  if (stored && (await deps.prompter.confirm({ message: `Use the client secret already stored for profile "${options.profile}"?`, default: true }))) {
    return stored;
  }
  return deps.prompter.password({ message: 'Client secret (the Value, not the Secret ID)', validate: checkClientSecret });
}

function showPermissions(integration: Integration | undefined, deps: SetupDeps): void {
  const permissions = integration?.permissions.filter((p) => p.type !== 'application') ?? [];
  if (!integration || permissions.length === 0) return;
  deps.ui.info(`${integration.name} needs these permissions on the app registration (API permissions), so consent succeeds the first time:`);
  for (const p of permissions) deps.ui.info(`  - ${p.name} (${p.type}${p.api ? `, ${p.api}` : ''})`);
}

function describeTokens(tokens: Tokens, tenant: string, deps: SetupDeps): void {
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

export async function runAuthCode(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<void> {
  const existing = deps.existing?.method === 'self-deployed' ? deps.existing : undefined;
  const ask = (given: string | undefined, flag: string, env: string | undefined, label: string, check: Check, message: string, fallback?: string) =>
    resolveValue(given, { flag, env, label }, check, deps.prompter, (p) => p.input({ message, ...(fallback && { default: fallback }), validate: check }), deps.env);

  // Fail fast: prove the keychain takes writes before any question or browser.
  const store = await deps.openStore();
  await store.probe(options.profile);

  const tenantId = await ask(options.tenant, '--tenant ID', 'MS_AUTH_TENANT_ID', 'tenant', checkTenant, 'Tenant ID or verified domain', existing?.tenantId);
  const clientId = await ask(options.clientId, '--client-id GUID', 'MS_AUTH_CLIENT_ID', 'client ID', checkClientId, 'Client ID (Application ID)', existing?.clientId);
  const secret = await clientSecret(options, deps, store);
  const redirectUri =
    options.redirectUri !== undefined || !deps.prompter
      ? await ask(options.redirectUri ?? DEFAULT_REDIRECT_URI, '--redirect-uri URI', undefined, 'redirect URI', checkRedirectUri, '')
      : await deps.prompter.input({ message: 'Redirect URI (as registered on the app)', default: existing?.redirectUri || DEFAULT_REDIRECT_URI, validate: checkRedirectUri });
  const scopes = await askScopes(integration, options, deps);
  const handoff = await chooseHandoff(integration, options, deps);
  showPermissions(integration, deps);
  if (!options.exchange) {
    deps.ui.warn('--no-exchange: the secret, consent and scopes are not checked here; XSOAR will be the first to redeem the code.');
  }

  const origin = authorityOrigin(options.cloud, options.authorityHost);
  const pkce = options.exchange ? createPkce() : undefined;
  const state = randomToken();
  const first = await roundTrip(
    {
      url: buildAuthorizeUrl({ origin, tenant: tenantId, clientId, redirectUri, scopes, state, codeChallenge: pkce?.challenge }),
      state,
      instruction: 'Sign in and consent in the browser at this URL, then paste the address it redirects you to:',
      noBrowser: options.noBrowser,
    },
    deps,
    'Paste the redirect URL (or the code)',
  );

  let authCode: HandoffInput['authCode'];
  let refreshToken: string | undefined;
  if (pkce) {
    const tokens = await deps.redeem(
      { origin, tenant: tenantId, clientId, clientSecret: secret, timeout: options.httpTimeout },
      { code: first.code, redirectUri, scopes: scopeList(scopes), state: first.state, codeVerifier: pkce.verifier },
    );
    describeTokens(tokens, tenantId, deps);
    refreshToken = tokens.refreshToken;
    if (handoff === 'refresh-token') {
      if (!refreshToken) {
        throw new CliError('auth', 'no_refresh_token', 'Entra returned no refresh token, so XSOAR cannot be given one.', [
          'offline_access must be allowed for the app; or use --handoff fresh-code.',
        ]);
      }
      authCode = { kind: 'refresh-token', token: refreshToken };
    } else if (handoff === 'fresh-code') {
      deps.ui.info('That code is now spent (codes are single-use). XSOAR needs its own: one more round trip, usually with nothing to click.');
      const freshState = randomToken();
      const fresh = await roundTrip(
        {
          url: buildAuthorizeUrl({ origin, tenant: tenantId, clientId, redirectUri, scopes, state: freshState }),
          state: freshState,
          instruction: 'Open this URL (no PKCE, so XSOAR can redeem the code), then paste the address it redirects you to:',
          noBrowser: options.noBrowser,
        },
        deps,
        'Paste the second redirect URL (or the code)',
      );
      authCode = { kind: 'code', code: fresh.code, issuedAt: deps.now().toISOString() };
    }
  } else {
    authCode = { kind: 'code', code: first.code, issuedAt: deps.now().toISOString() };
  }

  const profile = newProfile(options, { method: 'self-deployed', integration: integration?.id ?? null, flow: 'auth-code', tenantId, clientId, redirectUri, scopes }, deps.now());
  await deps.save(store, profile, { 'client-secret': secret, ...(refreshToken !== undefined && { 'refresh-token': refreshToken }) });
  deps.ui.success(`Saved profile "${options.profile}": client secret${refreshToken ? ' and refresh token' : ''} in ${store.label}.`);
  emitHandoff(deps, options, 'self-deployed', 'auth-code', {
    integration, method: 'self-deployed', flow: 'auth-code', cloud: options.cloud, clientId, tenantId, redirectUri,
    clientSecret: secret, authCode, showSecrets: options.showSecrets,
  });
}
