/**
 * The Entra stand-in itself: it must talk to openid-client 6 the way Entra does, and answer
 * Cortex XSOAR's redemptions (client_secret_post, no code_verifier) the way Entra does.
 */
import { createServer } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT,
  DEMO_TENANT,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type AuthorizeEvent,
  type Standin,
  type StandinClient,
  type StandinTenant,
  type TokenEvent,
} from './entra-standin.js';

const REDIRECT = 'https://localhost/myapp';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const FABRIKAM: StandinTenant = { id: 'f0e1d2c3-0000-4000-8000-00000000000f', domains: ['fabrikam.onmicrosoft.com', 'fabrikam.example'] };
const EXPIRED: StandinClient = {
  clientId: '9d8c7b6a-1111-4222-8333-444455556666',
  clientSecret: 'Ex98Q~' + 'a'.repeat(34),
  redirectUris: [REDIRECT],
  secretExpired: true,
};

let s: Standin;
beforeAll(async () => {
  s = await startEntraStandin({ tenants: [DEMO_TENANT, FABRIKAM], clients: [DEMO_CLIENT, EXPIRED] });
});
afterAll(async () => {
  await s?.close();
});

type Json = Record<string, unknown>;

function authorizeUrl(params: Record<string, string>, tenant = s.tenant.id): string {
  const q = new URLSearchParams({
    client_id: s.client.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'offline_access User.Read',
    ...params,
  });
  return `${s.url}/${tenant}/oauth2/v2.0/authorize?${q}`;
}

async function postToken(form: Record<string, string>, tenant = s.tenant.id): Promise<{ status: number; body: Json; type: string }> {
  const res = await fetch(`${s.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, type, body: type.includes('json') ? (JSON.parse(text) as Json) : { text } };
}

/** The redemption Cortex XSOAR's MicrosoftApiModule makes: client_secret_post, no code_verifier. */
function xsoarRedeem(code: string, extra: Record<string, string> = {}, tenant = s.tenant.id) {
  return postToken(
    {
      client_id: s.client.clientId,
      client_secret: s.client.clientSecret,
      code,
      redirect_uri: REDIRECT,
      scope: 'offline_access User.Read',
      grant_type: 'authorization_code',
      ...extra,
    },
    tenant,
  );
}

async function codeFor(params: Record<string, string> = {}, login = 'alice@contoso.onmicrosoft.com', tenant?: string): Promise<string> {
  const location = new URL(await signInOverHttp(authorizeUrl(params, tenant), { login }));
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.href}`);
  return code;
}

function expectEntraError(body: Json, error: string, aadsts: number): void {
  expect(body['error']).toBe(error);
  expect(body['error_codes']).toEqual([aadsts]);
  expect(body['error_description']).toMatch(
    new RegExp(
      `^AADSTS${aadsts}: [^\\r\\n]+\\r\\nTrace ID: ${UUID}\\r\\nCorrelation ID: ${UUID}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
    ),
  );
  expect(body['timestamp']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body['trace_id']).toMatch(new RegExp(`^${UUID}$`));
  expect(body['correlation_id']).toMatch(new RegExp(`^${UUID}$`));
}

function oidcConfig(opts: { tenant?: string; secret?: string } = {}): client.Configuration {
  const secret = opts.secret ?? s.client.clientSecret;
  const config = new client.Configuration(
    s.serverMetadata(opts.tenant),
    s.client.clientId,
    { client_secret: secret },
    client.ClientSecretPost(secret),
  );
  client.allowInsecureRequests(config);
  return config;
}

function jwtPayload(jwt: string): Json {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json;
}

const tokenEvents = (): TokenEvent[] => s.events.filter((e): e is TokenEvent => e.kind === 'token');

describe('entra stand-in: demo values and metadata', () => {
  it('DEMO_CLIENT: GUID id, Entra-shaped secret, the three redirect URIs', () => {
    expect(DEMO_CLIENT.clientId).toMatch(new RegExp(`^${UUID}$`));
    expect(DEMO_CLIENT.clientSecret).toMatch(/^[\w.~-]{3}\dQ~[\w.~-]{34}$/);
    expect(DEMO_CLIENT.redirectUris).toEqual([
      'https://localhost/myapp',
      'http://localhost:8400/callback',
      'http://127.0.0.1:8400/callback',
    ]);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('discovery under a domain alias: issuer and endpoints use the GUID, no RFC 9207 iss advertised', async () => {
    const res = await fetch(`${s.url}/Contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as Json;
    expect(doc['issuer']).toBe(`${s.url}/${DEMO_TENANT.id}/v2.0`);
    expect(doc['authorization_endpoint']).toBe(`${s.url}/${DEMO_TENANT.id}/oauth2/v2.0/authorize`);
    expect(doc['token_endpoint']).toBe(`${s.url}/${DEMO_TENANT.id}/oauth2/v2.0/token`);
    expect(doc['jwks_uri']).toBe(`${s.url}/${DEMO_TENANT.id}/discovery/v2.0/keys`);
    expect(doc).not.toHaveProperty('authorization_response_iss_parameter_supported');
    expect(s.issuer('fabrikam.example')).toBe(`${s.url}/${FABRIKAM.id}/v2.0`);
  });

  it('unknown tenant: 400 JSON 90002 on metadata and token, 400 HTML page on authorize', async () => {
    const meta = await fetch(`${s.url}/nope.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    expect(meta.status).toBe(400);
    expectEntraError((await meta.json()) as Json, 'invalid_tenant', 90002);

    const token = await xsoarRedeem('x', {}, 'nope.onmicrosoft.com');
    expect(token.status).toBe(400);
    expectEntraError(token.body, 'invalid_request', 90002);
    expect(token.body['error_description']).toContain("AADSTS90002: Tenant 'nope.onmicrosoft.com' not found.");

    const page = await fetch(authorizeUrl({}, 'nope.onmicrosoft.com'), { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain("AADSTS90002: Tenant 'nope.onmicrosoft.com' not found.");
    await expect(signInOverHttp(authorizeUrl({}, 'nope.onmicrosoft.com'), { login: 'a' })).rejects.toThrow(
      /AADSTS90002: Tenant 'nope.onmicrosoft.com' not found\./,
    );
  });
});

describe('entra stand-in: authorization code flow with openid-client 6', () => {
  it('PKCE round trip: Entra-shaped callback, tokens with refresh_token, scopes echoed, refresh works', async () => {
    const config = oidcConfig();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'offline_access openid profile User.Read Mail.Send',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const callback = new URL(await signInOverHttp(url.href, { login: 'alice@contoso.onmicrosoft.com' }));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect([...callback.searchParams.keys()]).toEqual(['code', 'state', 'session_state']);
    expect(callback.searchParams.get('session_state')).toMatch(new RegExp(`^${UUID}$`));

    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBeGreaterThan(3000);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope?.split(' ').sort()).toEqual(['Mail.Send', 'User.Read', 'openid', 'profile']);
    expect(tokens.claims()).toMatchObject({
      iss: `${s.url}/${DEMO_TENANT.id}/v2.0`,
      aud: DEMO_CLIENT.clientId,
      tid: DEMO_TENANT.id,
      preferred_username: 'alice@contoso.onmicrosoft.com',
    });
    expect(jwtPayload(tokens.access_token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: DEMO_TENANT.id,
      scope: 'User.Read Mail.Send',
    });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.scope?.split(' ')).toEqual(expect.arrayContaining(['User.Read', 'Mail.Send']));
    // Entra keeps a used refresh token valid.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token as string)).resolves.toHaveProperty('access_token');
  });

  it('a code_challenge without a verifier at redemption → invalid_grant AADSTS501481, as is a wrong verifier', async () => {
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    const missing = await xsoarRedeem(await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(missing.status).toBe(400);
    expectEntraError(missing.body, 'invalid_grant', 501481);

    const wrong = await xsoarRedeem(await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' }), {
      code_verifier: client.randomPKCECodeVerifier(),
    });
    expectEntraError(wrong.body, 'invalid_grant', 501481);
  });

  it('a wrong client secret → 401 invalid_client AADSTS7000215 (openid-client ResponseBodyError)', async () => {
    const config = oidcConfig({ secret: 'Wr0ng~' + 'x'.repeat(34) });
    const callback = new URL(await signInOverHttp(authorizeUrl({ state: 's1' }), { login: 'alice@contoso.onmicrosoft.com' }));
    const err = await client.authorizationCodeGrant(config, callback, { expectedState: 's1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(client.ResponseBodyError);
    const body = err as client.ResponseBodyError;
    expect(body.status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expectEntraError(body.cause, 'invalid_client', 7000215);
  });

  it('decline on the consent page → access_denied redirect with AADSTS65004 and the state, no iss', async () => {
    const config = oidcConfig();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'offline_access User.Read', state: 'st-decline' });
    const callback = new URL(await signInOverHttp(url.href, { login: 'dora@contoso.onmicrosoft.com', decline: true }));
    expect([...callback.searchParams.keys()]).toEqual(['error', 'error_description', 'state']);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toMatch(
      /^AADSTS65004: User declined to consent to access the app\.\r\nTrace ID: /,
    );
    expect(callback.searchParams.get('state')).toBe('st-decline');
    const err = await client.authorizationCodeGrant(config, callback, { expectedState: 'st-decline' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(client.AuthorizationResponseError);
    expect((err as client.AuthorizationResponseError).error).toBe('access_denied');
  });

  it('domain alias: authorize and redeem under contoso.onmicrosoft.com, the id_token issuer is the GUID one', async () => {
    const config = oidcConfig({ tenant: 'contoso.onmicrosoft.com' });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid offline_access User.Read',
      state: 'st-alias',
    });
    expect(url.pathname).toBe('/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
    const callback = new URL(await signInOverHttp(url.href, { login: 'alice@contoso.onmicrosoft.com' }));
    const tokens = await client.authorizationCodeGrant(config, callback, { expectedState: 'st-alias' });
    expect(tokens.claims()?.iss).toBe(`${s.url}/${DEMO_TENANT.id}/v2.0`);
    expect(tokenEvents().at(-1)).toMatchObject({ tenant: 'contoso.onmicrosoft.com', tenantId: DEMO_TENANT.id, ok: true });
  });
});

describe('entra stand-in: redemptions the Cortex XSOAR way (form POST, no PKCE)', () => {
  it('a code requested without PKCE is redeemed without a verifier; the same code again → AADSTS54005', async () => {
    const code = await codeFor();
    const first = await xsoarRedeem(code);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['token_type', 'scope', 'expires_in', 'ext_expires_in', 'access_token', 'refresh_token']);
    expect(first.body).toMatchObject({ token_type: 'Bearer', scope: 'User.Read', expires_in: 3599 });

    const second = await xsoarRedeem(code);
    expect(second.status).toBe(400);
    expectEntraError(second.body, 'invalid_grant', 54005);
  });

  it.each([
    ['https://graph.microsoft.com/.default', 'https://graph.microsoft.com'],
    ['directory.accessasuser.all', 'https://graph.microsoft.com'],
    ['User.Read', 'https://graph.microsoft.com'],
    ['https://management.azure.com/user_impersonation', 'https://management.azure.com'],
  ])('scope %s is granted, echoed, and the access token is for %s', async (scope, audience) => {
    const code = await codeFor({ scope: `offline_access ${scope}` }, 'scopes@contoso.onmicrosoft.com');
    const { status, body } = await xsoarRedeem(code, { scope: `offline_access ${scope}` });
    expect(status).toBe(200);
    expect(body['scope']).toBe(scope);
    expect(body['refresh_token']).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('id_token');
    expect(jwtPayload(body['access_token'] as string)).toMatchObject({ aud: audience, scope });
  });

  it('without offline_access there is no refresh_token; with openid there is an id_token', async () => {
    const { body } = await xsoarRedeem(await codeFor({ scope: 'openid User.Read' }));
    expect(body).not.toHaveProperty('refresh_token');
    expect(body['id_token']).toEqual(expect.any(String));
    expect(body['scope']).toBe('User.Read openid');
  });

  it('a redirect_uri at redemption that differs from the authorize one → invalid_grant AADSTS50011', async () => {
    const { status, body } = await xsoarRedeem(await codeFor(), { redirect_uri: 'http://localhost:8400/callback' });
    expect(status).toBe(400);
    expectEntraError(body, 'invalid_grant', 50011);
  });

  it('unknown client → 400 unauthorized_client AADSTS700016; no secret → 401 AADSTS7000218', async () => {
    const unknown = await xsoarRedeem('x', { client_id: '00000000-1111-4222-8333-444444444444' });
    expect(unknown.status).toBe(400);
    expectEntraError(unknown.body, 'unauthorized_client', 700016);
    const noSecret = await postToken({ client_id: s.client.clientId, code: 'x', redirect_uri: REDIRECT, grant_type: 'authorization_code' });
    expect(noSecret.status).toBe(401);
    expectEntraError(noSecret.body, 'invalid_client', 7000218);
  });

  it('an expired client secret → 401 invalid_client AADSTS7000222, even the right one', async () => {
    const { status, body } = await postToken({
      client_id: EXPIRED.clientId,
      client_secret: EXPIRED.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(status).toBe(401);
    expectEntraError(body, 'invalid_client', 7000222);
  });

  it('a code from one tenant redeemed at another → invalid_grant AADSTS700005; a made-up code → AADSTS9002313', async () => {
    const foreign = await xsoarRedeem(await codeFor(), {}, FABRIKAM.id);
    expect(foreign.status).toBe(400);
    expectEntraError(foreign.body, 'invalid_grant', 700005);
    const madeUp = await xsoarRedeem('not-a-code');
    expectEntraError(madeUp.body, 'invalid_request', 9002313);
  });

  it('revokeRefreshTokens: earlier refresh tokens → invalid_grant AADSTS700082; new ones work', async () => {
    const old = (await xsoarRedeem(await codeFor())).body['refresh_token'] as string;
    s.revokeRefreshTokens();
    const refresh = (token: string) =>
      postToken({
        client_id: s.client.clientId,
        client_secret: s.client.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: token,
        scope: 'offline_access User.Read',
      });
    const revoked = await refresh(old);
    expect(revoked.status).toBe(400);
    expectEntraError(revoked.body, 'invalid_grant', 700082);

    const fresh = (await xsoarRedeem(await codeFor())).body['refresh_token'] as string;
    expect((await refresh(fresh)).status).toBe(200);
    expect((await refresh('not-a-refresh-token')).body['error_codes']).toEqual([9002313]);
  });
});

describe('entra stand-in: authorize endpoint', () => {
  it('an unregistered redirect_uri → 400 error page with AADSTS50011, no redirect', async () => {
    const url = authorizeUrl({ redirect_uri: 'https://evil.example/cb' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain("AADSTS50011: The redirect URI 'https://evil.example/cb' specified in the request does not match");
    await expect(signInOverHttp(url, { login: 'a' })).rejects.toThrow(/AADSTS50011/);
  });

  it('an unknown client_id → error page with AADSTS700016', async () => {
    await expect(signInOverHttp(authorizeUrl({ client_id: '00000000-1111-4222-8333-444444444444' }), { login: 'a' })).rejects.toThrow(
      /AADSTS700016: Application with identifier '00000000-1111-4222-8333-444444444444' was not found/,
    );
  });

  it('the same jar makes a second authorize silent; a new jar asks for consent again; prompt=consent forces it', async () => {
    const jar = newCookieJar();
    const url = authorizeUrl({ state: 'again' });
    await signInOverHttp(url, { login: 'bob@contoso.onmicrosoft.com', jar });
    const silent = await fetch(url, { headers: { cookie: jar.header(url) }, redirect: 'manual' });
    expect(silent.status).toBe(303);
    expect(silent.headers.get('location')).toMatch(/^https:\/\/localhost\/myapp\?code=[\w-]+&state=again&session_state=/);

    const forced = await fetch(authorizeUrl({ prompt: 'consent' }), { headers: { cookie: jar.header(url) }, redirect: 'manual' });
    expect(forced.headers.get('location')).toMatch(new RegExp(`^/${DEMO_TENANT.id}/interaction/`));

    const declined = new URL(await signInOverHttp(url, { login: 'bob@contoso.onmicrosoft.com', jar: newCookieJar(), decline: true }));
    expect(declined.searchParams.get('error')).toBe('access_denied');
    await expect(signInOverHttp(url, { login: 'bob@contoso.onmicrosoft.com', jar, decline: true })).rejects.toThrow(/no consent page/);
  });

  it('records the initial authorize query as an AuthorizeEvent', async () => {
    const url = authorizeUrl({ state: 'recorded', prompt: 'select_account', login_hint: 'carol@contoso.onmicrosoft.com' });
    await signInOverHttp(url, { login: 'carol@contoso.onmicrosoft.com' });
    const event = s.events.filter((e): e is AuthorizeEvent => e.kind === 'authorize').at(-1);
    expect(event).toEqual({
      kind: 'authorize',
      tenant: DEMO_TENANT.id,
      tenantId: DEMO_TENANT.id,
      params: Object.fromEntries(new URL(url).searchParams),
    });
  });
});

describe('entra stand-in: client credentials', () => {
  it('a <resource>/.default scope gives an app token without refresh_token; other scopes → AADSTS1002012', async () => {
    const tokens = await client.clientCredentialsGrant(oidcConfig(), { scope: 'https://graph.microsoft.com/.default' });
    expect(tokens.scope).toBe('https://graph.microsoft.com/.default');
    expect(tokens).not.toHaveProperty('refresh_token');
    expect(jwtPayload(tokens.access_token)).toMatchObject({ aud: 'https://graph.microsoft.com', client_id: DEMO_CLIENT.clientId });

    const bad = await postToken({
      client_id: s.client.clientId,
      client_secret: s.client.clientSecret,
      grant_type: 'client_credentials',
      scope: 'User.Read',
    });
    expect(bad.status).toBe(400);
    expectEntraError(bad.body, 'invalid_scope', 1002012);
  });

  it('client_secret_basic is accepted too, and recorded as a secret without its value', async () => {
    const basic = Buffer.from(`${encodeURIComponent(s.client.clientId)}:${encodeURIComponent(s.client.clientSecret)}`).toString('base64');
    const res = await fetch(`${s.url}/${s.tenant.id}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://management.azure.com/.default' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json)['scope']).toBe('https://management.azure.com/.default');
    expect(tokenEvents().at(-1)).toMatchObject({
      grantType: 'client_credentials',
      clientId: DEMO_CLIENT.clientId,
      hasClientSecret: true,
      ok: true,
    });
  });
});

describe('entra stand-in: failNextToken', () => {
  const form = () => ({
    client_id: s.client.clientId,
    client_secret: s.client.clientSecret,
    grant_type: 'client_credentials',
    scope: 'https://graph.microsoft.com/.default',
  });

  it('an Entra error answers the next token request only', async () => {
    s.failNextToken({
      status: 400,
      aadsts: 50173,
      error: 'invalid_grant',
      message: 'The provided grant has expired due to it being revoked.',
    });
    const failed = await postToken(form());
    expect(failed.status).toBe(400);
    expectEntraError(failed.body, 'invalid_grant', 50173);
    expect(tokenEvents().at(-1)).toMatchObject({ ok: false, error: 'invalid_grant', aadsts: 50173 });
    expect((await postToken(form())).status).toBe(200);
  });

  it("'non-json' answers HTTP 200 with an HTML page; a raw body is sent as given", async () => {
    s.failNextToken('non-json');
    const html = await postToken(form());
    expect(html.status).toBe(200);
    expect(html.type).toContain('text/html');

    s.failNextToken({ status: 503, rawBody: 'upstream unavailable' });
    const raw = await postToken(form());
    expect(raw).toMatchObject({ status: 503, body: { text: 'upstream unavailable' } });
  });

  it("'hang' never answers (the client gives up); the stand-in keeps serving", async () => {
    s.failNextToken('hang');
    await expect(
      fetch(`${s.url}/${s.tenant.id}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams(form()),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(tokenEvents().at(-1)).toMatchObject({ ok: false, error: 'hang' });
    expect((await postToken(form())).status).toBe(200);
  });
});

describe('entra stand-in: events, expiry, shutdown', () => {
  it('token events say which grant, client and redirect_uri, and whether a verifier and secret came, never the values', async () => {
    const before = tokenEvents().length;
    await xsoarRedeem(await codeFor());
    expect(tokenEvents().slice(before)).toEqual([
      {
        kind: 'token',
        grantType: 'authorization_code',
        clientId: DEMO_CLIENT.clientId,
        tenant: DEMO_TENANT.id,
        tenantId: DEMO_TENANT.id,
        hasCodeVerifier: false,
        hasClientSecret: true,
        redirectUri: REDIRECT,
        ok: true,
      },
    ]);
    expect(JSON.stringify(s.events)).not.toContain(DEMO_CLIENT.clientSecret);
  });

  it('codes last codeTtlSeconds: an expired code → invalid_grant AADSTS70008', async () => {
    const short = await startEntraStandin({ codeTtlSeconds: 1 });
    try {
      const location = new URL(
        await signInOverHttp(
          `${short.url}/${short.tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({
            client_id: short.client.clientId,
            response_type: 'code',
            redirect_uri: REDIRECT,
            scope: 'User.Read',
          })}`,
          { login: 'eve@contoso.onmicrosoft.com' },
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const res = await fetch(`${short.url}/${short.tenant.id}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: short.client.clientId,
          client_secret: short.client.clientSecret,
          code: location.searchParams.get('code') ?? '',
          redirect_uri: REDIRECT,
          grant_type: 'authorization_code',
        }),
      });
      expect(res.status).toBe(400);
      expectEntraError((await res.json()) as Json, 'invalid_grant', 70008);
    } finally {
      await short.close();
    }
  });

  it('close() frees the port, even with a hanging token request', async () => {
    const other = await startEntraStandin();
    const port = Number(new URL(other.url).port);
    other.failNextToken('hang');
    const pending = fetch(`${other.url}/${other.tenant.id}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.close();
    await expect(pending).rejects.toThrow();
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });
});
