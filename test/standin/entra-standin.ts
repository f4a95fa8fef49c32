/**
 * A stand-in for Microsoft Entra ID's v2.0 endpoints, for tests: a real OAuth server
 * (oidc-provider 9, one instance per tenant) on 127.0.0.1 behind a small front server that
 * gives it Entra's paths, tenant aliases, error shapes and redirect shape.
 *
 * - `GET  /{tenant}/oauth2/v2.0/authorize`, `POST /{tenant}/oauth2/v2.0/token`,
 *   `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /{tenant}/discovery/v2.0/keys`;
 *   `{tenant}` is the GUID or one of its domains; the issuer is always `{url}/{guid}/v2.0`.
 * - Device code flow: `POST /{tenant}/oauth2/v2.0/devicecode`, the user's pages at
 *   `{url}/devicelogin` (like microsoft.com/devicelogin), polling at the token endpoint.
 * - Admin consent: `GET /{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri&state`.
 * - Client credentials carry `roles` (the client's appRoles); certificate credentials
 *   (`client_assertion`, checked here, see standin-certs.ts) work at the token endpoint.
 * - Codes, PKCE, sessions, consent, device codes and tokens are oidc-provider's own; the
 *   front server only rewrites the edges (see standin-hooks.ts).
 * Entra reference: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { CLIENT_ASSERTION_TYPE, verifyClientAssertion } from './standin-certs.js';
import {
  appNotFound,
  assertionError,
  DEVICE_CODE_GRANT_TYPE,
  DEVICE_ERRORS,
  entraErrorBody,
  entraErrorPage,
  tenantNotFound,
  type EntraError,
} from './standin-errors.js';
import { deviceCodePage, deviceLoginForm } from './standin-pages.js';
import { ADMIN_CONSENT_PARAM, createTenantProvider, IMPLIED_CONSENT_PARAM, MapStore, OIDC_SCOPES } from './standin-provider.js';
import { installProviderHooks, prepareAuthorizeQuery, readBody, requestInfo, tokenEventFor, type StandinState } from './standin-hooks.js';

export {
  adminConsentOverHttp,
  approveDeviceOverHttp,
  newCookieJar,
  signInOverHttp,
  type CookieJar,
  type OverHttpOptions,
} from './standin-browser.js';
export { certificateThumbprints, CLIENT_ASSERTION_TYPE, makeTestCertificate, type TestCertificate } from './standin-certs.js';

export interface StandinClient {
  clientId: string;
  /** The client secret; '' for none (a public client, or a certificate-only client when certificatePem is set). */
  clientSecret: string;
  redirectUris: string[];
  secretExpired?: boolean;
  /** A public client ("Allow public client flows"): no credential at the token endpoint, token_endpoint_auth_method 'none'. Implied by clientSecret '' without certificatePem. */
  publicClient?: boolean;
  /** Display name on the sign-in, consent and device pages (default: the client id). */
  name?: string;
  /** Application permissions (app roles) the app asks for, e.g. ['User.ReadWrite.All']: the `roles` claim of its client-credentials tokens. */
  appRoles?: string[];
  /** Client credentials need an admin consent in the tenant first (GET /{tenant}/v2.0/adminconsent, or grantAdminConsent()). */
  requireAdminConsent?: boolean;
  /** An uploaded certificate (X.509, PEM): the token endpoint then takes a client_assertion signed with its key. */
  certificatePem?: string;
}
export interface StandinTenant {
  id: string /* GUID */;
  domains: string[];
}
export interface StandinOptions {
  tenants?: StandinTenant[];
  /** Default: [DEMO_CLIENT, DEMO_PUBLIC_CLIENT]. */
  clients?: StandinClient[];
  codeTtlSeconds?: number;
  /** The `interval` of device authorization responses; polling faster answers slow_down (default 5). */
  deviceIntervalSeconds?: number;
  /** Lifetime of device and user codes (default 900, Entra's 15 minutes). */
  deviceTtlSeconds?: number;
  /**
   * Pads every refresh token issued to this many characters (Entra's are often 1,500 or
   * more), to test storage of long tokens. Refresh grants do not accept padded tokens.
   */
  refreshTokenLength?: number;
}
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
  /** Present (true) only when a client_assertion came (certificate credential); never its value. */
  hasClientAssertion?: true;
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
/** A device authorization request (`POST /{tenant}/oauth2/v2.0/devicecode`); the polls are TokenEvents. */
export interface DeviceCodeEvent {
  kind: 'devicecode';
  tenant: string;
  tenantId?: string;
  clientId?: string;
  scope?: string;
  ok: boolean;
  /** The user code handed out (shown to users anyway; the device_code is never recorded). */
  userCode?: string;
  error?: string;
  aadsts?: number;
}
/** An admin consent request (`GET /{tenant}/v2.0/adminconsent`); `outcome` is set when the browser comes back. */
export interface AdminConsentEvent {
  kind: 'admin-consent';
  tenant: string;
  tenantId?: string;
  clientId?: string;
  /** Query of the admin consent request, as sent. */
  params: Record<string, string>;
  /** 'accepted' or 'declined' once the redirect went back; 'error' when the stand-in refused the request itself; unset while pending (or when oidc-provider showed an error page). */
  outcome?: 'accepted' | 'declined' | 'error';
  error?: string;
  aadsts?: number;
}
export type StandinEvent = TokenEvent | AuthorizeEvent | DeviceCodeEvent | AdminConsentEvent;
export type FailAnswer =
  { status: number; aadsts: number; error: string; message: string } | 'hang' | 'non-json' | { status: number; rawBody: string };

/** Server metadata in the shape openid-client's `Configuration` takes (no discovery needed). */
// A type alias (not an interface) so it is assignable to openid-client's index-signature ServerMetadata.
export type StandinServerMetadata = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  device_authorization_endpoint: string;
};

export interface Standin {
  /** `http://127.0.0.1:PORT`: the CLI's --authority-host. */
  url: string;
  /** The first (default) tenant. */
  tenant: StandinTenant;
  /** The first (default) client. */
  client: StandinClient;
  tenants: StandinTenant[];
  clients: StandinClient[];
  events: StandinEvent[];
  /** Next token-endpoint request gets this answer instead (Entra-shaped JSON error, 'hang' = never answer, 'non-json' = HTTP 200 HTML page, or a raw body). */
  failNextToken(answer: FailAnswer): void;
  /** The next device-code poll (grant_type device_code) answers slow_down, however long the client waited. */
  slowDownNext(): void;
  /** Records an admin consent for the client in the tenant (default tenant unless given), as the adminconsent page's Accept does. */
  grantAdminConsent(clientId: string, tenant?: string): void;
  /** Forgets the client's admin consent in the tenant (default tenant unless given). */
  revokeAdminConsent(clientId: string, tenant?: string): void;
  /** `{url}/devicelogin`: the verification_uri of device authorization responses. */
  deviceLoginUrl: string;
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

/**
 * A public client ("Allow public client flows": device code, native sign-in): no secret,
 * token_endpoint_auth_method 'none'. Registered by default next to DEMO_CLIENT.
 */
export const DEMO_PUBLIC_CLIENT: StandinClient = {
  clientId: '0c5d3f9e-7a41-4b6c-8e2d-91f4a7b3c6d8',
  clientSecret: '',
  publicClient: true,
  redirectUris: ['http://localhost', 'https://login.microsoftonline.com/common/oauth2/nativeclient'],
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

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', pragma: 'no-cache', ...extra });
  res.end(body);
}

const isPublicClient = (c: StandinClient): boolean => c.publicClient === true || (!c.clientSecret && !c.certificatePem);
/** oidc-provider's user code normalization: upper case, word characters only. */
const normalizeUserCode = (input: string): string => input.toUpperCase().replace(/\W/g, '');
const missingParameter = (name: string): EntraError => ({
  status: 400,
  error: 'invalid_request',
  aadsts: 900144,
  message: `The request body must contain the following parameter: '${name}'.`,
});
type Outcome = { ok?: boolean; error?: string; aadsts?: number };

export async function startEntraStandin(opts: StandinOptions = {}): Promise<Standin> {
  silenceOidcProviderNotices();
  const tenants = opts.tenants ?? [DEMO_TENANT];
  const clients = opts.clients ?? [DEMO_CLIENT, DEMO_PUBLIC_CLIENT];
  const [firstTenant] = tenants;
  const [firstClient] = clients;
  if (!firstTenant || !firstClient) throw new Error('startEntraStandin: at least one tenant and one client are needed');
  const deviceIntervalSeconds = opts.deviceIntervalSeconds ?? 5;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clientsById = new Map(clients.map((c) => [c.clientId, c]));
  // What oidc-provider checks as the secret: the real one, or (certificate-only clients) one only the front server knows,
  // sent on the client's behalf once its assertion verified.
  const providerSecrets = new Map(
    clients.map((c) => [
      c.clientId,
      isPublicClient(c) ? undefined : c.clientSecret || `cert-only-${randomBytes(24).toString('base64url')}`,
    ]),
  );

  const state: StandinState = {
    url,
    events: [],
    knownScopes: new Set(),
    issuedCodes: new Map(),
    issuedRefreshTokens: new Set(),
    revokedRefreshTokens: new Set(),
    adminConsents: new Set(),
    deviceIntervalSeconds,
    refreshTokenLength: opts.refreshTokenLength,
    clientName: (clientId) => clientsById.get(clientId)?.name ?? clientId,
  };
  const byName = new Map<string, { tenant: StandinTenant; store: MapStore; handle: (req: IncomingMessage, res: ServerResponse) => void }>();
  for (const tenant of tenants) {
    const store = new MapStore();
    const provider = await createTenantProvider(
      {
        id: tenant.id,
        issuer: `${url}/${tenant.id}/v2.0`,
        clients: clients.map((c) => ({
          clientId: c.clientId,
          secret: providerSecrets.get(c.clientId),
          redirectUris: c.redirectUris,
          ...(c.secretExpired ? { secretExpired: true } : {}),
          ...(c.name ? { name: c.name } : {}),
        })),
        codeTtlSeconds: opts.codeTtlSeconds ?? 600,
        deviceTtlSeconds: opts.deviceTtlSeconds ?? 900,
        appRolesFor: (clientId) => {
          const c = clientsById.get(clientId);
          if (!c?.appRoles?.length) return undefined;
          if (c.requireAdminConsent && !state.adminConsents.has(`${tenant.id}:${clientId}`)) return undefined;
          return [...c.appRoles];
        },
        knownScopes: state.knownScopes,
        tenantLabel: (ctx) => requestInfo.get(ctx.req)?.tenantSegment ?? tenant.id,
      },
      store,
    );
    installProviderHooks(provider, state, tenant.id);
    const entry = { tenant, store, handle: provider.callback() };
    for (const name of [tenant.id, ...tenant.domains]) byName.set(name.toLowerCase(), entry);
  }

  let pendingFailure: FailAnswer | undefined;
  let slowDownPending = false;
  const lastDevicePoll = new Map<string, number>();
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
      send(
        res,
        200,
        'text/html; charset=utf-8',
        '<!DOCTYPE html><html><body><h1>Access to this site is blocked by your network</h1></body></html>',
      );
      return;
    }
    if ('rawBody' in answer) {
      let parsed: { error?: unknown; error_codes?: unknown } | undefined;
      try {
        parsed = JSON.parse(answer.rawBody) as typeof parsed;
      } catch {
        parsed = undefined;
      }
      event.ok = answer.status === 200 && parsed !== undefined && parsed.error === undefined;
      event.error = typeof parsed?.error === 'string' ? parsed.error : event.ok ? undefined : 'raw';
      const code = Array.isArray(parsed?.error_codes) ? parsed.error_codes[0] : undefined;
      if (typeof code === 'number') event.aadsts = code;
      send(res, answer.status, parsed ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', answer.rawBody);
      return;
    }
    sendEntraJson(res, answer, event);
  }

  function sendEntraJson(res: ServerResponse, err: EntraError, event?: Outcome): void {
    if (event) Object.assign(event, { ok: false, error: err.error, aadsts: err.aadsts });
    send(res, err.status, 'application/json; charset=utf-8', JSON.stringify(entraErrorBody(err, url)));
  }

  function sendErrorPage(res: ServerResponse, err: EntraError, event: AdminConsentEvent): void {
    Object.assign(event, { outcome: 'error', error: err.error, aadsts: err.aadsts });
    send(res, 400, 'text/html; charset=utf-8', entraErrorPage(err.aadsts, err.message));
  }

  const formParams = (req: IncomingMessage, body: Buffer): URLSearchParams =>
    new URLSearchParams(req.headers['content-type']?.includes('application/x-www-form-urlencoded') ? body.toString('utf8') : '');

  /** Lower-cases OIDC scope names and registers resource scopes (as the authorize endpoint does). */
  function registerScopes(params: URLSearchParams): void {
    const scope = params.get('scope');
    if (scope === null) return;
    const scopes = scope
      .split(' ')
      .filter(Boolean)
      .map((x) => (OIDC_SCOPES.has(x.toLowerCase()) ? x.toLowerCase() : x));
    for (const x of scopes) if (!OIDC_SCOPES.has(x)) state.knownScopes.add(x);
    params.set('scope', scopes.join(' '));
  }

  /** `{url}/devicelogin`: enter the user code; it finds the tenant that issued it and hands over to that tenant's device pages. */
  async function deviceLogin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const action = '/devicelogin';
    if (req.method === 'POST') {
      const typed = formParams(req, await readBody(req)).get('user_code') ?? '';
      const code = normalizeUserCode(typed);
      const owner = code ? [...new Set(byName.values())].find((e) => e.store.hasLiveUserCode(code)) : undefined;
      if (owner) {
        send(res, 303, 'text/plain; charset=utf-8', '', {
          location: `/${owner.tenant.id}/oauth2/deviceauth?${new URLSearchParams({ user_code: code })}`,
        });
        return;
      }
      send(
        res,
        200,
        'text/html; charset=utf-8',
        deviceCodePage({
          form: deviceLoginForm(action, typed),
          formId: 'standin-device',
          error: "That code didn't work. Check the code and try again.",
        }),
      );
      return;
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed');
    send(res, 200, 'text/html; charset=utf-8', deviceCodePage({ form: deviceLoginForm(action), formId: 'standin-device' }));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const [, first = '', ...restSegments] = u.pathname.split('/');
    const segment = decodeURIComponent(first);
    const rest = `/${restSegments.join('/')}`;
    if (segment === 'devicelogin' && rest === '/') return deviceLogin(req, res);
    const entry = byName.get(segment.toLowerCase());
    const isToken = rest === '/oauth2/v2.0/token' && req.method === 'POST';
    const isAuthorize = rest === '/oauth2/v2.0/authorize' && req.method === 'GET';
    const isDeviceCode = rest === '/oauth2/v2.0/devicecode' && req.method === 'POST';
    const isAdminConsent = rest === '/v2.0/adminconsent' && req.method === 'GET';

    let body: Buffer | undefined;
    let event: TokenEvent | undefined;
    if (isToken) {
      body = await readBody(req);
      const params = formParams(req, body);
      event = tokenEventFor(params, req.headers.authorization, segment, entry?.tenant.id);
      if (params.has('client_assertion') || params.has('client_assertion_type')) event.hasClientAssertion = true;
      state.events.push(event);
      if (pendingFailure) {
        const answer = pendingFailure;
        pendingFailure = undefined;
        answerFailure(answer, res, event);
        return;
      }
      if (!entry)
        return sendEntraJson(res, { status: 400, error: 'invalid_request', aadsts: 90002, message: tenantNotFound(segment) }, event);
      const grantType = params.get('grant_type');

      // Certificate credential: checked here; oidc-provider then sees the client's own (or front-only) secret.
      if (event.hasClientAssertion) {
        const assertion = params.get('client_assertion') ?? '';
        if (params.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
          return sendEntraJson(res, assertionError.malformed(`'client_assertion_type' must be '${CLIENT_ASSERTION_TYPE}'.`), event);
        }
        let clientId = params.get('client_id') ?? undefined;
        if (!clientId) {
          try {
            const iss = decodeJwt(assertion).iss;
            if (typeof iss === 'string') clientId = iss;
          } catch {
            /* malformed: verify says so */
          }
        }
        const client = clientId === undefined ? undefined : clientsById.get(clientId);
        if (!client || clientId === undefined) {
          return sendEntraJson(
            res,
            { status: 400, error: 'unauthorized_client', aadsts: 700016, message: appNotFound(clientId ?? '', segment) },
            event,
          );
        }
        event.clientId = clientId;
        if (isPublicClient(client)) return sendEntraJson(res, assertionError.publicClient(), event);
        const audiences = [entry.tenant.id, ...entry.tenant.domains].map((t) => `${url}/${t}/oauth2/v2.0/token`);
        const failure = await verifyClientAssertion(assertion, { clientId, certificatePem: client.certificatePem, audiences });
        if (failure) return sendEntraJson(res, failure, event);
        params.delete('client_assertion');
        params.delete('client_assertion_type');
        params.set('client_id', clientId);
        params.set('client_secret', providerSecrets.get(clientId) ?? '');
        delete req.headers.authorization;
        body = Buffer.from(params.toString(), 'utf8');
      } else {
        const client = event.clientId === undefined ? undefined : clientsById.get(event.clientId);
        if (client && isPublicClient(client) && event.hasClientSecret) return sendEntraJson(res, assertionError.publicClient(), event);
      }

      // Entra's rule for client credentials: a scope, and only `<resource>/.default` scopes.
      if (grantType === 'client_credentials') {
        const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
        if (!scopes.length)
          return sendEntraJson(
            res,
            {
              status: 400,
              error: 'invalid_request',
              aadsts: 900144,
              message: "The request body must contain the following parameter: 'scope'.",
            },
            event,
          );
        const bad = scopes.find((x) => !x.endsWith('/.default'));
        if (bad) {
          return sendEntraJson(
            res,
            {
              status: 400,
              error: 'invalid_scope',
              aadsts: 1002012,
              message: `The provided value for scope ${bad} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
            },
            event,
          );
        }
        // No admin consent in this tenant yet: for an app-only request Entra finds no service principal for the app here.
        const client = event.clientId === undefined ? undefined : clientsById.get(event.clientId);
        if (client?.requireAdminConsent && !state.adminConsents.has(`${entry.tenant.id}:${client.clientId}`)) {
          return sendEntraJson(
            res,
            { status: 400, error: 'unauthorized_client', aadsts: 700016, message: appNotFound(client.clientId, segment) },
            event,
          );
        }
      }

      // Device-code polls: slow_down on request, or when the client polls faster than `interval`.
      if (grantType === DEVICE_CODE_GRANT_TYPE) {
        const deviceCode = params.get('device_code');
        const now = performance.now();
        const last = deviceCode === null ? undefined : lastDevicePoll.get(deviceCode);
        if (deviceCode !== null) lastDevicePoll.set(deviceCode, now);
        if (slowDownPending) {
          slowDownPending = false;
          return sendEntraJson(res, DEVICE_ERRORS.slowDown, event);
        }
        if (last !== undefined && now - last < deviceIntervalSeconds * 1000 - 50) return sendEntraJson(res, DEVICE_ERRORS.slowDown, event);
      }
      for (const x of (params.get('scope') ?? '').split(' ')) if (x && !OIDC_SCOPES.has(x.toLowerCase())) state.knownScopes.add(x);
      requestInfo.set(req, { tenantSegment: segment, params, event });
    }

    if (isDeviceCode) {
      body = await readBody(req);
      const params = formParams(req, body);
      const clientId = params.get('client_id') ?? undefined;
      const scope = params.get('scope') ?? undefined;
      const deviceEvent: DeviceCodeEvent = {
        kind: 'devicecode',
        tenant: segment,
        ...(entry ? { tenantId: entry.tenant.id } : {}),
        ...(clientId !== undefined ? { clientId } : {}),
        ...(scope !== undefined ? { scope } : {}),
        ok: false,
      };
      state.events.push(deviceEvent);
      if (!entry)
        return sendEntraJson(res, { status: 400, error: 'invalid_request', aadsts: 90002, message: tenantNotFound(segment) }, deviceEvent);
      if (!clientId) return sendEntraJson(res, missingParameter('client_id'), deviceEvent);
      if (!scope?.trim()) return sendEntraJson(res, missingParameter('scope'), deviceEvent);
      registerScopes(params);
      // Entra does not authenticate the client at /devicecode; oidc-provider does, so the front server vouches for it.
      for (const p of ['client_secret', 'client_assertion', 'client_assertion_type']) params.delete(p);
      delete req.headers.authorization;
      const secret = providerSecrets.get(clientId);
      if (secret !== undefined) params.set('client_secret', secret);
      body = Buffer.from(params.toString(), 'utf8');
      requestInfo.set(req, { tenantSegment: segment, params, deviceEvent });
    }

    if (isAdminConsent) {
      const q = u.searchParams;
      const clientId = q.get('client_id') ?? undefined;
      const consentEvent: AdminConsentEvent = {
        kind: 'admin-consent',
        tenant: segment,
        ...(entry ? { tenantId: entry.tenant.id } : {}),
        ...(clientId !== undefined ? { clientId } : {}),
        params: Object.fromEntries(q),
      };
      state.events.push(consentEvent);
      if (!entry)
        return sendErrorPage(res, { status: 400, error: 'invalid_tenant', aadsts: 90002, message: tenantNotFound(segment) }, consentEvent);
      const scope = q.get('scope')?.trim();
      if (!scope) return sendErrorPage(res, missingParameter('scope'), consentEvent);
      // An authorize request underneath: oidc-provider's session (sign-in cookie), client and redirect_uri checks;
      // prompt=consent always shows the (admin) consent page; standin-hooks.ts turns the answer into Entra's.
      const authorize = new URLSearchParams({ response_type: 'code', scope });
      for (const p of ['client_id', 'redirect_uri', 'state']) {
        const v = q.get(p);
        if (v !== null) authorize.set(p, v);
      }
      prepareAuthorizeQuery(authorize, state.knownScopes);
      authorize.set('prompt', 'consent');
      authorize.delete(IMPLIED_CONSENT_PARAM);
      authorize.set(ADMIN_CONSENT_PARAM, scope);
      u.search = authorize.toString();
      requestInfo.set(req, { tenantSegment: segment });
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

    let providerPath = rest;
    if (rest === '/v2.0/.well-known/openid-configuration') providerPath = '/.well-known/openid-configuration';
    else if (isAdminConsent) providerPath = '/oauth2/v2.0/authorize';
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
      device_authorization_endpoint: `${url}/${path}/oauth2/v2.0/devicecode`,
    };
  };
  const tenantGuid = (tenant?: string): string => {
    if (tenant === undefined) return firstTenant.id;
    const entry = byName.get(tenant.toLowerCase());
    if (!entry) throw new Error(`entra stand-in: unknown tenant '${tenant}'`);
    return entry.tenant.id;
  };

  return {
    url,
    tenant: firstTenant,
    client: firstClient,
    tenants,
    clients,
    events: state.events,
    deviceLoginUrl: `${url}/devicelogin`,
    failNextToken(answer) {
      pendingFailure = answer;
    },
    slowDownNext() {
      slowDownPending = true;
    },
    grantAdminConsent(clientId, tenant) {
      state.adminConsents.add(`${tenantGuid(tenant)}:${clientId}`);
    },
    revokeAdminConsent(clientId, tenant) {
      state.adminConsents.delete(`${tenantGuid(tenant)}:${clientId}`);
    },
    revokeRefreshTokens() {
      for (const entry of new Set(byName.values()))
        for (const value of entry.store.dropRefreshTokens()) state.revokedRefreshTokens.add(value);
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
