/**
 * A stand-in for Microsoft Entra ID's v2.0 endpoints, for tests: a real OAuth server
 * (oidc-provider 9, one instance per tenant) on 127.0.0.1 behind a small front server that
 * gives it Entra's paths, tenant aliases, error shapes and redirect shape.
 *
 * - `GET  /{tenant}/oauth2/v2.0/authorize`, `POST /{tenant}/oauth2/v2.0/token`,
 *   `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /{tenant}/discovery/v2.0/keys`;
 *   `{tenant}` is the GUID or one of its domains; the issuer is always `{url}/{guid}/v2.0`.
 * - Codes, PKCE, sessions, consent and tokens are oidc-provider's own; the front server only
 *   rewrites the edges (see standin-hooks.ts).
 * Entra reference: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { entraErrorBody, entraErrorPage, tenantNotFound, type EntraError } from './standin-errors.js';
import { createTenantProvider, MapStore, OIDC_SCOPES } from './standin-provider.js';
import { installProviderHooks, prepareAuthorizeQuery, readBody, requestInfo, tokenEventFor, type StandinState } from './standin-hooks.js';

export { newCookieJar, signInOverHttp, type CookieJar } from './standin-browser.js';

export interface StandinClient { clientId: string; clientSecret: string; redirectUris: string[]; secretExpired?: boolean }
export interface StandinTenant { id: string /* GUID */; domains: string[] }
export interface StandinOptions { tenants?: StandinTenant[]; clients?: StandinClient[]; codeTtlSeconds?: number }
export interface TokenEvent {
  kind: 'token';
  grantType: string;
  clientId?: string;
  /** The tenant as written in the request path (GUID or domain). */
  tenant: string;
  /** The tenant's GUID, when the path named a known tenant. */
  tenantId?: string;
  hasCodeVerifier: boolean;
  hasClientSecret: boolean;
  redirectUri?: string;
  ok: boolean;
  error?: string;
  aadsts?: number;
}
export interface AuthorizeEvent {
  kind: 'authorize';
  /** The tenant as written in the request path (GUID or domain). */
  tenant: string;
  tenantId?: string;
  /** Query of the initial authorize request, as sent. */
  params: Record<string, string>;
}
export type FailAnswer = { status: number; aadsts: number; error: string; message: string } | 'hang' | 'non-json' | { status: number; rawBody: string };

/** Server metadata in the shape openid-client's `Configuration` takes (no discovery needed). */
// A type alias (not an interface) so it is assignable to openid-client's index-signature ServerMetadata.
export type StandinServerMetadata = { issuer: string; authorization_endpoint: string; token_endpoint: string; jwks_uri: string };

export interface Standin {
  /** `http://127.0.0.1:PORT`: the CLI's --authority-host. */
  url: string;
  /** The first (default) tenant. */
  tenant: StandinTenant;
  /** The first (default) client. */
  client: StandinClient;
  tenants: StandinTenant[];
  clients: StandinClient[];
  events: Array<TokenEvent | AuthorizeEvent>;
  /** Next token-endpoint request gets this answer instead (Entra-shaped JSON error, 'hang' = never answer, 'non-json' = HTTP 200 HTML page, or a raw body). */
  failNextToken(answer: FailAnswer): void;
  /** Every refresh token issued so far becomes invalid: refresh_token grants get AADSTS700082 (invalid_grant). */
  revokeRefreshTokens(): void;
  /** `{url}/{guid}/v2.0` for the default tenant or the given GUID/domain. */
  issuer(tenant?: string): string;
  /** Endpoints for openid-client, paths under the given tenant text (default: the default tenant's GUID). */
  serverMetadata(tenant?: string): StandinServerMetadata;
  close(): Promise<void>;
}

export const DEMO_TENANT: StandinTenant = { id: 'a1b2c3d4-0000-4000-8000-00000000000a', domains: ['contoso.onmicrosoft.com'] };

/** A confidential client; the secret has Entra's shape (3 chars, a digit, `Q~`, 34 chars). */
export const DEMO_CLIENT: StandinClient = {
  clientId: '5f0c7e1a-3b2d-4c8e-9a61-2d4b8e7f1c30',
  clientSecret: 'Dm08Q~k3N.vR7_tLp2Wq9-ZxYb4HcJ6sFg1MdE0a',
  redirectUris: ['https://localhost/myapp', 'http://localhost:8400/callback', 'http://127.0.0.1:8400/callback'],
};

const NOISE = /^(?:\x1b\[[\d;]*m)?oidc-provider (?:WARNING|NOTICE):/;
const FILTERED = Symbol.for('entra-standin.console-filtered');

/** oidc-provider prints once-per-process notices (Node 20, devInteractions, defaults) through console: drop just those. */
function silenceOidcProviderNotices(): void {
  const target = console as Console & { [FILTERED]?: boolean };
  if (target[FILTERED]) return;
  target[FILTERED] = true;
  for (const method of ['warn', 'info', 'log'] as const) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && NOISE.test(args[0])) return;
      original(...args);
    };
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', pragma: 'no-cache' });
  res.end(body);
}

export async function startEntraStandin(opts: StandinOptions = {}): Promise<Standin> {
  silenceOidcProviderNotices();
  const tenants = opts.tenants ?? [DEMO_TENANT];
  const clients = opts.clients ?? [DEMO_CLIENT];
  const [firstTenant] = tenants;
  const [firstClient] = clients;
  if (!firstTenant || !firstClient) throw new Error('startEntraStandin: at least one tenant and one client are needed');

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const state: StandinState = {
    url,
    events: [],
    knownScopes: new Set(),
    issuedCodes: new Map(),
    issuedRefreshTokens: new Set(),
    revokedRefreshTokens: new Set(),
  };
  const byName = new Map<string, { tenant: StandinTenant; store: MapStore; handle: (req: IncomingMessage, res: ServerResponse) => void }>();
  for (const tenant of tenants) {
    const store = new MapStore();
    const provider = await createTenantProvider({
      id: tenant.id,
      issuer: `${url}/${tenant.id}/v2.0`,
      clients,
      codeTtlSeconds: opts.codeTtlSeconds ?? 600,
      knownScopes: state.knownScopes,
      tenantLabel: (ctx) => requestInfo.get(ctx.req)?.tenantSegment ?? tenant.id,
    }, store);
    installProviderHooks(provider, state, tenant.id);
    const entry = { tenant, store, handle: provider.callback() };
    for (const name of [tenant.id, ...tenant.domains]) byName.set(name.toLowerCase(), entry);
  }

  let pendingFailure: FailAnswer | undefined;
  const hanging = new Set<ServerResponse>();

  function answerFailure(answer: FailAnswer, res: ServerResponse, event: TokenEvent): void {
    if (answer === 'hang') {
      event.error = 'hang';
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (answer === 'non-json') {
      event.error = 'non-json';
      send(res, 200, 'text/html; charset=utf-8', '<!DOCTYPE html><html><body><h1>Access to this site is blocked by your network</h1></body></html>');
      return;
    }
    if ('rawBody' in answer) {
      let parsed: { error?: unknown; error_codes?: unknown } | undefined;
      try { parsed = JSON.parse(answer.rawBody) as typeof parsed; } catch { parsed = undefined; }
      event.ok = answer.status === 200 && parsed !== undefined && parsed.error === undefined;
      event.error = typeof parsed?.error === 'string' ? parsed.error : event.ok ? undefined : 'raw';
      const code = Array.isArray(parsed?.error_codes) ? parsed.error_codes[0] : undefined;
      if (typeof code === 'number') event.aadsts = code;
      send(res, answer.status, parsed ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', answer.rawBody);
      return;
    }
    sendEntraJson(res, answer, event);
  }

  function sendEntraJson(res: ServerResponse, err: EntraError, event?: TokenEvent): void {
    if (event) Object.assign(event, { ok: false, error: err.error, aadsts: err.aadsts });
    send(res, err.status, 'application/json; charset=utf-8', JSON.stringify(entraErrorBody(err, url)));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const [, first = '', ...restSegments] = u.pathname.split('/');
    const segment = decodeURIComponent(first);
    const rest = `/${restSegments.join('/')}`;
    const entry = byName.get(segment.toLowerCase());
    const isToken = rest === '/oauth2/v2.0/token' && req.method === 'POST';
    const isAuthorize = rest === '/oauth2/v2.0/authorize' && req.method === 'GET';

    let body: Buffer | undefined;
    let event: TokenEvent | undefined;
    if (isToken) {
      body = await readBody(req);
      const params = new URLSearchParams(req.headers['content-type']?.includes('application/x-www-form-urlencoded') ? body.toString('utf8') : '');
      event = tokenEventFor(params, req.headers.authorization, segment, entry?.tenant.id);
      state.events.push(event);
      if (pendingFailure) {
        const answer = pendingFailure;
        pendingFailure = undefined;
        answerFailure(answer, res, event);
        return;
      }
      if (!entry) return sendEntraJson(res, { status: 400, error: 'invalid_request', aadsts: 90002, message: tenantNotFound(segment) }, event);
      // Entra's rule for client credentials: a scope, and only `<resource>/.default` scopes.
      if (params.get('grant_type') === 'client_credentials') {
        const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
        if (!scopes.length) return sendEntraJson(res, { status: 400, error: 'invalid_request', aadsts: 900144, message: "The request body must contain the following parameter: 'scope'." }, event);
        const bad = scopes.find((s) => !s.endsWith('/.default'));
        if (bad) {
          return sendEntraJson(res, {
            status: 400, error: 'invalid_scope', aadsts: 1002012,
            message: `The provided value for scope ${bad} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
          }, event);
        }
      }
      for (const s of (params.get('scope') ?? '').split(' ')) if (s && !OIDC_SCOPES.has(s.toLowerCase())) state.knownScopes.add(s);
      requestInfo.set(req, { tenantSegment: segment, params, event });
    }

    if (!entry) {
      if (isAuthorize) {
        state.events.push({ kind: 'authorize', tenant: segment, params: Object.fromEntries(u.searchParams) });
        return send(res, 400, 'text/html; charset=utf-8', entraErrorPage(90002, tenantNotFound(segment)));
      }
      if (segment && /^\/(oauth2|v2\.0|discovery)\//.test(rest)) {
        return sendEntraJson(res, { status: 400, error: 'invalid_tenant', aadsts: 90002, message: tenantNotFound(segment) });
      }
      return send(res, 404, 'text/plain; charset=utf-8', 'Not Found');
    }

    if (isAuthorize) {
      state.events.push({ kind: 'authorize', tenant: segment, tenantId: entry.tenant.id, params: Object.fromEntries(u.searchParams) });
      prepareAuthorizeQuery(u.searchParams, state.knownScopes);
    }
    if (!requestInfo.has(req)) requestInfo.set(req, { tenantSegment: segment });

    const providerPath = rest === '/v2.0/.well-known/openid-configuration' ? '/.well-known/openid-configuration' : rest;
    const search = u.searchParams.toString();
    req.url = `${providerPath}${search ? `?${search}` : ''}`;
    // oidc-provider derives its mount path from originalUrl minus url: mount every tenant at /{guid}.
    Object.assign(req, { originalUrl: `/${entry.tenant.id}${req.url}` });
    // The token body was read here; oidc-provider then takes it from req.body.
    if (body) Object.assign(req, { body });
    entry.handle(req, res);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `entra stand-in: ${String(err)}`);
      else res.destroy();
    });
  });

  const metadata = (tenant?: string): StandinServerMetadata => {
    const entry = tenant === undefined ? byName.get(firstTenant.id.toLowerCase()) : byName.get(tenant.toLowerCase());
    const path = tenant ?? firstTenant.id;
    return {
      issuer: `${url}/${(entry?.tenant ?? firstTenant).id}/v2.0`,
      authorization_endpoint: `${url}/${path}/oauth2/v2.0/authorize`,
      token_endpoint: `${url}/${path}/oauth2/v2.0/token`,
      jwks_uri: `${url}/${path}/discovery/v2.0/keys`,
    };
  };

  return {
    url,
    tenant: firstTenant,
    client: firstClient,
    tenants,
    clients,
    events: state.events,
    failNextToken(answer) {
      pendingFailure = answer;
    },
    revokeRefreshTokens() {
      for (const entry of new Set(byName.values())) for (const value of entry.store.dropRefreshTokens()) state.revokedRefreshTokens.add(value);
      for (const value of state.issuedRefreshTokens) state.revokedRefreshTokens.add(value);
    },
    issuer: (tenant) => metadata(tenant).issuer,
    serverMetadata: metadata,
    async close() {
      for (const res of hanging) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
