/**
 * The edges the stand-in rewrites around oidc-provider so that it looks like Entra ID:
 * the authorize query on the way in, the authorization response redirect (and the admin
 * consent redirect), the token and device-code endpoints' responses, the discovery document
 * on the way out, and the sign-in and consent pages (standin-pages.ts instead of
 * oidc-provider's dev pages).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { InteractionDetails, KoaContext, OIDCProviderError, Provider } from 'oidc-provider';
import type { AdminConsentEvent, DeviceCodeEvent, StandinEvent, TokenEvent } from './entra-standin.js';
import { entraDescription, entraErrorBody, mapAuthorizeRedirectError, mapTokenError } from './standin-errors.js';
import { adminConsentPage, consentPage, signInPage, stripExternalFonts } from './standin-pages.js';
import { ADMIN_CONSENT_PARAM, guidFrom, IMPLIED_CONSENT_PARAM, OIDC_SCOPES } from './standin-provider.js';

export interface StandinState {
  url: string;
  events: StandinEvent[];
  knownScopes: Set<string>;
  /** Every code handed out on a redirect, with the GUID of the tenant that issued it. */
  issuedCodes: Map<string, string>;
  issuedRefreshTokens: Set<string>;
  revokedRefreshTokens: Set<string>;
  /** `{tenant GUID}:{client id}` for every admin consent given. */
  adminConsents: Set<string>;
  deviceIntervalSeconds: number;
  /** Pad issued refresh tokens to this length (see StandinOptions). */
  refreshTokenLength?: number | undefined;
  /** Display name of a client (its client id when it has none). */
  clientName(clientId: string): string;
}

/** What the front server learned about a request before handing it to oidc-provider. */
export interface RequestInfo {
  tenantSegment: string;
  params?: URLSearchParams;
  event?: TokenEvent;
  deviceEvent?: DeviceCodeEvent;
}
export const requestInfo = new WeakMap<IncomingMessage, RequestInfo>();

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve());
    req.on('error', reject);
  });
  return Buffer.concat(chunks);
}

/** A token request as recorded for tests: who, which grant, whether a verifier and a secret came (never their values). */
export function tokenEventFor(
  params: URLSearchParams,
  authorization: string | undefined,
  tenant: string,
  tenantId: string | undefined,
): TokenEvent {
  let clientId = params.get('client_id') ?? undefined;
  let basicSecret = false;
  const basic = /^basic (.+)$/i.exec(authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      clientId ??= decodeURIComponent(decoded.slice(0, i));
      basicSecret = i < decoded.length - 1;
    }
  }
  const event: TokenEvent = {
    kind: 'token',
    grantType: params.get('grant_type') ?? '',
    tenant,
    hasCodeVerifier: Boolean(params.get('code_verifier')),
    hasClientSecret: Boolean(params.get('client_secret')) || basicSecret,
    ok: false,
  };
  if (clientId !== undefined) event.clientId = clientId;
  if (tenantId !== undefined) event.tenantId = tenantId;
  const redirectUri = params.get('redirect_uri');
  if (redirectUri !== null) event.redirectUri = redirectUri;
  return event;
}

/**
 * Adapts an Entra authorize query for oidc-provider, in place:
 * - OIDC scope names are lower-cased (Entra's scopes are case-insensitive); resource scopes are registered;
 * - `prompt=select_account` (Entra-only) is dropped;
 * - with `offline_access`, `prompt=consent` is added (oidc-provider drops offline_access without it)
 *   together with a marker that stops it from forcing the consent page.
 */
export function prepareAuthorizeQuery(q: URLSearchParams, knownScopes: Set<string>): void {
  q.delete(IMPLIED_CONSENT_PARAM);
  q.delete(ADMIN_CONSENT_PARAM);
  const scope = q.get('scope');
  const scopes = (scope ?? '')
    .split(' ')
    .filter(Boolean)
    .map((s) => (OIDC_SCOPES.has(s.toLowerCase()) ? s.toLowerCase() : s));
  if (scope !== null) q.set('scope', scopes.join(' '));
  for (const s of scopes) if (!OIDC_SCOPES.has(s)) knownScopes.add(s);
  const prompts = (q.get('prompt') ?? '').split(' ').filter((p) => p && p !== 'select_account');
  if (scopes.includes('offline_access') && !prompts.includes('none') && !prompts.includes('consent')) {
    prompts.push('consent');
    q.set(IMPLIED_CONSENT_PARAM, '1');
  }
  if (prompts.length) q.set('prompt', prompts.join(' '));
  else q.delete('prompt');
}

/** A token lengthened with characters derived from it, so two padded tokens still differ. */
function padToken(token: string, length: number): string {
  let padded = `${token}.`;
  while (padded.length < length) padded += createHash('sha512').update(padded).digest('base64url');
  return padded.slice(0, Math.max(length, token.length));
}

function finishToken(ctx: KoaContext, state: StandinState, tenantId: string): void {
  const info = requestInfo.get(ctx.req);
  const params = info?.params ?? new URLSearchParams();
  const event = info?.event;
  const out = ctx.body as Record<string, unknown> | undefined;
  if (ctx.status === 200 && out && typeof out === 'object' && typeof out['access_token'] === 'string') {
    // Echo: the resource scopes oidc-provider granted, then the OIDC scopes asked for (offline_access never, as Entra).
    const source = ctx.oidc?.entities['AuthorizationCode'] ?? ctx.oidc?.entities['RefreshToken'] ?? ctx.oidc?.entities['DeviceCode'];
    const granted = typeof out['scope'] === 'string' ? out['scope'].split(' ').filter(Boolean) : [];
    const oidc = source ? [...source.scopes].filter((s) => OIDC_SCOPES.has(s) && s !== 'offline_access') : [];
    const scope = [...new Set([...granted, ...oidc])].join(' ');
    if (typeof out['refresh_token'] === 'string' && state.refreshTokenLength)
      out['refresh_token'] = padToken(out['refresh_token'], state.refreshTokenLength);
    if (typeof out['refresh_token'] === 'string') state.issuedRefreshTokens.add(out['refresh_token']);
    // Entra's field order.
    ctx.body = Object.fromEntries(
      Object.entries({
        token_type: out['token_type'],
        scope,
        expires_in: out['expires_in'],
        ext_expires_in: out['expires_in'],
        access_token: out['access_token'],
        refresh_token: out['refresh_token'],
        id_token: out['id_token'],
      }).filter(([, v]) => v !== undefined),
    );
    if (event) event.ok = true;
    return;
  }
  const fallback = out && typeof out === 'object' && typeof out['error'] === 'string' ? { error: out['error'] } : { error: 'server_error' };
  const err = (ctx.state['standinError'] as OIDCProviderError | undefined) ?? Object.assign(new Error('token error'), fallback);
  const refreshToken = params.get('refresh_token');
  const code = params.get('code');
  const mapped = mapTokenError(err, {
    tenant: info?.tenantSegment ?? '',
    params,
    clientId: event?.clientId,
    hasClientSecret: event?.hasClientSecret ?? false,
    refreshTokenRevoked: refreshToken !== null && state.revokedRefreshTokens.has(refreshToken),
    codeIssuedBy: code === null ? undefined : state.issuedCodes.get(code),
    tenantId,
  });
  ctx.status = mapped.status;
  ctx.body = entraErrorBody(mapped, state.url);
  ctx.remove('WWW-Authenticate');
  if (event) Object.assign(event, { ok: false, error: mapped.error, aadsts: mapped.aadsts });
}

/** The admin consent event still waiting for its outcome, for this tenant and client. */
function pendingAdminConsent(state: StandinState, tenantId: string, clientId: string): AdminConsentEvent | undefined {
  for (let i = state.events.length - 1; i >= 0; i -= 1) {
    const e = state.events[i];
    if (e?.kind === 'admin-consent' && e.tenantId === tenantId && e.clientId === clientId && e.outcome === undefined) return e;
  }
  return undefined;
}

/**
 * Entra's admin consent response: `?admin_consent=True&tenant=<GUID>&scope=<scope>&state=<state>`,
 * or `?error=access_denied&error_description=AADSTS65004…&state=<state>` when declined.
 */
function finishAdminConsent(
  ctx: KoaContext,
  state: StandinState,
  tenantId: string,
  target: URL,
  params: URLSearchParams,
  scope: string,
): void {
  const clientId = ctx.oidc?.client?.clientId ?? '';
  const event = pendingAdminConsent(state, tenantId, clientId);
  const out = new URLSearchParams();
  const error = params.get('error');
  if (error) {
    const mapped = mapAuthorizeRedirectError(error, clientId);
    out.set('error', mapped.error);
    out.set('error_description', entraDescription(mapped.aadsts, mapped.message).description);
    if (event) Object.assign(event, { outcome: 'declined', error: mapped.error, aadsts: mapped.aadsts });
  } else {
    out.set('admin_consent', 'True');
    out.set('tenant', tenantId);
    out.set('scope', scope);
    state.adminConsents.add(`${tenantId}:${clientId}`);
    if (event) event.outcome = 'accepted';
  }
  const st = params.get('state');
  if (st !== null) out.set('state', st);
  target.hash = '';
  target.search = out.toString();
  ctx.set('Location', target.href);
}

/** An admin consent that oidc-provider refused with an error page (unknown client, bad redirect_uri): its event gets the AADSTS code. */
function markAdminConsentError(ctx: KoaContext, state: StandinState, tenantId: string): void {
  const query = new URLSearchParams(ctx.req.url?.split('?')[1] ?? '');
  if (!query.get(ADMIN_CONSENT_PARAM)) return;
  const event = pendingAdminConsent(state, tenantId, query.get('client_id') ?? '');
  const aadsts = typeof ctx.body === 'string' ? /AADSTS(\d+):/.exec(ctx.body)?.[1] : undefined;
  if (event) Object.assign(event, { outcome: 'error', ...(aadsts ? { aadsts: Number(aadsts) } : {}) });
}

/** Entra's authorization response: no RFC 9207 `iss`, a `session_state` with a code, AADSTS text in errors. */
function finishAuthorize(ctx: KoaContext, state: StandinState, tenantId: string): void {
  if (ctx.status !== 302 && ctx.status !== 303) return;
  const location = ctx.response.get('location');
  const redirectUri = ctx.oidc?.params?.['redirect_uri'];
  if (!location || typeof redirectUri !== 'string' || !location.startsWith(redirectUri)) return;
  const target = new URL(location);
  const inFragment = target.hash.length > 1;
  const params = new URLSearchParams(inFragment ? target.hash.slice(1) : target.search);
  params.delete('iss');
  const adminScope = ctx.oidc?.params?.[ADMIN_CONSENT_PARAM];
  if (typeof adminScope === 'string' && adminScope) return finishAdminConsent(ctx, state, tenantId, target, params, adminScope);
  const error = params.get('error');
  const code = params.get('code');
  if (error) {
    const mapped = mapAuthorizeRedirectError(error, ctx.oidc?.client?.clientId ?? '');
    params.set('error', mapped.error);
    params.set('error_description', entraDescription(mapped.aadsts, mapped.message).description);
  } else if (code) {
    state.issuedCodes.set(code, tenantId);
    params.set('session_state', guidFrom(`session_state:${ctx.oidc?.session?.uid ?? code}`));
  }
  if (inFragment) target.hash = params.toString();
  else target.search = params.toString();
  ctx.set('Location', target.href);
}

function finishDiscovery(ctx: KoaContext): void {
  const doc = ctx.body as Record<string, unknown> | undefined;
  if (!doc || typeof doc !== 'object') return;
  // Entra does not send `iss` on authorization responses, so it must not advertise it.
  delete doc['authorization_response_iss_parameter_supported'];
  Object.assign(doc, {
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  });
}

/** Entra's device authorization response: `verification_uri` is the tenant-independent `{url}/devicelogin`, plus `interval` and `message`. */
function finishDeviceAuthorization(ctx: KoaContext, state: StandinState): void {
  const info = requestInfo.get(ctx.req);
  const event = info?.deviceEvent;
  const out = ctx.body as Record<string, unknown> | undefined;
  if (ctx.status === 200 && out && typeof out === 'object' && typeof out['user_code'] === 'string') {
    const verificationUri = `${state.url}/devicelogin`;
    const userCode = out['user_code'];
    ctx.body = {
      user_code: userCode,
      device_code: out['device_code'],
      verification_uri: verificationUri,
      expires_in: out['expires_in'],
      interval: state.deviceIntervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    };
    if (event) Object.assign(event, { ok: true, userCode });
    return;
  }
  const fallback = out && typeof out === 'object' && typeof out['error'] === 'string' ? { error: out['error'] } : { error: 'server_error' };
  const err =
    (ctx.state['standinError'] as OIDCProviderError | undefined) ?? Object.assign(new Error('device authorization error'), fallback);
  const params = info?.params ?? new URLSearchParams();
  const mapped = mapTokenError(err, {
    tenant: info?.tenantSegment ?? '',
    params,
    clientId: params.get('client_id') ?? undefined,
    hasClientSecret: true,
    refreshTokenRevoked: false,
    codeIssuedBy: undefined,
    tenantId: '',
  });
  ctx.status = mapped.status;
  ctx.body = entraErrorBody(mapped, state.url);
  ctx.remove('WWW-Authenticate');
  if (event) Object.assign(event, { ok: false, error: mapped.error, aadsts: mapped.aadsts });
}

/** The sign-in, consent and admin consent pages (in place of oidc-provider's dev pages, which load a web font). */
async function renderInteraction(
  provider: Provider,
  ctx: KoaContext,
  state: StandinState,
  tenantId: string,
  uid: string,
): Promise<boolean> {
  let details: InteractionDetails;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch {
    return false; // No interaction (expired, no cookie): oidc-provider renders its error page.
  }
  if (details.uid !== uid) return false;
  const action = `/${tenantId}/interaction/${encodeURIComponent(uid)}`;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const clientName = state.clientName(str(details.params['client_id']) ?? '');
  const scope = str(details.params['scope']) ?? '';
  let html: string;
  if (details.prompt.name === 'login') {
    const loginHint = str(details.params['login_hint']);
    html = signInPage({ action, clientName, ...(loginHint ? { loginHint } : {}) });
  } else if (details.prompt.name === 'consent') {
    const adminScope = str(details.params[ADMIN_CONSENT_PARAM]);
    const account = details.session?.accountId;
    const common = { action, abortHref: `${action}/abort`, clientName, ...(account ? { account } : {}) };
    if (adminScope) {
      html = adminConsentPage({ ...common, tenant: tenantId, scopes: adminScope.split(' ').filter(Boolean) });
    } else {
      const { missingOIDCScope = [], missingResourceScopes = {} } = details.prompt.details;
      let scopes = [
        ...missingOIDCScope.filter((s) => s !== 'openid' && s !== 'offline_access'),
        ...Object.values(missingResourceScopes).flat(),
      ];
      if (!scopes.length) scopes = scope.split(' ').filter((s) => s && !OIDC_SCOPES.has(s));
      html = consentPage({ ...common, scopes: [...new Set(scopes)], offline: scope.split(' ').includes('offline_access') });
    }
  } else {
    return false;
  }
  ctx.set('cache-control', 'no-store');
  ctx.type = 'html';
  ctx.body = html;
  return true;
}

export function installProviderHooks(provider: Provider, state: StandinState, tenantId: string): void {
  const remember = (ctx: KoaContext, err: OIDCProviderError): void => {
    ctx.state['standinError'] = err;
  };
  provider.on('grant.error', remember);
  provider.on('device_authorization.error', remember);
  provider.on('server_error', remember);
  provider.use(async (ctx, next) => {
    const interaction = ctx.method === 'GET' ? /^\/interaction\/([^/]+)$/.exec(ctx.path) : null;
    if (interaction?.[1] && (await renderInteraction(provider, ctx, state, tenantId, decodeURIComponent(interaction[1])))) return;
    await next();
    // A safety net: whatever oidc-provider page is still its own must not load a web font either.
    if (typeof ctx.body === 'string' && ctx.body.includes('fonts.googleapis.com')) ctx.body = stripExternalFonts(ctx.body);
    switch (ctx.oidc?.route) {
      case 'token':
        return finishToken(ctx, state, tenantId);
      case 'device_authorization':
        return finishDeviceAuthorization(ctx, state);
      case 'authorization':
        if (ctx.status >= 400) return markAdminConsentError(ctx, state, tenantId);
        return finishAuthorize(ctx, state, tenantId);
      case 'resume':
        return finishAuthorize(ctx, state, tenantId);
      case 'discovery':
        return finishDiscovery(ctx);
      default:
    }
  });
}
