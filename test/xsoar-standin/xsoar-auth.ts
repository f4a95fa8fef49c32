/**
 * What an XSOAR instance of a Microsoft integration does with its saved parameters when it
 * authenticates, replayed against the Entra stand-in exactly as content's MicrosoftApiModule
 * (Packs/ApiModules/Scripts/MicrosoftApiModule/MicrosoftApiModule.py) and the integrations'
 * `main()` do it:
 *
 * - `get_access_token`: a cached `access_token` in the integration context still inside
 *   `valid_until` is used as is, without asking Entra; otherwise a refresh token in the context
 *   (`current_refresh_token`) is preferred over the instance's parameters, so new values stay
 *   unused until `!<prefix>-auth-reset` clears the context.
 * - self-deployed authorization code: form fields `client_id`, `client_secret` (or a client
 *   assertion), `redirect_uri` as configured, `grant_type=authorization_code` + `code`, no PKCE
 *   verifier and no scope; an auth code starting with `refresh_token:` is used as a refresh token.
 * - client credentials: `client_id`, `client_secret` (or assertion), `grant_type`, the `.default`
 *   scope of the integration's resource.
 * - device code (Microsoft 365 Defender, Azure NSG, Graph API): an ID of `<client id>@<refresh
 *   token>` seeds the context; the refresh goes to `{login}/organizations` with `client_id`,
 *   `grant_type` and `refresh_token` only (no secret, no scope). The Entra stand-in has no
 *   `organizations` tenant of its own: give the tenant that alias (`withOrganizationsAlias`).
 * - certificate: an RS256 client assertion with `x5t` from the configured thumbprint, audience the
 *   token URL, issuer and subject the client ID (msal's JwtAssertionCreator), instead of the secret.
 * - Cortex XSOAR application (oproxy): its service cannot be reached from a test, so only the shape
 *   of ID, Token and Key is checked (what the module itself would fail on: base64 and AES key size).
 *
 * Which parameter carries what comes from src/core/catalog.ts (`params` per concept); the Entra
 * stand-in answers for every cloud's login host.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { INTEGRATIONS, type Integration, type ParamConcept } from '../../src/core/catalog.js';
import type { Cloud } from '../../src/core/authority.js';
import type { Flow } from '../../src/core/profile.js';

/** An instance's parameters by name, type-9 values resolved to `{identifier, password}`. */
export type InstanceParams = Record<string, unknown>;
export type IntegrationContext = Record<string, unknown>;

export interface TokenRequestRecord {
  url: string;
  /** The form fields as sent (secrets included; kept in memory only). */
  form: Record<string, string>;
  status: number;
}

export interface CommandRun {
  brand: string;
  /** `test-module` for the Test button, else the War Room command without `!`. */
  command: string;
  /** The command names the integration's definition lists (its test, auth-test, auth-reset, … commands). */
  commands: readonly string[];
  params: InstanceParams;
  /** Read and changed in place; the caller decides whether it is kept (commands) or dropped (Test button). */
  context: IntegrationContext;
  /** Base URL of the Entra stand-in, standing for every cloud's login host. */
  entraUrl: string | undefined;
  /** Each token request made, for the request log. */
  tokenRequests: TokenRequestRecord[];
  now?: () => number;
}

export interface CommandResult {
  ok: boolean;
  /** The readable output, or the error text of an error entry / failed test. */
  message: string;
}

/** MicrosoftApiModule TOKEN_EXPIRED_ERROR_CODES: errors after which it suggests `!<prefix>-auth-reset`. */
const TOKEN_EXPIRED_ERROR_CODES = new Set([50173, 700082, 70008, 54005, 7000222]);
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The module asks the Azure instance metadata service for a managed identity's token; it exists only on an Azure VM. */
const MANAGED_IDENTITIES_ERROR =
  'Error in Microsoft authorization with Azure Managed Identities: the instance metadata service (169.254.169.254) cannot be reached from here.';
/** Integrations whose authorization-code flow redeems at `{login}/organizations` instead of the tenant (catalog.ts notes it). */
const AUTH_CODE_AT_ORGANIZATIONS = new Set(['Microsoft Defender Advanced Threat Protection']);
const RESET_MESSAGE =
  'Authorization was reset successfully. Please regenerate the credentials, and then click **Test** to validate the credentials and connection.';

/**
 * The tenant with `organizations` among its domains, so the Entra stand-in answers the
 * `{login}/organizations/...` requests of device-code integrations (and Defender for Endpoint's
 * auth code) with that tenant's tokens, as Entra does for a work account's tokens.
 */
export function withOrganizationsAlias<T extends { domains: string[] }>(tenant: T): T {
  return { ...tenant, domains: [...tenant.domains, 'organizations'] };
}

/** The integration the catalog knows under this brand (YAML `commonfields.id`). */
export function catalogEntry(brand: string): Integration | undefined {
  return INTEGRATIONS.find((i) => i.xsoarId === brand);
}

/** The integration's own auth commands, found by name in its definition's command list. */
interface AuthCommands {
  test?: string;
  reset?: string;
  start?: string;
  complete?: string;
}
function authCommands(commands: readonly string[]): AuthCommands {
  const find = (re: RegExp): string | undefined => commands.find((c) => re.test(c));
  const found: AuthCommands = {};
  const test = find(/-test$/);
  const reset = find(/-auth-reset$/);
  const start = find(/-auth-start$/);
  const complete = find(/-auth-complete$/);
  if (test) found.test = test;
  if (reset) found.reset = reset;
  if (start) found.start = start;
  if (complete) found.complete = complete;
  return found;
}

/** CommonServerPython argToBoolean, for checkbox values stored as booleans or strings. */
function toBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && ['true', 'yes'].includes(value.trim().toLowerCase());
}

function reader(integration: Integration, params: InstanceParams): (concept: ParamConcept) => unknown {
  return (concept) => {
    const param = integration.params[concept];
    if (!param) return undefined;
    const value = params[param.name];
    if (param.credential) {
      if (value === null || typeof value !== 'object') return '';
      const half = (value as Record<string, unknown>)[param.credential];
      return typeof half === 'string' ? half : '';
    }
    return value;
  };
}
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

type Plan =
  | { kind: 'oproxy'; id: string; token: string; key: string }
  | {
      kind: 'self-deployed';
      flow: Flow;
      clientId: string;
      secret: string;
      certificate?: { thumbprint: string; privateKey: string };
      tenant: string;
      redirectUri: string;
      authCode: string;
      cloud: Cloud;
      /** Device-code integrations: the refresh token given after `@` in the ID. */
      seededRefreshToken?: string;
    };

/** The flow the integration's own code picks from its parameters (see each entry's source note in catalog.ts). */
function pickFlow(
  integration: Integration,
  read: (c: ParamConcept) => unknown,
  hasCredential: boolean,
  hasTenant: boolean,
): Flow | undefined {
  const authType = integration.params.authType;
  if (authType?.flowValues) {
    // The server filled an unset selector with its default; another option (Azure Managed Identities) has no flow here.
    const value = read('authType');
    const chosen = (Object.entries(authType.flowValues) as [Flow, string | boolean][]).find(([, wanted]) =>
      typeof wanted === 'boolean' ? toBool(value) === wanted : value === wanted,
    );
    return chosen?.[0];
  }
  const delegated = Boolean(text(read('authCode')) && text(read('redirectUri')));
  if (integration.flows.length === 1 && integration.flows[0] === 'auth-code') return 'auth-code';
  if (integration.flows.includes('device-code') && !(hasCredential && hasTenant)) return 'device-code';
  return delegated && integration.flows.includes('auth-code') ? 'auth-code' : 'client-credentials';
}

/** How the instance authenticates, or the error its `main()` raises for an incomplete configuration. */
function plan(integration: Integration, params: InstanceParams): Plan | string {
  const read = reader(integration, params);
  const id = text(read('id'));
  const token = text(read('token'));
  const key = text(read('key'));
  const thumbprint = text(read('certificateThumbprint'));
  // CommonServerPython replace_spaces_in_credential: a PEM pasted on one line gets its line breaks back.
  const privateKey = text(read('privateKey')).replace(/(-----[A-Z ]+-----)|\s+/g, (_m, armour: string | undefined) => armour ?? '\n');
  // get_azure_managed_identities_client_id: the checkbox, or the selector's Azure Managed Identities option.
  if (toBool(params['use_managed_identities']) || read('authType') === 'Azure Managed Identities') return MANAGED_IDENTITIES_ERROR;
  const onlySelfDeployed = !integration.methods.includes('xsoar-app');
  const selfDeployed = onlySelfDeployed || toBool(read('selfDeployed'));
  if (!selfDeployed) {
    if (!key)
      return 'Key must be provided. For further information see https://xsoar.pan.dev/docs/reference/articles/microsoft-integrations---authentication';
    return { kind: 'oproxy', id, token, key };
  }
  const hasCertificate = Boolean(thumbprint && privateKey);
  const flow = pickFlow(integration, read, Boolean(key) || hasCertificate, Boolean(token));
  if (!flow) return MANAGED_IDENTITIES_ERROR;
  const authCode = text(read('authCode'));
  const redirectUri = text(read('redirectUri'));
  if (flow !== 'device-code') {
    if (authCode && !redirectUri && integration.params.redirectUri) {
      return 'Please provide both Application redirect URI and Authorization code for Authorization Code flow, or None for the Client Credentials flow';
    }
    if (!key && !hasCertificate) return 'Key or Certificate Thumbprint and Private Key must be provided.';
  }
  let clientId = id;
  let seededRefreshToken: string | undefined;
  if (flow === 'device-code' && integration.idAcceptsRefreshToken && id.includes('@')) {
    const [appId = '', refresh = ''] = id.split('@');
    clientId = appId;
    seededRefreshToken = refresh;
  }
  const cloudParam = integration.params.cloud;
  const cloudValue = read('cloud');
  const cloud =
    (cloudParam?.cloudValues && (Object.entries(cloudParam.cloudValues).find(([, v]) => v === cloudValue)?.[0] as Cloud | undefined)) ||
    'worldwide';
  return {
    kind: 'self-deployed',
    flow,
    clientId,
    secret: key,
    ...(hasCertificate ? { certificate: { thumbprint, privateKey } } : {}),
    tenant: token,
    redirectUri,
    authCode,
    cloud,
    ...(seededRefreshToken !== undefined ? { seededRefreshToken } : {}),
  };
}

/** The oproxy path cannot be redeemed here: the checks its inputs would fail first (base64 Key of an AES size, an ID, a Token). */
function checkOproxyShape(p: { id: string; token: string; key: string }): string | undefined {
  if (!p.id || /\s/.test(p.id)) return 'Error in Microsoft authorization: the ID is empty or contains spaces.';
  if (!p.token || /\s/.test(p.token)) return 'Error in Microsoft authorization: the Token is empty or contains spaces.';
  const keyOk =
    /^[A-Za-z0-9+/]+={0,2}$/.test(p.key) && p.key.length % 4 === 0 && [16, 24, 32].includes(Buffer.from(p.key, 'base64').length);
  if (!keyOk) return 'Error in Microsoft authorization: Invalid key size. Please check authentication related parameters.';
  return undefined;
}

/** msal JwtAssertionCreator(private_key, 'RS256', thumbprint).create_normal_assertion(audience, issuer). */
function clientAssertion(cert: { thumbprint: string; privateKey: string }, audience: string, clientId: string, now: number): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const seconds = Math.floor(now / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: Buffer.from(cert.thumbprint.replace(/[^0-9a-f]/gi, ''), 'hex').toString('base64url') };
  const payload = { aud: audience, iss: clientId, sub: clientId, exp: seconds + 600, iat: seconds, nbf: seconds, jti: randomUUID() };
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(cert.privateKey)).toString('base64url')}`;
}

/** MicrosoftClient.extract_microsoft_error. */
function microsoftError(body: Record<string, unknown>, commandPrefix: string): string | undefined {
  const inner = body['error'];
  const codes = Array.isArray(body['error_codes']) ? body['error_codes'] : [''];
  const description = typeof body['error_description'] === 'string' ? body['error_description'] : '';
  let message: string;
  if (inner && typeof inner === 'object') {
    const o = inner as Record<string, unknown>;
    message = `${String(o['code'])}: ${String(o['message'])}`;
  } else {
    message = typeof inner === 'string' ? inner : '';
    const found = /^[^:]+:\s(.*?)(?:\s*Trace ID:| Correlation ID:| Timestamp:|$)/.exec(description);
    if (found) message += `. \n${found[1] ?? ''}`;
  }
  if (!message) return undefined;
  if (codes.every((c) => typeof c === 'number' && TOKEN_EXPIRED_ERROR_CODES.has(c))) {
    message += `\nYou can run the ***${commandPrefix}-auth-reset*** command to reset the authentication process.`;
  }
  return message;
}

class AuthError extends Error {}

async function tokenRequest(
  run: CommandRun,
  url: string,
  form: Record<string, string>,
  prefix: string,
): Promise<{ accessToken: string; expiresIn: number; refreshToken: string }> {
  const record: TokenRequestRecord = { url, form, status: 0 };
  run.tokenRequests.push(record);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  } catch (err) {
    throw new AuthError(`Error in Microsoft authorization: ${(err as Error).message}`);
  }
  record.status = response.status;
  const raw = await response.text();
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    /* not JSON: the text is the error */
  }
  if (response.status !== 200 && response.status !== 201) {
    const parsedError = body ? microsoftError(body, prefix) : undefined;
    throw new AuthError(`Error in Microsoft authorization. Status: ${response.status}, body: ${parsedError ?? raw}`);
  }
  if (!body) throw new AuthError(`Error in Microsoft authorization: the token response is not JSON: ${raw.slice(0, 200)}`);
  const expires = Number(body['expires_in'] ?? 3595);
  return {
    accessToken: typeof body['access_token'] === 'string' ? body['access_token'] : '',
    expiresIn: Number.isFinite(expires) ? expires : 3595,
    refreshToken: typeof body['refresh_token'] === 'string' ? body['refresh_token'] : '',
  };
}

/** MicrosoftClient.get_access_token for a self-deployed plan; returns the access token, updating the context. */
async function getAccessToken(run: CommandRun, integration: Integration, p: Extract<Plan, { kind: 'self-deployed' }>): Promise<string> {
  const now = run.now ?? Date.now;
  const ctx = run.context;
  if (p.seededRefreshToken !== undefined) ctx['current_refresh_token'] = p.seededRefreshToken;
  const epoch = Math.floor(now() / 1000);
  const cached = ctx['access_token'];
  const validUntil = ctx['valid_until'];
  if (typeof cached === 'string' && cached && typeof validUntil === 'number' && epoch < validUntil) return cached;
  if (!run.entraUrl) throw new AuthError('Error in Microsoft authorization: no Entra stand-in was given to the XSOAR stand-in (entraUrl).');
  const login = run.entraUrl.replace(/\/+$/, '');
  const contextRefresh = typeof ctx['current_refresh_token'] === 'string' ? ctx['current_refresh_token'] : '';
  const prefix = integration.commandPrefix;
  let result: { accessToken: string; expiresIn: number; refreshToken: string };

  if (p.flow === 'device-code') {
    // _get_token_device_code: no secret; its `scope` is get_access_token's argument, None here, which requests leaves out.
    const form: Record<string, string> = { client_id: p.clientId };
    if (contextRefresh) Object.assign(form, { grant_type: 'refresh_token', refresh_token: contextRefresh });
    else
      Object.assign(form, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        code: typeof ctx['device_code'] === 'string' ? ctx['device_code'] : '',
      });
    result = await tokenRequest(run, `${login}/organizations/oauth2/v2.0/token`, form, prefix);
  } else {
    const tokenUrl = `${login}/${p.flow === 'auth-code' && AUTH_CODE_AT_ORGANIZATIONS.has(integration.xsoarId) ? 'organizations' : p.tenant}/oauth2/v2.0/token`;
    const form: Record<string, string> = { client_id: p.clientId };
    if (p.certificate)
      Object.assign(form, {
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: clientAssertion(p.certificate, tokenUrl, p.clientId, now()),
      });
    else form['client_secret'] = p.secret;
    if (p.flow === 'auth-code') {
      form['redirect_uri'] = p.redirectUri;
      const refresh = contextRefresh || (p.authCode.startsWith('refresh_token:') ? p.authCode.slice('refresh_token:'.length) : '');
      if (refresh) Object.assign(form, { grant_type: 'refresh_token', refresh_token: refresh });
      else {
        if (p.authCode.includes('session_state')) {
          throw new AuthError(
            'Malformed auth_code parameter: Please copy the auth code from the redirected uri without any additional info and without the "session_state" query parameter.',
          );
        }
        Object.assign(form, { grant_type: 'authorization_code', code: p.authCode });
      }
    } else {
      form['grant_type'] = 'client_credentials';
      const scope = integration.scopes['client-credentials']?.[p.cloud] ?? integration.scopes['client-credentials']?.worldwide;
      if (scope?.length) form['scope'] = scope.join(' ');
    }
    result = await tokenRequest(run, tokenUrl, form, prefix);
  }
  const expiresIn = result.expiresIn - 5 > 0 ? result.expiresIn - 5 : result.expiresIn;
  Object.assign(ctx, {
    access_token: result.accessToken,
    valid_until: Math.floor(now() / 1000) + expiresIn,
    current_refresh_token: result.refreshToken,
  });
  return result.accessToken;
}

/** Why the Test button (test-module) refuses this configuration, in the integration's words; undefined when it runs. */
function testModuleRefusal(integration: Integration, commands: AuthCommands, flow: Flow): string | undefined {
  if (!commands.test) return undefined;
  const test = `!${commands.test}`;
  if (flow === 'auth-code') {
    return `When using a self-deployed configuration with authorization code and redirect uri, Please enable the integration and run the ${test} command in order to test it`;
  }
  if (flow === 'device-code') {
    return `This integration does not have a test module. Please run !${commands.start ?? `${integration.commandPrefix}-auth-start`} and !${commands.complete ?? `${integration.commandPrefix}-auth-complete`} and check the connection using ${test}`;
  }
  // Microsoft 365 Defender's test_module refuses client credentials too (its only test is its command).
  if (integration.xsoarId === 'Microsoft 365 Defender') {
    return `When using a self-deployed configuration, run the ${test} command in order to test the connection`;
  }
  return undefined;
}

/**
 * Runs `test-module` or a War Room command of a catalog integration. Commands other than the
 * test, auth-test and auth-reset ones answer an error saying the stand-in does not run them.
 */
export async function runCommand(run: CommandRun): Promise<CommandResult> {
  const integration = catalogEntry(run.brand);
  if (!integration) return { ok: false, message: `The XSOAR stand-in does not emulate the integration ${run.brand}.` };
  const isTestModule = run.command === 'test-module';
  const commands = authCommands(run.commands);
  if (run.command === commands.reset) {
    for (const key of Object.keys(run.context)) delete run.context[key];
    return { ok: true, message: RESET_MESSAGE };
  }
  if (!isTestModule && run.command !== commands.test) {
    const runs = [commands.test, commands.reset]
      .filter(Boolean)
      .map((c) => `!${c}`)
      .join(' and ');
    return { ok: false, message: `The XSOAR stand-in runs only ${runs} of ${run.brand}, not !${run.command}.` };
  }
  const p = plan(integration, run.params);
  if (typeof p === 'string') return { ok: false, message: p };
  if (p.kind === 'oproxy') {
    const problem = checkOproxyShape(p);
    if (problem) return { ok: false, message: problem };
    return {
      ok: true,
      message: isTestModule
        ? 'ok'
        : '✅ Success! (XSOAR stand-in: the Cortex XSOAR application was not contacted; ID, Token and Key have the right shape.)',
    };
  }
  if (isTestModule) {
    const refusal = testModuleRefusal(integration, commands, p.flow);
    if (refusal) return { ok: false, message: refusal };
  }
  try {
    await getAccessToken(run, integration, p);
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, message: err.message };
    throw err;
  }
  return { ok: true, message: isTestModule ? 'ok' : '✅ Success!' };
}
