/**
 * The stand-in's other Entra flows: device code (RFC 8628 the Entra way), admin consent,
 * app roles in client-credentials tokens, certificate credentials (client assertions), and
 * pages a headless browser renders offline.
 */
import { createSecureContext } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { importPKCS8, SignJWT, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminConsentOverHttp,
  approveDeviceOverHttp,
  certificateThumbprints,
  CLIENT_ASSERTION_TYPE,
  DEMO_CLIENT,
  DEMO_PUBLIC_CLIENT,
  DEMO_TENANT,
  makeTestCertificate,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type AdminConsentEvent,
  type DeviceCodeEvent,
  type Standin,
  type StandinClient,
  type StandinTenant,
  type TestCertificate,
  type TokenEvent,
} from './entra-standin.js';

const REDIRECT = 'https://localhost/myapp';
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const FABRIKAM: StandinTenant = { id: 'f0e1d2c3-0000-4000-8000-00000000000f', domains: ['fabrikam.onmicrosoft.com'] };
/** A daemon app whose application permissions need an admin's consent first. */
const DAEMON: StandinClient = {
  clientId: '3a7e9c51-2b4d-4f60-8a13-c5d7e9f1a2b4',
  clientSecret: 'Dn71Q~' + 'd'.repeat(34),
  redirectUris: [REDIRECT],
  name: 'Contoso Daemon',
  appRoles: ['User.ReadWrite.All', 'Mail.Send'],
  requireAdminConsent: true,
};
/** App roles without the admin consent rule: the claim is there from the start. */
const PRECONSENTED: StandinClient = {
  clientId: '7b2c4d6e-8f01-4a23-9b45-67c89d0e1f23',
  clientSecret: 'Pc44Q~' + 'p'.repeat(34),
  redirectUris: [REDIRECT],
  appRoles: ['Directory.Read.All'],
};

let s: Standin;
let cert: TestCertificate;
let otherCert: TestCertificate;
/** A certificate-only confidential client (no secret). */
let CERT_CLIENT: StandinClient;

beforeAll(async () => {
  [cert, otherCert] = await Promise.all([
    makeTestCertificate({ commonName: 'ms-auth test' }),
    makeTestCertificate({ commonName: 'someone else', days: 2 }),
  ]);
  CERT_CLIENT = {
    clientId: '9e8d7c6b-5a49-4382-a716-0f1e2d3c4b5a',
    clientSecret: '',
    redirectUris: [REDIRECT],
    certificatePem: cert.certPem,
    appRoles: ['Sites.Read.All'],
  };
  s = await startEntraStandin({
    tenants: [DEMO_TENANT, FABRIKAM],
    clients: [DEMO_CLIENT, DEMO_PUBLIC_CLIENT, DAEMON, PRECONSENTED, CERT_CLIENT],
    deviceIntervalSeconds: 1,
  });
});
afterAll(async () => {
  await s?.close();
});

type Json = Record<string, unknown>;

async function post(path: string, form: Record<string, string>): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Json };
}
const postToken = (form: Record<string, string>, tenant = s.tenant.id) => post(`/${tenant}/oauth2/v2.0/token`, form);
const deviceCode = (form: Record<string, string>, tenant = s.tenant.id) => post(`/${tenant}/oauth2/v2.0/devicecode`, form);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectEntraError(body: Json, error: string, aadsts: number): void {
  expect(body['error']).toBe(error);
  expect(body['error_codes']).toEqual([aadsts]);
  expect(body['error_description']).toMatch(
    new RegExp(
      `^AADSTS${aadsts}: [^\\r\\n]+\\r\\nTrace ID: ${UUID}\\r\\nCorrelation ID: ${UUID}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
    ),
  );
}

function jwtPayload(jwt: string): Json {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json;
}

const tokenEvents = (): TokenEvent[] => s.events.filter((e): e is TokenEvent => e.kind === 'token');

function publicConfig(): client.Configuration {
  const config = new client.Configuration(s.serverMetadata(), DEMO_PUBLIC_CLIENT.clientId, {}, client.None());
  client.allowInsecureRequests(config);
  return config;
}

describe('device code flow', () => {
  it("POST /devicecode answers in Entra's shape and records a devicecode event", async () => {
    const { status, body } = await deviceCode({ client_id: DEMO_PUBLIC_CLIENT.clientId, scope: 'offline_access User.Read' });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['user_code', 'device_code', 'verification_uri', 'expires_in', 'interval', 'message']);
    expect(body).toMatchObject({ verification_uri: `${s.url}/devicelogin`, expires_in: 900, interval: 1 });
    expect(s.deviceLoginUrl).toBe(`${s.url}/devicelogin`);
    expect(s.serverMetadata('contoso.onmicrosoft.com').device_authorization_endpoint).toBe(
      `${s.url}/contoso.onmicrosoft.com/oauth2/v2.0/devicecode`,
    );
    const discovery = (await (await fetch(`${s.url}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`)).json()) as Json;
    expect(discovery['device_authorization_endpoint']).toBe(`${s.url}/${DEMO_TENANT.id}/oauth2/v2.0/devicecode`);
    expect(body['user_code']).toMatch(/^[A-Z]{9}$/);
    expect(body['message']).toBe(
      `To sign in, use a web browser to open the page ${s.url}/devicelogin and enter the code ${String(body['user_code'])} to authenticate.`,
    );
    expect(s.events.filter((e): e is DeviceCodeEvent => e.kind === 'devicecode').at(-1)).toEqual({
      kind: 'devicecode',
      tenant: DEMO_TENANT.id,
      tenantId: DEMO_TENANT.id,
      clientId: DEMO_PUBLIC_CLIENT.clientId,
      scope: 'offline_access User.Read',
      ok: true,
      userCode: body['user_code'],
    });
    expect(JSON.stringify(s.events)).not.toContain(String(body['device_code']));
  });

  it('openid-client 6: initiate, the user approves in the browser, polling gets tokens with a refresh_token', async () => {
    const config = publicConfig();
    const started = await client.initiateDeviceAuthorization(config, { scope: 'openid offline_access User.Read' });
    expect(started.interval).toBe(1);
    const polling = client.pollDeviceAuthorizationGrant(config, started);
    await approveDeviceOverHttp(started.verification_uri, started.user_code, { login: 'dana@contoso.onmicrosoft.com' });
    const tokens = await polling;
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope?.split(' ').sort()).toEqual(['User.Read', 'openid']);
    expect(tokens.claims()).toMatchObject({
      iss: `${s.url}/${DEMO_TENANT.id}/v2.0`,
      aud: DEMO_PUBLIC_CLIENT.clientId,
      preferred_username: 'dana@contoso.onmicrosoft.com',
    });
    expect(jwtPayload(tokens.access_token)).toMatchObject({ aud: 'https://graph.microsoft.com', scope: 'User.Read', tid: DEMO_TENANT.id });
    expect(tokenEvents().at(-1)).toMatchObject({
      grantType: DEVICE_GRANT,
      clientId: DEMO_PUBLIC_CLIENT.clientId,
      hasClientSecret: false,
      ok: true,
    });

    // The refresh token works for the public client without a secret.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.access_token).toEqual(expect.any(String));
  });

  it('raw polling: authorization_pending 70016, slow_down when too fast or on request, tokens, then bad_verification_code', async () => {
    const { body: started } = await deviceCode({ client_id: DEMO_PUBLIC_CLIENT.clientId, scope: 'offline_access User.Read' });
    const poll = () =>
      postToken({ grant_type: DEVICE_GRANT, client_id: DEMO_PUBLIC_CLIENT.clientId, device_code: String(started['device_code']) });

    const pending = await poll();
    expect(pending.status).toBe(400);
    expectEntraError(pending.body, 'authorization_pending', 70016);
    expectEntraError((await poll()).body, 'slow_down', 70016); // within `interval` of the last poll

    await approveDeviceOverHttp(String(started['verification_uri']), String(started['user_code']), {
      login: 'erin@contoso.onmicrosoft.com',
    });
    s.slowDownNext();
    await sleep(1050);
    expectEntraError((await poll()).body, 'slow_down', 70016); // on request, although the client waited

    await sleep(1050);
    const done = await poll();
    expect(done.status).toBe(200);
    expect(Object.keys(done.body)).toEqual(['token_type', 'scope', 'expires_in', 'ext_expires_in', 'access_token', 'refresh_token']);
    expect(done.body).toMatchObject({ token_type: 'Bearer', scope: 'User.Read' });

    await sleep(1050);
    const again = await poll();
    expectEntraError(again.body, 'bad_verification_code', 70018);
    expect(
      tokenEvents()
        .slice(-5)
        .map((e) => [e.grantType, e.ok, e.error]),
    ).toEqual([
      [DEVICE_GRANT, false, 'authorization_pending'],
      [DEVICE_GRANT, false, 'slow_down'],
      [DEVICE_GRANT, false, 'slow_down'],
      [DEVICE_GRANT, true, undefined],
      [DEVICE_GRANT, false, 'bad_verification_code'],
    ]);
  });

  it('the user declines on the confirmation page → authorization_declined (AADSTS65004)', async () => {
    const { body: started } = await deviceCode({ client_id: DEMO_PUBLIC_CLIENT.clientId, scope: 'User.Read' });
    await approveDeviceOverHttp(String(started['verification_uri']), String(started['user_code']), {
      login: 'finn@contoso.onmicrosoft.com',
      decline: true,
    });
    const declined = await postToken({
      grant_type: DEVICE_GRANT,
      client_id: DEMO_PUBLIC_CLIENT.clientId,
      device_code: String(started['device_code']),
    });
    expect(declined.status).toBe(400);
    expectEntraError(declined.body, 'authorization_declined', 65004);
  });

  it('a wrong user code is refused on the page; an unknown device_code → bad_verification_code', async () => {
    await expect(approveDeviceOverHttp(s.deviceLoginUrl, 'BCDFGHJKL', { login: 'gus@contoso.onmicrosoft.com' })).rejects.toThrow(
      /user code was not accepted: That code didn't work/,
    );
    const unknown = await postToken({ grant_type: DEVICE_GRANT, client_id: DEMO_PUBLIC_CLIENT.clientId, device_code: 'not-a-device-code' });
    expectEntraError(unknown.body, 'bad_verification_code', 70018);
  });

  it('a confidential client can start one without its secret, but polls with it (else AADSTS7000218)', async () => {
    const { status, body: started } = await deviceCode({ client_id: DEMO_CLIENT.clientId, scope: 'User.Read' });
    expect(status).toBe(200);
    const withoutSecret = await postToken({
      grant_type: DEVICE_GRANT,
      client_id: DEMO_CLIENT.clientId,
      device_code: String(started['device_code']),
    });
    expect(withoutSecret.status).toBe(401);
    expectEntraError(withoutSecret.body, 'invalid_client', 7000218);
    await sleep(1050);
    const withSecret = await postToken({
      grant_type: DEVICE_GRANT,
      client_id: DEMO_CLIENT.clientId,
      client_secret: DEMO_CLIENT.clientSecret,
      device_code: String(started['device_code']),
    });
    expectEntraError(withSecret.body, 'authorization_pending', 70016);
  });

  it('devicecode errors: unknown client 700016, no scope 900144, unknown tenant 90002', async () => {
    const unknown = await deviceCode({ client_id: '00000000-1111-4222-8333-444444444444', scope: 'User.Read' });
    expect(unknown.status).toBe(400);
    expectEntraError(unknown.body, 'unauthorized_client', 700016);
    expectEntraError((await deviceCode({ client_id: DEMO_PUBLIC_CLIENT.clientId })).body, 'invalid_request', 900144);
    expectEntraError(
      (await deviceCode({ client_id: DEMO_PUBLIC_CLIENT.clientId, scope: 'User.Read' }, 'nope.onmicrosoft.com')).body,
      'invalid_request',
      90002,
    );
    expect(
      s.events
        .filter((e): e is DeviceCodeEvent => e.kind === 'devicecode')
        .slice(-3)
        .map((e) => [e.ok, e.aadsts]),
    ).toEqual([
      [false, 700016],
      [false, 900144],
      [false, 90002],
    ]);
  });

  it('deviceTtlSeconds: an expired device code → expired_token AADSTS70020, and its user code is refused', async () => {
    const short = await startEntraStandin({ deviceTtlSeconds: 1, deviceIntervalSeconds: 1 });
    try {
      const res = await fetch(`${short.url}/${short.tenant.id}/oauth2/v2.0/devicecode`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: DEMO_PUBLIC_CLIENT.clientId, scope: 'User.Read' }),
      });
      const started = (await res.json()) as Json;
      expect(started['expires_in']).toBe(1);
      await sleep(1100);
      const poll = await fetch(`${short.url}/${short.tenant.id}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: DEVICE_GRANT,
          client_id: DEMO_PUBLIC_CLIENT.clientId,
          device_code: String(started['device_code']),
        }),
      });
      expect(poll.status).toBe(400);
      expectEntraError((await poll.json()) as Json, 'expired_token', 70020);
      await expect(
        approveDeviceOverHttp(short.deviceLoginUrl, String(started['user_code']), { login: 'hal@contoso.onmicrosoft.com' }),
      ).rejects.toThrow(/not accepted/);
    } finally {
      await short.close();
    }
  });
});

describe('admin consent and app roles', () => {
  const adminConsentUrl = (params: Record<string, string>, tenant = s.tenant.id): string =>
    `${s.url}/${tenant}/v2.0/adminconsent?${new URLSearchParams({ client_id: DAEMON.clientId, scope: GRAPH_DEFAULT, redirect_uri: REDIRECT, state: 'adm-1', ...params })}`;
  const appToken = (c: StandinClient, tenant = s.tenant.id) =>
    postToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: GRAPH_DEFAULT }, tenant);
  const consentEvents = (): AdminConsentEvent[] => s.events.filter((e): e is AdminConsentEvent => e.kind === 'admin-consent');

  it('roles: always for a client without the consent rule, never for a client without appRoles', async () => {
    const pre = await appToken(PRECONSENTED);
    expect(pre.status).toBe(200);
    expect(jwtPayload(String(pre.body['access_token']))).toMatchObject({
      roles: ['Directory.Read.All'],
      aud: 'https://graph.microsoft.com',
      tid: DEMO_TENANT.id,
    });
    expect(jwtPayload(String((await appToken(DEMO_CLIENT)).body['access_token']))).not.toHaveProperty('roles');
  });

  it('before admin consent → unauthorized_client AADSTS700016; Accept → redirect with admin_consent=True; then tokens carry the roles', async () => {
    const before = await appToken(DAEMON);
    expect(before.status).toBe(400);
    expectEntraError(before.body, 'unauthorized_client', 700016);

    const location = new URL(
      await adminConsentOverHttp(adminConsentUrl({}, 'contoso.onmicrosoft.com'), { login: 'anyone@contoso.onmicrosoft.com' }),
    );
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect([...location.searchParams]).toEqual([
      ['admin_consent', 'True'],
      ['tenant', DEMO_TENANT.id],
      ['scope', GRAPH_DEFAULT],
      ['state', 'adm-1'],
    ]);
    expect(consentEvents().at(-1)).toMatchObject({
      kind: 'admin-consent',
      tenant: 'contoso.onmicrosoft.com',
      tenantId: DEMO_TENANT.id,
      clientId: DAEMON.clientId,
      outcome: 'accepted',
    });

    const config = new client.Configuration(
      s.serverMetadata(),
      DAEMON.clientId,
      { client_secret: DAEMON.clientSecret },
      client.ClientSecretPost(DAEMON.clientSecret),
    );
    client.allowInsecureRequests(config);
    const tokens = await client.clientCredentialsGrant(config, { scope: GRAPH_DEFAULT });
    expect(jwtPayload(tokens.access_token)).toMatchObject({ roles: ['User.ReadWrite.All', 'Mail.Send'], client_id: DAEMON.clientId });

    // Consent is per tenant.
    expectEntraError((await appToken(DAEMON, FABRIKAM.id)).body, 'unauthorized_client', 700016);
  });

  it('decline → access_denied with AADSTS65004 and the state; nothing consented', async () => {
    const location = new URL(
      await adminConsentOverHttp(adminConsentUrl({ state: 'adm-no' }, FABRIKAM.id), {
        login: 'admin@fabrikam.onmicrosoft.com',
        decline: true,
      }),
    );
    expect([...location.searchParams.keys()]).toEqual(['error', 'error_description', 'state']);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toMatch(/^AADSTS65004: /);
    expect(location.searchParams.get('state')).toBe('adm-no');
    expect(consentEvents().at(-1)).toMatchObject({ tenantId: FABRIKAM.id, outcome: 'declined', error: 'access_denied', aadsts: 65004 });
    expect((await appToken(DAEMON, FABRIKAM.id)).status).toBe(400);
  });

  it('unknown client → error page AADSTS700016; unregistered redirect_uri → AADSTS50011; no scope → AADSTS900144', async () => {
    const unknown = adminConsentUrl({ client_id: '00000000-1111-4222-8333-444444444444' });
    const page = await fetch(unknown, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toContain("AADSTS700016: Application with identifier '00000000-1111-4222-8333-444444444444' was not found");
    expect(consentEvents().at(-1)).toMatchObject({ clientId: '00000000-1111-4222-8333-444444444444', outcome: 'error', aadsts: 700016 });
    await expect(adminConsentOverHttp(unknown, { login: 'a' })).rejects.toThrow(/AADSTS700016/);
    await expect(adminConsentOverHttp(adminConsentUrl({ redirect_uri: 'https://evil.example/cb' }), { login: 'a' })).rejects.toThrow(
      /AADSTS50011: The redirect URI 'https:\/\/evil\.example\/cb'/,
    );
    const noScope = `${s.url}/${s.tenant.id}/v2.0/adminconsent?${new URLSearchParams({ client_id: DAEMON.clientId, redirect_uri: REDIRECT })}`;
    await expect(adminConsentOverHttp(noScope, { login: 'a' })).rejects.toThrow(/AADSTS900144/);
    expect(consentEvents().at(-1)).toMatchObject({ outcome: 'error', aadsts: 900144 });
  });

  it('shares the sign-in session: a browser signed in at /authorize goes straight to the admin consent page', async () => {
    const jar = newCookieJar();
    const authorize = `${s.url}/${s.tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: DEMO_CLIENT.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'User.Read' })}`;
    await signInOverHttp(authorize, { login: 'ivy@contoso.onmicrosoft.com', jar });
    const pages: string[] = [];
    const location = await adminConsentOverHttp(adminConsentUrl({ client_id: PRECONSENTED.clientId }), {
      login: 'ignored',
      jar,
      onPage: (page) => pages.push(page),
    });
    expect(pages).toEqual(['admin-consent']);
    expect(new URL(location).searchParams.get('admin_consent')).toBe('True');
  });

  it('grantAdminConsent / revokeAdminConsent switch the roles without a browser', async () => {
    s.grantAdminConsent(DAEMON.clientId, FABRIKAM.domains[0]);
    expect(jwtPayload(String((await appToken(DAEMON, FABRIKAM.id)).body['access_token']))['roles']).toEqual([
      'User.ReadWrite.All',
      'Mail.Send',
    ]);
    s.revokeAdminConsent(DAEMON.clientId, FABRIKAM.id);
    expect((await appToken(DAEMON, FABRIKAM.id)).status).toBe(400);
  });
});

describe('certificate credentials (client assertion)', () => {
  const tokenUrl = (tenant = s.tenant.id) => `${s.url}/${tenant}/oauth2/v2.0/token`;

  async function assertion(
    o: { key?: string; x5t?: string | null; x5tS256?: string; claims?: JWTPayload; alg?: 'RS256' | 'PS256'; tenant?: string } = {},
  ): Promise<string> {
    const alg = o.alg ?? 'RS256';
    const key = await importPKCS8(o.key ?? cert.keyPem, alg);
    const header: { alg: string; typ: string; x5t?: string; 'x5t#S256'?: string } = { alg, typ: 'JWT' };
    if (o.x5t !== null) header.x5t = o.x5t ?? certificateThumbprints(cert.certPem).x5t;
    if (o.x5tS256) header['x5t#S256'] = o.x5tS256;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      aud: tokenUrl(o.tenant),
      iss: CERT_CLIENT.clientId,
      sub: CERT_CLIENT.clientId,
      jti: crypto.randomUUID(),
      nbf: now,
      iat: now,
      exp: now + 600,
      ...o.claims,
    })
      .setProtectedHeader(header)
      .sign(key);
  }
  const withAssertion = (jwt: string, extra: Record<string, string> = {}, tenant = s.tenant.id) =>
    postToken(
      {
        grant_type: 'client_credentials',
        client_id: CERT_CLIENT.clientId,
        scope: GRAPH_DEFAULT,
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: jwt,
        ...extra,
      },
      tenant,
    );

  it('makeTestCertificate: PKCS#8 key, PEM certificate, PFX that opens with its passphrase, the portal thumbprint', () => {
    expect(cert.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(cert.certPem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    const x509 = new X509Certificate(cert.certPem);
    expect(x509.subject).toBe('CN=ms-auth test');
    expect(cert.sha1Thumbprint).toBe(x509.fingerprint.replace(/:/g, ''));
    expect(cert.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(() => createSecureContext({ pfx: cert.pfx, passphrase: cert.pfxPassphrase })).not.toThrow();
    expect(() => createSecureContext({ pfx: cert.pfx, passphrase: 'wrong' })).toThrow();
  });

  it('makeTestCertificate fails loudly, with the install hint, when openssl is missing', async () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      await expect(makeTestCertificate()).rejects.toThrow(
        /`openssl` command was not found on PATH\. Install it \(Debian\/Ubuntu: apt-get install -y openssl/,
      );
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it('a good assertion (x5t, RS256) gets a client-credentials token with the roles; recorded without secret or value', async () => {
    const jwt = await assertion();
    const { status, body } = await withAssertion(jwt);
    expect(status).toBe(200);
    expect(jwtPayload(String(body['access_token']))).toMatchObject({ client_id: CERT_CLIENT.clientId, roles: ['Sites.Read.All'] });
    expect(tokenEvents().at(-1)).toMatchObject({
      grantType: 'client_credentials',
      clientId: CERT_CLIENT.clientId,
      hasClientSecret: false,
      hasClientAssertion: true,
      ok: true,
    });
    expect(JSON.stringify(s.events)).not.toContain(jwt);
  });

  it('accepted too: x5t#S256 with PS256, the domain form of aud (under the domain path), no client_id (taken from iss), 4 minutes of clock skew', async () => {
    const s256 = certificateThumbprints(cert.certPem).x5tS256;
    expect((await withAssertion(await assertion({ x5t: null, x5tS256: s256, alg: 'PS256' }))).status).toBe(200);
    const domain = 'contoso.onmicrosoft.com';
    expect((await withAssertion(await assertion({ tenant: domain }), {}, domain)).status).toBe(200);
    const jwt = await assertion();
    expect(
      (
        await postToken({
          grant_type: 'client_credentials',
          scope: GRAPH_DEFAULT,
          client_assertion_type: CLIENT_ASSERTION_TYPE,
          client_assertion: jwt,
        })
      ).status,
    ).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    expect((await withAssertion(await assertion({ claims: { exp: now - 240, nbf: now + 240 } }))).status).toBe(200);
  });

  it("works for the authorization_code grant, and with openid-client's PrivateKeyJwt (aud and x5t set the Entra way)", async () => {
    const config = new client.Configuration(
      s.serverMetadata(),
      CERT_CLIENT.clientId,
      {},
      client.PrivateKeyJwt(await importPKCS8(cert.keyPem, 'RS256'), {
        [client.modifyAssertion]: (header, payload) => {
          Object.assign(header, { x5t: certificateThumbprints(cert.certPem).x5t });
          Object.assign(payload, { aud: s.serverMetadata().token_endpoint });
        },
      }),
    );
    client.allowInsecureRequests(config);
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'offline_access User.Read', state: 'st-cert' });
    const callback = new URL(await signInOverHttp(url.href, { login: 'jo@contoso.onmicrosoft.com' }));
    const tokens = await client.authorizationCodeGrant(config, callback, { expectedState: 'st-cert' });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokenEvents().at(-1)).toMatchObject({ grantType: 'authorization_code', hasClientAssertion: true, ok: true });

    const raw = await postToken({
      grant_type: 'authorization_code',
      client_id: CERT_CLIENT.clientId,
      redirect_uri: REDIRECT,
      code: new URL(await signInOverHttp(url.href, { login: 'jo@contoso.onmicrosoft.com' })).searchParams.get('code') ?? '',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await assertion(),
    });
    expect(raw.status).toBe(200);
  });

  const rejections: Array<[name: string, make: () => Promise<string>, aadsts: number, text: RegExp]> = [
    [
      'wrong key (registered thumbprint, other key)',
      () => assertion({ key: otherCert.keyPem }),
      700027,
      /Key was found, but use of the key to verify the signature failed/,
    ],
    [
      'wrong thumbprint',
      () => assertion({ key: otherCert.keyPem, x5t: certificateThumbprints(otherCert.certPem).x5t }),
      700027,
      /The key was not found\., Thumbprint of key used by client: '[0-9A-F]{40}'/,
    ],
    ['no thumbprint', () => assertion({ x5t: null }), 700027, /The key was not found/],
    [
      'wrong aud',
      () => assertion({ claims: { aud: `${s.url}/${DEMO_TENANT.id}/v2.0` } }),
      700023,
      /audience claim does not match Realm issuer/,
    ],
    ['aud of another tenant', () => assertion({ tenant: FABRIKAM.id }), 700023, /audience/],
    [
      'expired',
      () => assertion({ claims: { exp: Math.floor(Date.now() / 1000) - 600, nbf: Math.floor(Date.now() / 1000) - 1200 } }),
      700024,
      /not within its valid time range\. Current time: \d{4}-/,
    ],
    ['not yet valid', () => assertion({ claims: { nbf: Math.floor(Date.now() / 1000) + 900 } }), 700024, /not within its valid time range/],
    [
      'iss/sub of another app',
      () => assertion({ claims: { iss: DEMO_CLIENT.clientId, sub: DEMO_CLIENT.clientId } }),
      700021,
      /doesn't match 'client_id'/,
    ],
    ['no jti', () => assertion({ claims: { jti: undefined } }), 50027, /'jti'/],
    ['not a JWT', async () => 'not.a.jwt', 50027, /invalid or malformed/],
  ];
  it.each(rejections)('rejected: %s → 401 invalid_client AADSTS%s', async (_name, make, aadsts, text) => {
    const { status, body } = await withAssertion(await make());
    expect(status).toBe(401);
    expectEntraError(body, 'invalid_client', aadsts);
    expect(body['error_description']).toMatch(text);
    expect(tokenEvents().at(-1)).toMatchObject({ ok: false, error: 'invalid_client', aadsts, hasClientAssertion: true });
  });

  it('an app without a certificate, and a public client, cannot use an assertion; a cert-only app has no usable secret', async () => {
    const noCert = await postToken({
      grant_type: 'client_credentials',
      client_id: DEMO_CLIENT.clientId,
      scope: GRAPH_DEFAULT,
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await assertion({ claims: { iss: DEMO_CLIENT.clientId, sub: DEMO_CLIENT.clientId } }),
    });
    expectEntraError(noCert.body, 'invalid_client', 700027);
    const pub = await postToken({
      grant_type: DEVICE_GRANT,
      client_id: DEMO_PUBLIC_CLIENT.clientId,
      device_code: 'x',
      client_secret: 'anything',
    });
    expectEntraError(pub.body, 'invalid_client', 700025);
    const noSecret = await postToken({ grant_type: 'client_credentials', client_id: CERT_CLIENT.clientId, scope: GRAPH_DEFAULT });
    expectEntraError(noSecret.body, 'invalid_client', 7000218);
    const guessed = await postToken({
      grant_type: 'client_credentials',
      client_id: CERT_CLIENT.clientId,
      client_secret: '',
      scope: GRAPH_DEFAULT,
    });
    expect(guessed.status).toBe(401);
  });
});

describe('pages for a real browser', () => {
  /** Nothing that a browser would fetch from another origin: no src/href/action/@import/url() off the stand-in. */
  function expectSelfContained(html: string): void {
    expect(html).not.toMatch(/googleapis|@import/);
    for (const m of html.matchAll(/(?:src|href|action)="([^"]*)"|url\(([^)]*)\)/g)) {
      const target = m[1] ?? m[2] ?? '';
      if (/^[a-z][\w+.-]*:/i.test(target)) expect(target.startsWith(s.url)).toBe(true);
    }
  }

  it('sign-in, consent, admin consent and the device pages are self-contained and carry the documented selectors', async () => {
    const seen = new Map<string, string>();
    const onPage = (page: string, html: string) => {
      expectSelfContained(html);
      if (page) seen.set(page, html);
    };
    const jar = newCookieJar();
    const authorize = `${s.url}/${s.tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: DEMO_CLIENT.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'offline_access User.Read' })}`;
    await signInOverHttp(authorize, { login: 'kim@contoso.onmicrosoft.com', jar, onPage });
    await adminConsentOverHttp(
      `${s.url}/${s.tenant.id}/v2.0/adminconsent?${new URLSearchParams({ client_id: PRECONSENTED.clientId, scope: GRAPH_DEFAULT, redirect_uri: REDIRECT })}`,
      { login: 'kim', jar, onPage },
    );
    const { body: started } = await deviceCode({ client_id: DEMO_PUBLIC_CLIENT.clientId, scope: 'User.Read' });
    await approveDeviceOverHttp(String(started['verification_uri']), String(started['user_code']), { login: 'kim', jar, onPage });
    expect([...seen.keys()].sort()).toEqual(['admin-consent', 'consent', 'device-code', 'device-confirm', 'device-success', 'signin']);

    const has = (page: string, ...needles: string[]) => {
      for (const n of needles) expect(seen.get(page)).toContain(n);
    };
    has('signin', 'id="standin-signin"', 'name="login"', 'id="i0116"', 'name="password"', 'id="i0118"', 'id="idSIButton9"');
    has('consent', 'id="idBtn_Accept"', 'id="idBtn_Back"', '<li>User.Read</li>');
    has('admin-consent', 'id="idBtn_Accept"', 'id="idBtn_Back"', `<li>${GRAPH_DEFAULT}</li>`);
    has('device-code', 'name="user_code"', 'id="idSIButton9"');
    has('device-confirm', 'id="idSIButton9"', 'id="idBtn_Back"', `id="standin-user-code">${String(started['user_code'])}<`);
    has('device-success', 'id="standin-device-done"');

    const errorPage = await (
      await fetch(`${s.url}/${s.tenant.id}/v2.0/adminconsent?client_id=nope&scope=x&redirect_uri=${REDIRECT}`)
    ).text();
    expectSelfContained(errorPage);
    expect(errorPage).toMatch(/id="error-text">AADSTS700016: /);
  });
});
