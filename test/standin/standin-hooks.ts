/**
 * The edges the stand-in rewrites around oidc-provider so that it looks like Entra ID:
 * the authorize query on the way in, the authorization response redirect, the token
 * endpoint's responses and the discovery document on the way out.
 */
import type { IncomingMessage } from 'node:http';
import type { KoaContext, OIDCProviderError, Provider } from 'oidc-provider';
import type { AuthorizeEvent, TokenEvent } from './entra-standin.js';
import { entraDescription, entraErrorBody, mapAuthorizeRedirectError, mapTokenError } from './standin-errors.js';
import { guidFrom, IMPLIED_CONSENT_PARAM, OIDC_SCOPES } from './standin-provider.js';

export interface StandinState {
  url: string;
  events: Array<TokenEvent | AuthorizeEvent>;
  knownScopes: Set<string>;
  /** Every code handed out on a redirect, with the GUID of the tenant that issued it. */
  issuedCodes: Map<string, string>;
  issuedRefreshTokens: Set<string>;
  revokedRefreshTokens: Set<string>;
}

/** What the front server learned about a request before handing it to oidc-provider. */
export interface RequestInfo {
  tenantSegment: string;
  params?: URLSearchParams;
  event?: TokenEvent;
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
export function tokenEventFor(params: URLSearchParams, authorization: string | undefined, tenant: string, tenantId: string | undefined): TokenEvent {
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
  const scope = q.get('scope');
  const scopes = (scope ?? '').split(' ').filter(Boolean).map((s) => (OIDC_SCOPES.has(s.toLowerCase()) ? s.toLowerCase() : s));
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

function finishToken(ctx: KoaContext, state: StandinState, tenantId: string): void {
  const info = requestInfo.get(ctx.req);
  const params = info?.params ?? new URLSearchParams();
  const event = info?.event;
  const out = ctx.body as Record<string, unknown> | undefined;
  if (ctx.status === 200 && out && typeof out === 'object' && typeof out['access_token'] === 'string') {
    // Echo: the resource scopes oidc-provider granted, then the OIDC scopes asked for (offline_access never, as Entra).
    const source = ctx.oidc?.entities['AuthorizationCode'] ?? ctx.oidc?.entities['RefreshToken'];
    const granted = typeof out['scope'] === 'string' ? out['scope'].split(' ').filter(Boolean) : [];
    const oidc = source ? [...source.scopes].filter((s) => OIDC_SCOPES.has(s) && s !== 'offline_access') : [];
    const scope = [...new Set([...granted, ...oidc])].join(' ');
    if (typeof out['refresh_token'] === 'string') state.issuedRefreshTokens.add(out['refresh_token']);
    // Entra's field order.
    ctx.body = Object.fromEntries(Object.entries({
      token_type: out['token_type'],
      scope,
      expires_in: out['expires_in'],
      ext_expires_in: out['expires_in'],
      access_token: out['access_token'],
      refresh_token: out['refresh_token'],
      id_token: out['id_token'],
    }).filter(([, v]) => v !== undefined));
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
  Object.assign(doc, { tenant_region_scope: 'NA', cloud_instance_name: 'microsoftonline.com', cloud_graph_host_name: 'graph.windows.net', msgraph_host: 'graph.microsoft.com' });
}

export function installProviderHooks(provider: Provider, state: StandinState, tenantId: string): void {
  const remember = (ctx: KoaContext, err: OIDCProviderError): void => {
    ctx.state['standinError'] = err;
  };
  provider.on('grant.error', remember);
  provider.on('server_error', remember);
  provider.use(async (ctx, next) => {
    await next();
    switch (ctx.oidc?.route) {
      case 'token':
        return finishToken(ctx, state, tenantId);
      case 'authorization':
      case 'resume':
        return finishAuthorize(ctx, state, tenantId);
      case 'discovery':
        return finishDiscovery(ctx);
      default:
    }
  });
}
