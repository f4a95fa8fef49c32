/**
 * The XSOAR stand-in (v6 mode): key check, /about, the integration search, and every rule of
 * xsoar-api.md section 8 for `PUT /settings/integration`, masking, updates and deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, configurationOf, instanceBody, pwd, searchedInstance } from './xsoar-client.js';
import { startXsoarStandin, XSOAR_MASK, type XsoarStandin } from './xsoar-standin.js';

let s: XsoarStandin;
let graphUser: any;
const GRAPH_USER = 'Microsoft Graph User';

beforeAll(async () => {
  s = await startXsoarStandin({ integrations: ['msgraph-user', 'azure-sentinel', 'Microsoft Defender Advanced Threat Protection'] });
  graphUser = await configurationOf(s, GRAPH_USER);
});
afterAll(async () => s?.close());

let counter = 0;
const uniqueName = (): string => `inst-${++counter}`;
const graphValues = (secret = 'secret-1'): Record<string, unknown> => ({
  creds_auth_id: pwd('client-1'),
  creds_tenant_id: pwd('tenant-1'),
  creds_enc_key: pwd(secret),
  self_deployed: true,
});

async function create(name = uniqueName(), values = graphValues()): Promise<any> {
  const answer = await call(s, 'PUT', '/settings/integration', instanceBody(graphUser, name, values));
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

function expectError(answer: { status: number; body: any }, id: string, detail?: RegExp): void {
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ id, status: 400, encrypted: false, multires: null });
  expect(typeof answer.body.title).toBe('string');
  if (detail) expect(answer.body.detail).toMatch(detail);
}

describe('xsoar stand-in v6: key and server identity', () => {
  it('a missing or wrong Authorization key gets 403 with the CSRF body; the right key gets 200', async () => {
    const csrf = {
      id: 'forbidden',
      status: 403,
      title: 'Forbidden',
      detail: 'Issue with CSRF code',
      error: 'http: named cookie not present',
      encrypted: false,
      multires: null,
    };
    const none = await call(s, 'GET', '/about', undefined, { headers: {} });
    expect(none.status).toBe(403);
    expect(none.body).toEqual(csrf);
    const wrong = await call(s, 'POST', '/settings/integration/search', {}, { headers: { authorization: `Bearer ${s.apiKey}` } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual(csrf);
    expect((await call(s, 'GET', '/about')).status).toBe(200);
  });

  it('/about answers XSOAR 6 fields; an older server configured with demistoVersion only answers just that', async () => {
    expect((await call(s, 'GET', '/about')).body).toMatchObject({ demistoVersion: '6.13.0', productMode: 'xsoar', deploymentMode: 'opp' });
    const old = await startXsoarStandin({ about: { demistoVersion: '6.2.0' }, integrations: [] });
    try {
      expect((await call(old, 'GET', '/about')).body).toEqual({ demistoVersion: '6.2.0' });
    } finally {
      await old.close();
    }
  });

  it("/health/server answers 200; an unknown path answers Go's 404 text", async () => {
    expect((await call(s, 'GET', '/health/server')).status).toBe(200);
    const missing = await call(s, 'GET', '/no/such/endpoint');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('404 page not found\n');
  });
});

describe('xsoar stand-in v6: integration search', () => {
  it('lists only the installed integrations, each a module configuration with camelCase parameter definitions from the YAML', async () => {
    const search = await call(s, 'POST', '/settings/integration/search', { size: 500 });
    expect(search.status).toBe(200);
    expect(search.body.configurations.map((c: any) => c.name).sort()).toEqual([
      'Azure Sentinel',
      'Microsoft Defender Advanced Threat Protection',
      GRAPH_USER,
    ]);
    expect(Array.isArray(search.body.instances)).toBe(true);
    expect(graphUser).toMatchObject({ id: GRAPH_USER, name: GRAPH_USER, display: 'Entra ID Users', category: 'Analytics & SIEM' });
    expect(graphUser.integrationScript.commands.map((c: any) => c.name)).toContain('msgraph-user-auth-reset');
    const byName = new Map(graphUser.configuration.map((f: any) => [f.name, f]));
    expect(byName.get('creds_enc_key')).toMatchObject({
      type: 9,
      displayPassword: 'Key / Client Secret',
      hiddenUsername: true,
      hiddenPassword: false,
      required: false,
      display: '',
      defaultValue: '',
    });
    expect(byName.get('azure_cloud')).toMatchObject({
      type: 15,
      defaultValue: 'Worldwide',
      options: ['Worldwide', 'US GCC', 'US GCC-High', 'DoD', 'Germany', 'China'],
    });
    expect(byName.get('host')).toMatchObject({ type: 0, required: true, defaultValue: 'https://graph.microsoft.com', options: null });
    expect(byName.get('auth_id')).toMatchObject({ type: 4, hidden: true });
    expect((byName.get('certificate_thumbprint') as any).info).toMatch(/certificate authentication/);
  });

  it('a search body that is not JSON gets 400 bad_request "Request body is not well-formed"', async () => {
    const answer = await call(s, 'POST', '/settings/integration/search', undefined, { raw: '{size: 1' });
    expectError(answer, 'bad_request', /Request body is not well-formed\. It must be JSON\./);
  });
});

describe('xsoar stand-in v6: creating an instance', () => {
  it('PUT without id creates it (version 1, new id, configuration attached) and answers with secrets masked', async () => {
    const saved = await create('created-1');
    expect(saved).toMatchObject({ name: 'created-1', brand: GRAPH_USER, enabled: 'true', version: 1, category: 'Analytics & SIEM' });
    expect(saved.id).toMatch(/\S/);
    expect(saved.configuration.integrationScript.commands.length).toBeGreaterThan(5);
    const data = new Map(saved.data.map((d: any) => [d.name, d]));
    expect((data.get('creds_enc_key') as any).value).toEqual({
      credential: '',
      identifier: '',
      password: XSOAR_MASK,
      passwordChanged: false,
    });
    expect((data.get('creds_auth_id') as any).value.password).toBe(XSOAR_MASK);
    expect((data.get('self_deployed') as any).value).toBe(true);
    expect((data.get('host') as any).value).toBe('https://graph.microsoft.com');
    // Stored in clear, shown masked by search too.
    expect(s.instance('created-1')?.data.find((d) => d.name === 'creds_enc_key')?.value).toMatchObject({ password: 'secret-1' });
    const searched = await searchedInstance(s, 'created-1');
    expect(searched.data.find((d: any) => d.name === 'creds_enc_key').value.password).toBe(XSOAR_MASK);
    expect(JSON.stringify(searched)).not.toContain('secret-1');
  });

  it('type 4 and 14 values are masked on read', async () => {
    const saved = await create(uniqueName(), { ...graphValues(), enc_key: 'legacy-secret', private_key: '-----BEGIN PRIVATE KEY-----x' });
    const data = new Map(saved.data.map((d: any) => [d.name, d.value]));
    expect(data.get('enc_key')).toBe(XSOAR_MASK);
    expect(data.get('private_key')).toBe(XSOAR_MASK);
    expect(data.get('auth_id')).toBe('');
  });

  it('a boolean given as the string "true" is accepted and stored as true', async () => {
    const saved = await create(uniqueName(), { ...graphValues(), self_deployed: 'true' });
    expect(saved.data.find((d: any) => d.name === 'self_deployed').value).toBe(true);
  });

  it.each<[string, (b: Record<string, any>) => void, string, RegExp]>([
    ['an unknown brand', (b) => (b['brand'] = 'Microsoft Graph Users'), 'errUnknownIntegration', /Microsoft Graph Users/],
    [
      'the display name used as brand',
      (b) => (b['brand'] = 'Entra ID Users'),
      'errUnknownIntegration',
      /display name of "Microsoft Graph User"/,
    ],
    ['an id that does not exist', (b) => (b['id'] = 'no-such-id'), 'errInstanceNotFound', /no-such-id/],
    ['an empty name', (b) => (b['name'] = ' '), 'errMissingInstanceName', /name/],
    [
      'a data entry naming a parameter the integration lacks',
      (b) => b['data'].push({ name: 'endpoint_type', value: 'Worldwide' }),
      'errInvalidParameter',
      /no parameter named "endpoint_type"/,
    ],
    [
      'a parameter given twice',
      (b) => b['data'].push({ name: 'host', value: 'https://graph.microsoft.com' }),
      'errInvalidParameter',
      /"host" appears more than once/,
    ],
    [
      'a checkbox given "yes"',
      (b) => setValue(b, 'self_deployed', 'yes'),
      'errInvalidParameterValue',
      /"self_deployed" must be true or false/,
    ],
    [
      'a credentials parameter given a string',
      (b) => setValue(b, 'creds_enc_key', 'secret'),
      'errInvalidParameterValue',
      /"creds_enc_key" must be an object/,
    ],
    [
      'a select value outside its options',
      (b) => setValue(b, 'azure_cloud', 'Worldwide (commercial)'),
      'errInvalidParameterValue',
      /"azure_cloud" must be one of "Worldwide"/,
    ],
    [
      'a string parameter given a number',
      (b) => setValue(b, 'redirect_uri', 42),
      'errInvalidParameterValue',
      /"redirect_uri" must be a string/,
    ],
    [
      'a stored credential that does not exist',
      (b) => setValue(b, 'creds_enc_key', { credential: 'missing-cred', identifier: '', password: '' }),
      'errCredentialNotFound',
      /missing-cred/,
    ],
    [
      'a required parameter without default left empty (Sentinel subscriptionID)',
      (b) => Object.assign(b, sentinelBody()),
      'errMissingRequiredParameter',
      /"subscriptionID"/,
    ],
  ])('refuses %s with 400', async (_, change, id, detail) => {
    const body = instanceBody(graphUser, uniqueName(), graphValues());
    change(body);
    const before = s.instances().length;
    expectError(await call(s, 'PUT', '/settings/integration', body), id, detail);
    expect(s.instances().length).toBe(before);
  });

  it('a required parameter with a default left empty takes the default (Graph User host)', async () => {
    const saved = await create(uniqueName(), { ...graphValues(), host: '' });
    expect(saved.data.find((d: any) => d.name === 'host').value).toBe('https://graph.microsoft.com');
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['enabled as a boolean', { enabled: true }, /cannot unmarshal bool into Go struct field ModuleInstance\.enabled of type string/],
    ['version as a string', { version: '0' }, /cannot unmarshal string into Go struct field ModuleInstance\.version of type int64/],
    ['version as a fraction', { version: 1.5 }, /cannot unmarshal number 1\.5 into Go struct field ModuleInstance\.version of type int64/],
    ['data as an object', { data: { host: 'x' } }, /cannot unmarshal object into Go struct field ModuleInstance\.data/],
  ])('refuses %s as bad_request "Request body is not well-formed" (Go unmarshal)', async (_, change, error) => {
    const answer = await call(s, 'PUT', '/settings/integration', { ...instanceBody(graphUser, uniqueName(), graphValues()), ...change });
    expectError(answer, 'bad_request', /Request body is not well-formed/);
    expect(answer.body.error).toMatch(error);
  });

  it('a second instance with an existing name is refused (errDuplicateInstanceName)', async () => {
    const name = uniqueName();
    await create(name);
    expectError(
      await call(s, 'PUT', '/settings/integration', instanceBody(graphUser, name, graphValues())),
      'errDuplicateInstanceName',
      new RegExp(name),
    );
  });

  it('a stored credential that exists is accepted and referenced with its stub', async () => {
    expect(
      (
        await call(s, 'PUT', '/settings/credentials', {
          id: null,
          version: 0,
          name: 'graph-key',
          user: '',
          password: 'from-store',
          workgroup: '',
        })
      ).status,
    ).toBe(200);
    const saved = await create(uniqueName(), {
      ...graphValues(),
      creds_enc_key: { credential: 'graph-key', identifier: '', password: '' },
    });
    const value = saved.data.find((d: any) => d.name === 'creds_enc_key').value;
    expect(value).toMatchObject({ credential: 'graph-key', credentials: { id: 'graph-key', name: 'graph-key' } });
    expect(JSON.stringify(saved)).not.toContain('from-store');
  });
});

function setValue(body: Record<string, any>, name: string, value: unknown): void {
  const entry = body['data'].find((d: any) => d.name === name);
  entry.value = value;
  entry.hasvalue = true;
}

/** A Sentinel body with credentials but without its required subscription, resource group and workspace. */
function sentinelBody(): Record<string, unknown> {
  return {
    brand: 'Azure Sentinel',
    data: [
      { name: 'credentials', value: pwd('secret', { identifier: 'client-1' }) },
      { name: 'creds_tenant_id', value: pwd('tenant-1') },
    ],
  };
}

describe('xsoar stand-in v6: updating an instance', () => {
  it('an update is a full replacement: a parameter left out of data falls back to its default', async () => {
    const first = await create(uniqueName(), { ...graphValues(), azure_cloud: 'US GCC-High', redirect_uri: 'https://localhost/myapp' });
    const body: Record<string, unknown> = { ...instanceBody(graphUser, first.name, {}), id: first.id, version: first.version };
    body['data'] = (first.data as any[]).filter((d) => d.name !== 'azure_cloud' && d.name !== 'redirect_uri');
    const answer = await call(s, 'PUT', '/settings/integration', body);
    expect(answer.status, answer.text).toBe(200);
    const stored = s.instance(first.name);
    expect(stored?.data.find((d) => d.name === 'azure_cloud')?.value).toBe('Worldwide');
    expect(stored?.data.find((d) => d.name === 'redirect_uri')?.value).toBe('');
    expect(stored?.version).toBe(2);
  });

  it('sending the masked values back keeps the stored secrets (type 9 password halves and type 4)', async () => {
    const first = await create(uniqueName(), { ...graphValues('kept-secret'), enc_key: 'kept-legacy' });
    const read = await searchedInstance(s, first.name);
    const answer = await call(s, 'PUT', '/settings/integration', { ...read, data: read.data });
    expect(answer.status, answer.text).toBe(200);
    const stored = s.instance(first.name);
    expect(stored?.data.find((d) => d.name === 'creds_enc_key')?.value).toMatchObject({ password: 'kept-secret' });
    expect(stored?.data.find((d) => d.name === 'enc_key')?.value).toBe('kept-legacy');
  });

  it('a new type 9 password replaces the stored one only with passwordChanged: true; otherwise it is ignored and noted in the log', async () => {
    const first = await create(uniqueName(), graphValues('old-secret'));
    const read = await searchedInstance(s, first.name);
    const withNew = (passwordChanged: boolean, version: number) => ({
      ...read,
      version,
      data: read.data.map((d: any) => (d.name === 'creds_enc_key' ? { ...d, value: pwd('new-secret', { passwordChanged }) } : d)),
    });
    const ignored = await call(s, 'PUT', '/settings/integration', withNew(false, read.version));
    expect(ignored.status).toBe(200);
    expect(s.instance(first.name)?.data.find((d) => d.name === 'creds_enc_key')?.value).toMatchObject({ password: 'old-secret' });
    expect(s.log.at(-1)?.notes).toContain('creds_enc_key: password ignored (passwordChanged is not true); the stored password is kept');
    // The log keeps the body as sent, secrets included.
    expect(JSON.stringify(s.log.at(-1)?.body)).toContain('new-secret');
    const changed = await call(s, 'PUT', '/settings/integration', withNew(true, ignored.body.version));
    expect(changed.status).toBe(200);
    expect(s.instance(first.name)?.data.find((d) => d.name === 'creds_enc_key')?.value).toMatchObject({
      password: 'new-secret',
      passwordChanged: false,
    });
  });

  it('a stale version is refused with errVersionMismatch; the current version and -1 are accepted', async () => {
    const first = await create();
    const body = (version: number) => ({ ...instanceBody(graphUser, first.name, graphValues()), id: first.id, version });
    const stale = await call(s, 'PUT', '/settings/integration', body(0));
    expectError(stale, 'errVersionMismatch', /version 0, current 1/);
    expect((await call(s, 'PUT', '/settings/integration', body(1))).body.version).toBe(2);
    expect((await call(s, 'PUT', '/settings/integration', body(-1))).body.version).toBe(3);
  });

  it('an edit by someone else meanwhile (editInstance) makes the version read before it stale', async () => {
    const first = await create();
    s.editInstance(first.name, { redirect_uri: 'https://elsewhere.example/cb' });
    const answer = await call(s, 'PUT', '/settings/integration', {
      ...instanceBody(graphUser, first.name, graphValues()),
      id: first.id,
      version: first.version,
    });
    expectError(answer, 'errVersionMismatch');
  });

  it("renaming onto another instance's name is refused; renaming to a free name works", async () => {
    const a = await create();
    const b = await create();
    const rename = (name: string) => ({ ...instanceBody(graphUser, name, graphValues()), id: b.id, version: -1 });
    expectError(await call(s, 'PUT', '/settings/integration', rename(a.name)), 'errDuplicateInstanceName');
    expect((await call(s, 'PUT', '/settings/integration', rename(`${b.name}-renamed`))).body.name).toBe(`${b.name}-renamed`);
  });
});

describe('xsoar stand-in v6: deleting an instance', () => {
  it('DELETE /settings/integration/{id} removes the instance and its integration context; an unknown id is refused', async () => {
    const first = await create();
    s.setContext(first.name, { current_refresh_token: 'rt' });
    const gone = await call(s, 'DELETE', `/settings/integration/${encodeURIComponent(first.id)}`);
    expect(gone.status).toBe(200);
    expect(s.instance(first.name)).toBeUndefined();
    expect(s.context(first.name)).toBeUndefined();
    expectError(await call(s, 'DELETE', `/settings/integration/${encodeURIComponent(first.id)}`), 'errInstanceNotFound');
    // A new instance of the same name starts with an empty context.
    await create(first.name);
    expect(s.context(first.name)).toEqual({});
  });
});

describe('xsoar stand-in v6: credentials store', () => {
  it('PUT by name without id overwrites; with id the version must be -1 or the current one; search never shows the password', async () => {
    const put = (body: Record<string, unknown>) => call(s, 'PUT', '/settings/credentials', { workgroup: '', sshkey: '', ...body });
    expect((await put({ id: null, version: 0, name: 'store-1', user: 'u1', password: 'p1' })).body).toMatchObject({
      id: 'store-1',
      version: 1,
      hasPassword: true,
    });
    expect((await put({ name: 'store-1', user: 'u2', password: 'p2' })).body).toMatchObject({ version: 2, user: 'u2' });
    const stale = await put({ id: 'store-1', version: 1, name: 'store-1', user: 'u3', password: 'p3' });
    expectError(stale, 'errVersionMismatch');
    expect((await put({ id: 'store-1', version: 2, name: 'store-1', user: 'u3', password: 'p3' })).body.version).toBe(3);
    expect((await put({ id: 'store-1', version: -1, name: 'store-1', user: 'u4', password: 'p4' })).body.version).toBe(4);
    const search = await call(s, 'POST', '/settings/credentials', { page: 0, size: 200, query: '' });
    const entry = search.body.credentials.find((c: any) => c.name === 'store-1');
    expect(entry).toMatchObject({ id: 'store-1', user: 'u4', hasPassword: true, version: 4 });
    expect(JSON.stringify(search.body)).not.toContain('p4');
    expect((await call(s, 'POST', '/settings/credentials/delete', { id: 'store-1' })).status).toBe(200);
    expectError(await call(s, 'POST', '/settings/credentials/delete', { id: 'store-1' }), 'errCredentialNotFound');
  });
});
