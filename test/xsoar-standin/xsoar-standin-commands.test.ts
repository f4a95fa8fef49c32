/**
 * The XSOAR stand-in's Test button and War Room commands: each runs the instance's
 * authentication against the Entra stand-in the way MicrosoftApiModule does, with the
 * per-instance integration context (why `!…-auth-reset` matters), plus the playground lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, DEMO_TENANT, signInOverHttp, startEntraStandin, type Standin, type TokenEvent } from '../standin/entra-standin.js';
import { call, configurationOf, execute, instanceBody, pwd, searchedInstance } from './xsoar-client.js';
import { startXsoarStandin, type XsoarStandin } from './xsoar-standin.js';

const REDIRECT = 'https://localhost/myapp';
let entra: Standin;
let s: XsoarStandin;
let graphUser: any;

beforeAll(async () => {
  entra = await startEntraStandin();
  s = await startXsoarStandin({ entraUrl: entra.url, integrations: ['msgraph-user', 'azure-sentinel'] });
  graphUser = await configurationOf(s, 'Microsoft Graph User');
});
afterAll(async () => {
  await s?.close();
  await entra?.close();
});

let counter = 0;
const uniqueName = (): string => `cmd-${++counter}`;

/** A fresh authorization code for XSOAR: requested without PKCE, redirect_uri as the instance has it. */
async function freshCode(): Promise<string> {
  const q = new URLSearchParams({
    client_id: DEMO_CLIENT.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'offline_access https://graph.microsoft.com/.default',
    state: 's1',
  });
  const location = new URL(
    await signInOverHttp(`${entra.url}/${DEMO_TENANT.id}/oauth2/v2.0/authorize?${q}`, { login: 'operator@contoso.onmicrosoft.com' }),
  );
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.href}`);
  return code;
}

const authCodeValues = (code: string, secret = DEMO_CLIENT.clientSecret): Record<string, unknown> => ({
  creds_auth_id: pwd(DEMO_CLIENT.clientId),
  creds_tenant_id: pwd(DEMO_TENANT.id),
  creds_enc_key: pwd(secret),
  self_deployed: true,
  redirect_uri: REDIRECT,
  creds_auth_code: pwd(code),
});
const clientCredentialValues = (secret = DEMO_CLIENT.clientSecret): Record<string, unknown> => ({
  creds_auth_id: pwd(DEMO_CLIENT.clientId),
  creds_tenant_id: pwd(DEMO_TENANT.id),
  creds_enc_key: pwd(secret),
  self_deployed: true,
});

async function put(body: Record<string, unknown>): Promise<any> {
  const answer = await call(s, 'PUT', '/settings/integration', body);
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

const tokenEventsSince = (n: number): TokenEvent[] => entra.events.slice(n).filter((e): e is TokenEvent => e.kind === 'token');

describe('xsoar stand-in: the Test button (POST /settings/integration/test)', () => {
  it('refuses self-deployed auth code with success false naming !msgraph-user-test, without asking Entra', async () => {
    const before = entra.events.length;
    const answer = await call(
      s,
      'POST',
      '/settings/integration/test',
      instanceBody(graphUser, uniqueName(), authCodeValues('unused-code')),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: false,
      message:
        'When using a self-deployed configuration with authorization code and redirect uri, Please enable the integration and run the !msgraph-user-test command in order to test it',
    });
    expect(tokenEventsSince(before)).toEqual([]);
  });

  it('runs client credentials against Entra (client_credentials grant, the Graph .default scope) and keeps no context', async () => {
    const saved = await put(instanceBody(graphUser, uniqueName(), clientCredentialValues()));
    const before = entra.events.length;
    const answer = await call(s, 'POST', '/settings/integration/test', await searchedInstance(s, saved.name));
    expect(answer.body).toEqual({ success: true, message: '' });
    const [event, ...more] = tokenEventsSince(before);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      grantType: 'client_credentials',
      clientId: DEMO_CLIENT.clientId,
      tenantId: DEMO_TENANT.id,
      hasClientSecret: true,
      ok: true,
    });
    // The masked secret in the searched instance was replaced by the stored one before the test ran.
    expect(s.log.at(-1)?.tokenRequests[0]?.form).toMatchObject({
      client_secret: DEMO_CLIENT.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    expect(s.context(saved.name)).toEqual({});
  });

  it("tests the values in the body, not the saved ones: a wrong secret fails with MicrosoftApiModule's message", async () => {
    const answer = await call(
      s,
      'POST',
      '/settings/integration/test',
      instanceBody(graphUser, uniqueName(), clientCredentialValues('Wrong8Q~not-the-secret')),
    );
    expect(answer.body.success).toBe(false);
    expect(answer.body.message).toMatch(
      /^Error in Microsoft authorization\. Status: 401, body: invalid_client\. \nInvalid client secret provided\./,
    );
  });

  it('refuses a body whose brand is not installed (400)', async () => {
    const answer = await call(s, 'POST', '/settings/integration/test', {
      ...instanceBody(graphUser, uniqueName(), {}),
      brand: 'Entra ID Users',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.id).toBe('errUnknownIntegration');
  });
});

describe('xsoar stand-in: War Room commands (POST /entry/execute/sync)', () => {
  it("!msgraph-user-test redeems the code as MicrosoftApiModule does and keeps the refresh token in the instance's context", async () => {
    const saved = await put(instanceBody(graphUser, uniqueName(), authCodeValues(await freshCode())));
    const before = entra.events.length;
    const answer = await execute(s, `!msgraph-user-test using="${saved.name}"`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      expect.objectContaining({
        type: 1,
        contents: '✅ Success!',
        brand: 'Microsoft Graph User',
        instance: saved.name,
        investigationId: s.playgroundId,
        parentContent: `!msgraph-user-test using="${saved.name}"`,
      }),
    ]);
    const [event, ...more] = tokenEventsSince(before);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      grantType: 'authorization_code',
      hasCodeVerifier: false,
      hasClientSecret: true,
      redirectUri: REDIRECT,
      ok: true,
    });
    const form = s.log.at(-1)?.tokenRequests[0]?.form ?? {};
    expect(Object.keys(form).sort()).toEqual(['client_id', 'client_secret', 'code', 'grant_type', 'redirect_uri']);
    const context = s.context(saved.name) ?? {};
    expect(context['current_refresh_token']).toMatch(/\S{20,}/);
    expect(context['access_token']).toMatch(/\S/);
    expect(context['valid_until']).toBeGreaterThan(Date.now() / 1000);
  });

  it('a refresh token in the context is preferred over a new code until !msgraph-user-auth-reset clears the context', async () => {
    const name = uniqueName();
    const saved = await put(instanceBody(graphUser, name, authCodeValues(await freshCode())));
    expect((await execute(s, `!msgraph-user-test using="${name}"`)).body[0].type).toBe(1);
    const oldRefresh = s.context(name)?.['current_refresh_token'];

    // A new code is pushed into the instance (passwordChanged: true).
    const newCode = await freshCode();
    const read = await searchedInstance(s, name);
    await put({
      ...read,
      data: read.data.map((d: any) => (d.name === 'creds_auth_code' ? { ...d, value: pwd(newCode, { passwordChanged: true }) } : d)),
    });
    expect(s.context(name)?.['current_refresh_token']).toBe(oldRefresh); // the context survives updates

    // The cached access token answers without Entra; once expired, the old refresh token is used, the new code not.
    let before = entra.events.length;
    expect((await execute(s, `!msgraph-user-test using="${name}"`)).body[0].type).toBe(1);
    expect(tokenEventsSince(before)).toEqual([]);
    s.setContext(name, { ...s.context(name), valid_until: 0 });
    before = entra.events.length;
    await execute(s, `!msgraph-user-test using="${name}"`);
    expect(tokenEventsSince(before).map((e) => e.grantType)).toEqual(['refresh_token']);
    expect(s.log.at(-1)?.tokenRequests[0]?.form['refresh_token']).toBe(oldRefresh);

    const reset = await execute(s, `!msgraph-user-auth-reset using="${name}"`);
    expect(reset.body).toEqual([
      expect.objectContaining({
        type: 1,
        contents:
          'Authorization was reset successfully. Please regenerate the credentials, and then click **Test** to validate the credentials and connection.',
      }),
    ]);
    expect(s.context(name)).toEqual({});
    before = entra.events.length;
    expect((await execute(s, `!msgraph-user-test using="${name}"`)).body[0].type).toBe(1);
    expect(tokenEventsSince(before).map((e) => e.grantType)).toEqual(['authorization_code']);
    expect(s.log.at(-1)?.tokenRequests[0]?.form['code']).toBe(newCode);
    expect(saved.id).toBe(s.instance(name)?.id);
  });

  it('an auth code starting with refresh_token: is sent as a refresh token', async () => {
    const code = await freshCode();
    const redeemed = await fetch(`${entra.url}/${DEMO_TENANT.id}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
      }),
    });
    const refreshToken = ((await redeemed.json()) as { refresh_token: string }).refresh_token;
    const saved = await put(instanceBody(graphUser, uniqueName(), authCodeValues(`refresh_token:${refreshToken}`)));
    const before = entra.events.length;
    expect((await execute(s, `!msgraph-user-test using="${saved.name}"`)).body[0]).toMatchObject({ type: 1 });
    expect(tokenEventsSince(before)).toEqual([expect.objectContaining({ grantType: 'refresh_token', ok: true })]);
    expect(s.log.at(-1)?.tokenRequests[0]?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      redirect_uri: REDIRECT,
    });
  });

  it("a code used twice, or a revoked refresh token, fails with an error entry (type 4) carrying Entra's message and the auth-reset hint", async () => {
    const name = uniqueName();
    await put(instanceBody(graphUser, name, authCodeValues(await freshCode())));
    expect((await execute(s, `!msgraph-user-test using="${name}"`)).body[0].type).toBe(1);
    await execute(s, `!msgraph-user-auth-reset using="${name}"`);
    const reused = await execute(s, `!msgraph-user-test using="${name}"`);
    expect(reused.body).toHaveLength(1);
    expect(reused.body[0]).toMatchObject({ type: 4, instance: name });
    expect(reused.body[0].contents).toMatch(
      /^Error in Microsoft authorization\. Status: 400, body: invalid_grant\. \n.+\nYou can run the \*\*\*msgraph-user-auth-reset\*\*\* command to reset the authentication process\.$/s,
    );
    expect(s.context(name)).toEqual({});

    s.setContext(name, { current_refresh_token: 'not-a-refresh-token' });
    const bad = await execute(s, `!msgraph-user-test using="${name}"`);
    expect(bad.body[0].type).toBe(4);
    expect(s.log.at(-1)?.tokenRequests[0]?.form).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' });
  });

  it('a disabled instance cannot run commands: an error entry says so, and Entra is not asked', async () => {
    const saved = await put(instanceBody(graphUser, uniqueName(), clientCredentialValues(), { enabled: 'false' }));
    const before = entra.events.length;
    const answer = await execute(s, `!msgraph-user-test using="${saved.name}"`);
    expect(answer.body).toEqual([
      expect.objectContaining({ type: 4, contents: `The instance "${saved.name}" is disabled. Enable it to run commands.` }),
    ]);
    expect(tokenEventsSince(before)).toEqual([]);
  });

  it('without using= the command runs on every enabled instance that implements it', async () => {
    const enabledNames = s
      .instances()
      .filter((i) => i.enabled === 'true' && i.brand === 'Microsoft Graph User')
      .map((i) => i.name);
    const answer = await execute(s, '!msgraph-user-auth-reset');
    expect(answer.body.map((e: any) => e.instance).sort()).toEqual(enabledNames.sort());
    expect(answer.body.every((e: any) => e.type === 1)).toBe(true);
  });

  it('a command no instance has, an unknown instance and a non-command answer error entries', async () => {
    expect((await execute(s, '!no-such-command')).body).toEqual([
      expect.objectContaining({ type: 4, contents: expect.stringContaining('Unsupported Command : no-such-command') }),
    ]);
    expect((await execute(s, '!msgraph-user-test using="nobody"')).body).toEqual([
      expect.objectContaining({ type: 4, contents: 'Instance "nobody" was not found' }),
    ]);
    expect((await execute(s, 'hello')).body[0].type).toBe(4);
  });

  it('an investigation that does not exist is refused with 400', async () => {
    const answer = await execute(s, '!msgraph-user-auth-reset', 'no-such-investigation');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ id: 'errInvestigationNotFound', status: 400 });
  });
});

describe("xsoar stand-in v6: the key owner's playground", () => {
  it('POST /investigations/search type 9 lists every playground; GET /user names the key owner to pick the right one', async () => {
    const search = await call(s, 'POST', '/investigations/search', { filter: { type: [9], page: 0 } });
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(2);
    const user = await call(s, 'GET', '/user');
    expect(user.body.username).toBe('admin');
    const mine = search.body.data.filter((i: any) => i.creatingUserId === user.body.username);
    expect(mine.map((i: any) => i.id)).toEqual([s.playgroundId]);
  });
});
