/**
 * Each way a Microsoft integration authenticates, as the XSOAR stand-in replays it against the
 * Entra stand-in (MicrosoftApiModule's requests): client credentials through a credentials
 * parameter's two halves, certificate (client assertion), device code with `<client id>@<refresh
 * token>` refreshed at /organizations without a secret, Defender for Endpoint's auth code at
 * /organizations, and the Cortex XSOAR application (oproxy), of which only the shape is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveDeviceOverHttp,
  DEMO_CLIENT,
  DEMO_PUBLIC_CLIENT,
  DEMO_TENANT,
  makeTestCertificate,
  signInOverHttp,
  startEntraStandin,
  type Standin,
  type StandinClient,
  type TestCertificate,
  type TokenEvent,
} from '../standin/entra-standin.js';
import { call, configurationOf, execute, instanceBody, pwd } from './xsoar-client.js';
import { startXsoarStandin, withOrganizationsAlias, type XsoarStandin } from './xsoar-standin.js';

const REDIRECT = 'https://localhost/myapp';
let entra: Standin;
let s: XsoarStandin;
let cert: TestCertificate;
let certClient: StandinClient;

beforeAll(async () => {
  cert = await makeTestCertificate({ commonName: 'xsoar stand-in test' });
  certClient = {
    clientId: '2c4e6a8b-1d3f-4a5b-8c7d-9e0f1a2b3c4d',
    clientSecret: '',
    redirectUris: [REDIRECT],
    certificatePem: cert.certPem,
  };
  entra = await startEntraStandin({
    tenants: [withOrganizationsAlias(DEMO_TENANT)],
    clients: [DEMO_CLIENT, DEMO_PUBLIC_CLIENT, certClient],
    deviceIntervalSeconds: 1,
  });
  s = await startXsoarStandin({ entraUrl: entra.url });
});
afterAll(async () => {
  await s?.close();
  await entra?.close();
});

let counter = 0;
const uniqueName = (): string => `path-${++counter}`;
const tokenEventsSince = (n: number): TokenEvent[] => entra.events.slice(n).filter((e): e is TokenEvent => e.kind === 'token');

async function put(brand: string, values: Record<string, unknown>, name = uniqueName()): Promise<string> {
  const answer = await call(s, 'PUT', '/settings/integration', instanceBody(await configurationOf(s, brand), name, values));
  expect(answer.status, answer.text).toBe(200);
  return name;
}

async function testButton(brand: string, values: Record<string, unknown>): Promise<{ success: boolean; message: string }> {
  const answer = await call(s, 'POST', '/settings/integration/test', instanceBody(await configurationOf(s, brand), uniqueName(), values));
  expect(answer.status).toBe(200);
  return answer.body;
}

async function authCodeFor(scope: string): Promise<string> {
  const q = new URLSearchParams({ client_id: DEMO_CLIENT.clientId, response_type: 'code', redirect_uri: REDIRECT, scope, state: 'x' });
  const location = new URL(
    await signInOverHttp(`${entra.url}/${DEMO_TENANT.id}/oauth2/v2.0/authorize?${q}`, { login: 'operator@contoso.onmicrosoft.com' }),
  );
  return location.searchParams.get('code') ?? '';
}

/** A refresh token of XSOAR's kind of public client, from a real device-code sign-in. */
async function deviceCodeRefreshToken(scope: string): Promise<string> {
  const post = async (path: string, form: Record<string, string>): Promise<Record<string, unknown>> => {
    const res = await fetch(`${entra.url}/${DEMO_TENANT.id}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const started = await post('/oauth2/v2.0/devicecode', { client_id: DEMO_PUBLIC_CLIENT.clientId, scope });
  await approveDeviceOverHttp(String(started['verification_uri']), String(started['user_code']), {
    login: 'operator@contoso.onmicrosoft.com',
  });
  const tokens = await post('/oauth2/v2.0/token', {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    client_id: DEMO_PUBLIC_CLIENT.clientId,
    device_code: String(started['device_code']),
  });
  if (typeof tokens['refresh_token'] !== 'string') throw new Error(`no refresh token: ${JSON.stringify(tokens)}`);
  return tokens['refresh_token'];
}

describe('xsoar stand-in auth: client credentials', () => {
  const sentinel = (secret: string): Record<string, unknown> => ({
    credentials: pwd(secret, { identifier: DEMO_CLIENT.clientId }),
    creds_tenant_id: pwd(DEMO_TENANT.id),
    subscriptionID: 'sub-1',
    resourceGroupName: 'rg-1',
    workspaceName: 'ws-1',
  });

  it('Sentinel: the Test button sends the identifier half as client_id, the password half as secret, the ARM .default scope', async () => {
    const before = entra.events.length;
    expect(await testButton('Azure Sentinel', sentinel(DEMO_CLIENT.clientSecret))).toEqual({ success: true, message: '' });
    expect(s.log.at(-1)?.tokenRequests.map((r) => r.form)).toEqual([
      {
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
        grant_type: 'client_credentials',
        scope: 'https://management.azure.com/.default',
      },
    ]);
    expect(s.log.at(-1)?.tokenRequests[0]?.url).toBe(`${entra.url}/${DEMO_TENANT.id}/oauth2/v2.0/token`);
    expect(tokenEventsSince(before)).toEqual([expect.objectContaining({ grantType: 'client_credentials', ok: true })]);
  });

  it("Sentinel with a stored credential: the token request carries the credential's user and password", async () => {
    const stored = await call(s, 'PUT', '/settings/credentials', {
      id: null,
      version: 0,
      name: 'sentinel-app',
      user: DEMO_CLIENT.clientId,
      password: DEMO_CLIENT.clientSecret,
      workgroup: '',
    });
    expect(stored.status).toBe(200);
    const name = await put('Azure Sentinel', {
      ...sentinel(''),
      credentials: { credential: 'sentinel-app', identifier: '', password: '', passwordChanged: false },
    });
    expect(JSON.stringify(s.instance(name)?.data)).not.toContain(DEMO_CLIENT.clientSecret);
    expect(
      await testButton('Azure Sentinel', { ...sentinel(''), credentials: { credential: 'sentinel-app', identifier: '', password: '' } }),
    ).toEqual({ success: true, message: '' });
    expect(s.log.at(-1)?.tokenRequests[0]?.form).toMatchObject({
      client_id: DEMO_CLIENT.clientId,
      client_secret: DEMO_CLIENT.clientSecret,
    });
  });

  it('Sentinel: !azure-sentinel-auth-reset runs and clears the context; Sentinel has no test command to run', async () => {
    const name = await put('Azure Sentinel', sentinel(DEMO_CLIENT.clientSecret));
    s.setContext(name, { access_token: 'old', valid_until: 1 });
    expect((await execute(s, `!azure-sentinel-auth-reset using="${name}"`)).body[0].type).toBe(1);
    expect(s.context(name)).toEqual({});
    expect((await execute(s, `!azure-sentinel-test using="${name}"`)).body[0]).toMatchObject({
      type: 4,
      contents: expect.stringContaining('Unsupported Command'),
    });
  });

  it('Microsoft 365 Defender refuses the Test button for client credentials, naming its auth-test command; the command passes', async () => {
    const values = {
      creds_client_id: pwd(DEMO_CLIENT.clientId),
      creds_tenant_id: pwd(DEMO_TENANT.id),
      credentials: pwd(DEMO_CLIENT.clientSecret),
      client_credentials: true,
    };
    expect(await testButton('Microsoft 365 Defender', values)).toEqual({
      success: false,
      message:
        'When using a self-deployed configuration, run the !microsoft-365-defender-auth-test command in order to test the connection',
    });
    const name = await put('Microsoft 365 Defender', values);
    expect((await execute(s, `!microsoft-365-defender-auth-test using="${name}"`)).body[0]).toMatchObject({
      type: 1,
      contents: '✅ Success!',
    });
    expect(s.log.at(-1)?.tokenRequests[0]?.form).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'https://security.microsoft.com/mtp/.default',
    });
  });

  it('Azure Managed Identities (checkbox or selector option) fail: no instance metadata service outside Azure', async () => {
    for (const [brand, values] of [
      ['Microsoft Graph User', { use_managed_identities: true, self_deployed: false }],
      ['Microsoft Defender Advanced Threat Protection', { auth_type: 'Azure Managed Identities' }],
    ] as const) {
      const before = entra.events.length;
      expect(await testButton(brand, values)).toEqual({
        success: false,
        message: expect.stringMatching(/^Error in Microsoft authorization with Azure Managed Identities/),
      });
      expect(tokenEventsSince(before)).toEqual([]);
    }
  });

  it("a missing secret and certificate fails the way the integration's main() does", async () => {
    expect(
      await testButton('Microsoft Graph User', {
        creds_auth_id: pwd(DEMO_CLIENT.clientId),
        creds_tenant_id: pwd(DEMO_TENANT.id),
        self_deployed: true,
      }),
    ).toEqual({
      success: false,
      message: 'Key or Certificate Thumbprint and Private Key must be provided.',
    });
  });
});

describe('xsoar stand-in auth: certificate', () => {
  it('sends an RS256 client assertion (x5t of the thumbprint, audience the token URL) instead of a secret, and Entra accepts it', async () => {
    const before = entra.events.length;
    const result = await testButton('Microsoft Graph User', {
      creds_auth_id: pwd(certClient.clientId),
      creds_tenant_id: pwd(DEMO_TENANT.id),
      self_deployed: true,
      // Pasted on one line, as the XSOAR form often gets it: the module puts the line breaks back.
      creds_certificate: pwd(cert.keyPem.replace(/\n/g, ' '), { identifier: cert.sha1Thumbprint }),
    });
    expect(result, result.message).toEqual({ success: true, message: '' });
    const form = s.log.at(-1)?.tokenRequests[0]?.form ?? {};
    expect(form).not.toHaveProperty('client_secret');
    expect(form['client_assertion_type']).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, payload] = (form['client_assertion'] ?? '')
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'RS256', x5t: Buffer.from(cert.sha1Thumbprint, 'hex').toString('base64url') });
    expect(payload).toMatchObject({
      iss: certClient.clientId,
      sub: certClient.clientId,
      aud: `${entra.url}/${DEMO_TENANT.id}/oauth2/v2.0/token`,
    });
    expect(tokenEventsSince(before)).toEqual([
      expect.objectContaining({ grantType: 'client_credentials', hasClientAssertion: true, ok: true }),
    ]);
  });

  it('a thumbprint of another certificate is refused by Entra (AADSTS700027) and reported', async () => {
    const other = await makeTestCertificate({ commonName: 'someone else' });
    const result = await testButton('Microsoft Graph User', {
      creds_auth_id: pwd(certClient.clientId),
      creds_tenant_id: pwd(DEMO_TENANT.id),
      self_deployed: true,
      creds_certificate: pwd(other.keyPem, { identifier: other.sha1Thumbprint }),
    });
    expect(result.success).toBe(false);
    expect(result.message).toMatch(/^Error in Microsoft authorization\. Status: 401, body: invalid_client\./);
  });
});

describe('xsoar stand-in auth: device code', () => {
  it('Microsoft 365 Defender: <client id>@<refresh token> seeds the context; the refresh goes to /organizations with client_id, grant_type and refresh_token only', async () => {
    const refreshToken = await deviceCodeRefreshToken('offline_access https://security.microsoft.com/mtp/.default');
    const name = await put('Microsoft 365 Defender', {
      creds_client_id: pwd(`${DEMO_PUBLIC_CLIENT.clientId}@${refreshToken}`),
      client_credentials: false,
    });
    const before = entra.events.length;
    const answer = await execute(s, `!microsoft-365-defender-auth-test using="${name}"`);
    expect(answer.body[0], answer.body[0]?.contents).toMatchObject({ type: 1, contents: '✅ Success!' });
    const request = s.log.at(-1)?.tokenRequests[0];
    expect(request?.url).toBe(`${entra.url}/organizations/oauth2/v2.0/token`);
    expect(request?.form).toEqual({ client_id: DEMO_PUBLIC_CLIENT.clientId, grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(tokenEventsSince(before)).toEqual([
      expect.objectContaining({ grantType: 'refresh_token', tenant: 'organizations', hasClientSecret: false, ok: true }),
    ]);
    expect(s.context(name)?.['current_refresh_token']).toMatch(/\S/);
  });

  it('the Test button refuses device code, naming the auth-start, auth-complete and auth-test commands', async () => {
    expect(
      await testButton('Azure Network Security Groups', {
        app_id: `${DEMO_PUBLIC_CLIENT.clientId}@whatever`,
        auth_type: 'Device Code',
        subscription_id: 'sub',
        resource_group_name: 'rg',
      }),
    ).toEqual({
      success: false,
      message:
        'This integration does not have a test module. Please run !azure-nsg-auth-start and !azure-nsg-auth-complete and check the connection using !azure-nsg-auth-test',
    });
  });

  it('Microsoft Graph API picks device code when no secret or tenant is set, and fails without a sign-in in the context', async () => {
    const name = await put('Microsoft Graph API', {});
    const answer = await execute(s, `!msgraph-api-test using="${name}"`);
    expect(answer.body[0].type).toBe(4);
    expect(s.log.at(-1)?.tokenRequests[0]?.form).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: '8922dd2d-7539-4711-b839-374f86083959',
    });
  });
});

describe('xsoar stand-in auth: Defender for Endpoint authorization code', () => {
  it('redeems at /organizations with the configured redirect_uri and no verifier; the Test button refuses it naming !microsoft-atp-test', async () => {
    const values = {
      _auth_id: DEMO_CLIENT.clientId,
      _tenant_id: DEMO_TENANT.id,
      credentials: pwd(DEMO_CLIENT.clientSecret),
      self_deployed: true,
      auth_type: 'Authorization Code',
      redirect_uri: REDIRECT,
      auth_code: pwd(await authCodeFor('offline_access https://securitycenter.onmicrosoft.com/windowsatpservice/.default')),
    };
    expect((await testButton('Microsoft Defender Advanced Threat Protection', values)).message).toMatch(
      /run the !microsoft-atp-test command/,
    );
    const name = await put('Microsoft Defender Advanced Threat Protection', values);
    const answer = await execute(s, `!microsoft-atp-test using="${name}"`);
    expect(answer.body[0], answer.body[0]?.contents).toMatchObject({ type: 1 });
    expect(s.log.at(-1)?.tokenRequests[0]?.url).toBe(`${entra.url}/organizations/oauth2/v2.0/token`);
    expect(s.log.at(-1)?.tokenRequests[0]?.form).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT,
      client_secret: DEMO_CLIENT.clientSecret,
    });
  });
});

describe('xsoar stand-in auth: Cortex XSOAR application (oproxy)', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const oproxy = (k: string): Record<string, unknown> => ({
    creds_auth_id: pwd('reg-42@https://oproxy.example/token'),
    creds_tenant_id: pwd('tok-ABC'),
    creds_enc_key: pwd(k),
    self_deployed: false,
  });

  it('checks only the shape of ID, Token and Key (the service cannot be reached) and says so; Entra is not asked', async () => {
    const before = entra.events.length;
    const name = await put('Microsoft Graph User', oproxy(key));
    const answer = await execute(s, `!msgraph-user-test using="${name}"`);
    expect(answer.body[0]).toMatchObject({ type: 1, contents: expect.stringContaining('the Cortex XSOAR application was not contacted') });
    expect(tokenEventsSince(before)).toEqual([]);
    expect(s.log.at(-1)?.tokenRequests).toEqual([]);
  });

  it('a Key that is not an AES key in base64 fails; a missing Key fails as the integration does', async () => {
    expect(await testButton('Microsoft Graph User', oproxy(Buffer.alloc(10).toString('base64')))).toMatchObject({
      success: false,
      message: expect.stringMatching(/Invalid key size/),
    });
    expect(await testButton('Microsoft Graph User', oproxy(''))).toMatchObject({
      success: false,
      message: expect.stringMatching(/^Key must be provided/),
    });
  });
});

describe('xsoar stand-in auth: Graph Mail Single User', () => {
  it('always uses the authorization code flow, so the Test button refuses it naming !msgraph-mail-test', async () => {
    const result = await testButton('Microsoft Graph Mail Single User', {
      creds_auth_id: pwd(DEMO_CLIENT.clientId),
      creds_refresh_token: pwd(DEMO_TENANT.id),
      creds_enc_key: pwd(DEMO_CLIENT.clientSecret),
      self_deployed: true,
      redirect_uri: REDIRECT,
      creds_auth_code: pwd('code'),
      mailbox_to_fetch: 'soc@contoso.com',
    });
    expect(result).toMatchObject({ success: false, message: expect.stringContaining('run the !msgraph-mail-test command') });
  });
});
