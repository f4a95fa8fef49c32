/**
 * `ms-auth setup`: the wizard. Integration → method → flow → values, then the
 * browser round trip, the tool's own code exchange (PKCE, state checked), the
 * hand-off XSOAR can still redeem, and one all-or-nothing save.
 */
import { authorityOrigin, type Cloud } from '../core/authority.js';
import { buildAuthorizeUrl, scopeList } from '../core/authorize-url.js';
import { INTEGRATIONS, defaultScopes, findIntegration, type Integration } from '../core/catalog.js';
import { HANDOFFS, buildHandoff, formatHandoff, paramsObject, type Handoff, type HandoffInput } from '../core/handoff.js';
import { createPkce, randomToken } from '../core/pkce.js';
import type { Flow, Method, Profile } from '../core/profile.js';
import { checkClientId, checkRedirectUri, checkScope, checkSecret, checkTenant } from '../core/validate.js';
import { checkXsoarId, checkXsoarKey, checkXsoarToken, consentPageUrl } from '../core/xsoar-app.js';
import { usageError } from '../errors.js';
import type { Browser } from '../io/browser.js';
import type { Tokens, ClientSettings, CodeRedemption } from '../io/oauth.js';
import type { Secrets } from '../io/persist.js';
import type { Prompter } from '../io/prompter.js';
import type { SecretStore } from '../io/secret-store.js';
import type { LineSource } from '../io/stdin-lines.js';
import type { Ui } from '../io/terminal.js';
import { resolveValue } from './ask.js';
import { roundTrip, sendToBrowser } from './redirect.js';

export const DEFAULT_REDIRECT_URI = 'https://localhost/myapp';

export interface SetupOptions {
  profile: string;
  configDir: string;
  json: boolean;
  showSecrets: boolean;
  integration?: string | undefined;
  method?: Method | undefined;
  flow?: Flow | undefined;
  tenant?: string | undefined;
  clientId?: string | undefined;
  redirectUri?: string | undefined;
  scopes?: string[] | undefined;
  clientSecretStdin: boolean;
  xsoarId?: string | undefined;
  noBrowser: boolean;
  handoff?: Handoff | undefined;
  exchange: boolean;
  cloud: Cloud;
  authorityHost?: string | undefined;
  httpTimeout: number;
}

export interface SetupDeps {
  ui: Ui;
  /** Undefined when the run may not prompt (no TTY, or --no-input). */
  prompter?: Prompter | undefined;
  lines: LineSource;
  browser: Browser;
  env: NodeJS.ProcessEnv;
  openStore(): Promise<SecretStore>;
  redeem(settings: Omit<ClientSettings, 'fetch'>, redemption: CodeRedemption): Promise<Tokens>;
  save(store: SecretStore, profile: Profile, secrets: Secrets): Promise<void>;
  now(): Date;
}

const METHOD_CHOICES: Record<Method, { name: string; description: string }> = {
  'xsoar-app': { name: 'Cortex XSOAR application', description: "Palo Alto's registered app: consent on its page, paste the ID, Token and Key it shows." },
  'self-deployed': { name: 'Self-deployed application', description: 'Your own app registration in Entra ID: client ID, tenant and secret stay under your control.' },
};

const FLOW_CHOICES: Record<Flow, { name: string; description: string }> = {
  'auth-code': { name: 'Authorization code (on behalf of a user)', description: 'Sign in as a user; XSOAR acts with delegated permissions.' },
  'client-credentials': { name: 'Client credentials (app only)', description: 'No user: application permissions granted by an admin.' },
  'device-code': { name: 'Device code', description: 'Sign in on another device with a short code.' },
};

async function chooseIntegration(options: SetupOptions, deps: SetupDeps): Promise<Integration | undefined> {
  if (options.integration !== undefined) {
    const found = findIntegration(options.integration);
    if (!found) throw usageError(`Unknown integration "${options.integration}". See \`ms-auth integrations\` for the list.`);
    return found;
  }
  if (options.method === 'self-deployed' && options.scopes?.length) return undefined;
  if (!deps.prompter) {
    throw usageError('Missing integration: pass --integration ID (see `ms-auth integrations`), or --method self-deployed with --scope.');
  }
  const id = await deps.prompter.select({
    message: 'Which XSOAR integration is this for?',
    choices: INTEGRATIONS.map((i) => ({ value: i.id, name: `${i.name} (${i.id})` })),
  });
  return findIntegration(id);
}

async function chooseMethod(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<Method> {
  const supported: Method[] = integration?.methods ?? ['self-deployed'];
  if (options.method !== undefined) {
    if (!supported.includes(options.method)) {
      throw usageError(`${integration?.name ?? 'This setup'} does not support --method ${options.method} (it supports ${supported.join(', ')}).`);
    }
    return options.method;
  }
  if (supported.length === 1) return supported[0] as Method;
  if (!deps.prompter) throw usageError(`Missing method: pass --method ${supported.join('|')}.`);
  return deps.prompter.select({
    message: 'Which application will XSOAR use?',
    choices: supported.map((m) => ({ value: m, ...METHOD_CHOICES[m] })),
  });
}

async function chooseFlow(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<Flow> {
  const supported: Flow[] = integration?.flows ?? ['auth-code'];
  const implemented: Flow[] = supported.filter((f) => f === 'auth-code');
  if (options.flow !== undefined) {
    if (!supported.includes(options.flow)) {
      throw usageError(`${integration?.name ?? 'This setup'} does not support --flow ${options.flow} (it supports ${supported.join(', ')}).`);
    }
    if (!implemented.includes(options.flow)) {
      throw usageError(`--flow ${options.flow} is not available in this version of ms-auth yet; use --flow auth-code or the Cortex XSOAR application.`);
    }
    return options.flow;
  }
  if (implemented.length === 0) {
    throw usageError(`${integration?.name ?? 'This integration'} needs --flow ${supported.join('|')}, which this version of ms-auth does not offer yet.`);
  }
  if (implemented.length === 1 || !deps.prompter) return implemented[0] as Flow;
  return deps.prompter.select({
    message: 'Which sign-in flow?',
    choices: implemented.map((f) => ({ value: f, ...FLOW_CHOICES[f] })),
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
    validate: (value) => {
      const scopes = value.trim().split(/\s+/).filter(Boolean);
      if (scopes.length === 0) return 'At least one scope is required.';
      return scopes.map(checkScope).find(Boolean);
    },
  });
  return answer.split(/\s+/).filter(Boolean);
}

async function clientSecret(options: SetupOptions, deps: SetupDeps): Promise<string> {
  const check = checkSecret('Client secret');
  if (options.clientSecretStdin) {
    const line = await deps.lines.next();
    const problem = line === undefined ? 'stdin ended before the secret' : check(line);
    if (problem) throw usageError(`--client-secret-stdin: ${problem}`);
    return (line as string).trim();
  }
  return resolveValue(
    undefined,
    { flag: '--client-secret-stdin', env: 'MS_AUTH_CLIENT_SECRET', label: 'client secret' },
    check,
    deps.prompter,
    (p) => p.password({ message: 'Client secret (the Value, not the Secret ID)', validate: check }),
    deps.env,
  );
}

function showPermissions(integration: Integration | undefined, flow: Flow, deps: SetupDeps): void {
  if (!integration) return;
  const wanted = flow === 'client-credentials' ? ['application', 'azure-role'] : ['delegated', 'azure-role'];
  const permissions = integration.permissions.filter((p) => wanted.includes(p.type));
  if (permissions.length === 0) return;
  deps.ui.info(`${integration.name} needs these permissions on the app registration (API permissions), so consent succeeds the first time:`);
  for (const p of permissions) deps.ui.info(`  - ${p.name} (${p.type})`);
}

function emit(deps: SetupDeps, options: SetupOptions, integration: Integration | undefined, method: Method, flow: Flow | null, input: HandoffInput): void {
  const handoff = buildHandoff(input);
  if (options.json) {
    deps.ui.result(
      JSON.stringify({
        profile: options.profile,
        integration: integration?.id ?? null,
        method,
        flow,
        xsoar: {
          params: paramsObject(handoff),
          testCommand: handoff.testCommand ?? null,
          resetCommand: handoff.resetCommand ?? null,
          ...(handoff.codeIssuedAt !== undefined && { codeIssuedAt: handoff.codeIssuedAt }),
        },
      }),
    );
  } else {
    deps.ui.result(formatHandoff(handoff, `XSOAR instance parameters for ${integration?.name ?? 'your integration'} (profile ${options.profile}):`));
  }
}

function newProfile(options: SetupOptions, fields: Pick<Profile, 'method' | 'integration' | 'flow' | 'tenantId' | 'clientId' | 'redirectUri' | 'scopes'>, now: Date): Profile {
  return {
    ...fields,
    cloud: options.cloud,
    ...(options.authorityHost !== undefined && { authorityHost: options.authorityHost }),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

async function xsoarAppSetup(integration: Integration, options: SetupOptions, deps: SetupDeps): Promise<void> {
  const store = await deps.openStore();
  await store.probe(options.profile);
  await sendToBrowser(
    {
      url: consentPageUrl(integration.xsoarApp ?? ''),
      instruction: `Open the Cortex XSOAR consent page for ${integration.name}, sign in, choose Start Authorization Process, and copy the ID, Token and Key it shows:`,
      noBrowser: options.noBrowser,
    },
    deps,
  );
  const id = await resolveValue(options.xsoarId, { flag: '--xsoar-id ID', label: 'XSOAR application ID' }, checkXsoarId, deps.prompter, (p) => p.input({ message: 'ID', validate: checkXsoarId }), deps.env);
  const token = await resolveValue(undefined, { flag: 'a prompt', env: 'MS_AUTH_XSOAR_TOKEN', label: 'XSOAR Token' }, checkXsoarToken, deps.prompter, (p) => p.password({ message: 'Token', validate: checkXsoarToken }), deps.env);
  const key = await resolveValue(undefined, { flag: 'a prompt', env: 'MS_AUTH_XSOAR_KEY', label: 'XSOAR Key' }, checkXsoarKey, deps.prompter, (p) => p.password({ message: 'Key', validate: checkXsoarKey }), deps.env);
  const now = deps.now();
  const profile = newProfile(options, { method: 'xsoar-app', integration: integration.id, flow: null, tenantId: '', clientId: id, redirectUri: '', scopes: [] }, now);
  await deps.save(store, profile, { 'xsoar-token': token, 'xsoar-key': key });
  deps.ui.success(`Saved profile "${options.profile}": Token and Key are in ${store.label}.`);
  emit(deps, options, integration, 'xsoar-app', null, {
    integration, method: 'xsoar-app', flow: null, cloud: options.cloud, clientId: id, tenantId: '', redirectUri: '',
    xsoarToken: token, xsoarKey: key, showSecrets: options.showSecrets,
  });
}

function describeTokens(tokens: Tokens, tenant: string, deps: SetupDeps): void {
  const who = tokens.user ? ` as ${tokens.user}` : '';
  deps.ui.success(`Signed in to tenant ${tenant}${who}.`);
  if (tokens.scopes.length) deps.ui.info(`  Granted: ${tokens.scopes.join(' ')}`);
  if (tokens.expiresIn !== undefined) deps.ui.info(`  Access token valid for ${Math.round(tokens.expiresIn / 60)} minutes; refresh token ${tokens.refreshToken ? 'received' : 'NOT received (is offline_access allowed?)'}.`);
}

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

async function authCodeSetup(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<void> {
  const ask = (given: string | undefined, flag: string, env: string | undefined, label: string, check: (v: string) => string | undefined, message: string, fallback?: string) =>
    resolveValue(given, { flag, env, label }, check, deps.prompter, (p) => p.input({ message, ...(fallback !== undefined && { default: fallback }), validate: check }), deps.env);
  const tenantId = await ask(options.tenant, '--tenant ID', 'MS_AUTH_TENANT_ID', 'tenant', checkTenant, 'Tenant ID or verified domain');
  const clientId = await ask(options.clientId, '--client-id GUID', 'MS_AUTH_CLIENT_ID', 'client ID', checkClientId, 'Client ID (Application ID)');
  const secret = await clientSecret(options, deps);
  const redirectUri =
    options.redirectUri !== undefined || !deps.prompter
      ? await ask(options.redirectUri ?? DEFAULT_REDIRECT_URI, '--redirect-uri URI', undefined, 'redirect URI', checkRedirectUri, '')
      : await deps.prompter.input({ message: 'Redirect URI (as registered on the app)', default: DEFAULT_REDIRECT_URI, validate: checkRedirectUri });
  const scopes = await askScopes(integration, options, deps);
  const handoff = await chooseHandoff(integration, options, deps);

  // Fail fast: prove the keychain answers before sending the operator to a browser.
  const store = await deps.openStore();
  await store.probe(options.profile);
  showPermissions(integration, 'auth-code', deps);

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
  if (first.kind !== 'code') throw usageError('That redirect carries no authorization code.');

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
      if (!refreshToken) throw usageError('Entra returned no refresh token, so --handoff refresh-token cannot work: keep offline_access allowed, or use --handoff fresh-code.');
      authCode = { kind: 'refresh-token', token: refreshToken };
    } else if (handoff === 'fresh-code') {
      deps.ui.info('The code above is spent (codes are single-use). XSOAR needs its own: one more round trip, usually without any page to click.');
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
      if (fresh.kind !== 'code') throw usageError('That redirect carries no authorization code.');
      authCode = { kind: 'code', code: fresh.code, issuedAt: deps.now().toISOString() };
    }
  } else {
    authCode = { kind: 'code', code: first.code, issuedAt: deps.now().toISOString() };
  }

  const now = deps.now();
  const profile = newProfile(options, { method: 'self-deployed', integration: integration?.id ?? null, flow: 'auth-code', tenantId, clientId, redirectUri, scopes }, now);
  await deps.save(store, profile, { 'client-secret': secret, ...(refreshToken !== undefined && { 'refresh-token': refreshToken }) });
  deps.ui.success(`Saved profile "${options.profile}": client secret${refreshToken ? ' and refresh token' : ''} in ${store.label}.`);
  emit(deps, options, integration, 'self-deployed', 'auth-code', {
    integration, method: 'self-deployed', flow: 'auth-code', cloud: options.cloud, clientId, tenantId, redirectUri,
    clientSecret: secret, authCode, showSecrets: options.showSecrets,
  });
}

export async function runSetup(options: SetupOptions, deps: SetupDeps): Promise<void> {
  if (options.handoff !== undefined && !HANDOFFS.includes(options.handoff)) {
    throw usageError(`--handoff must be one of ${HANDOFFS.join(', ')}.`);
  }
  const integration = await chooseIntegration(options, deps);
  const method = await chooseMethod(integration, options, deps);
  if (method === 'xsoar-app') {
    if (!integration?.xsoarApp) throw usageError('The Cortex XSOAR application needs --integration ID.');
    return xsoarAppSetup(integration, options, deps);
  }
  await chooseFlow(integration, options, deps);
  return authCodeSetup(integration, options, deps);
}
