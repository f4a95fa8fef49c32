/**
 * validate for CI, through the built CLI: a table of good and bad config files (each
 * bad one expecting its problem code), secrets from the environment alone with no
 * Secret Service, a planted secret, and the shipped JSON Schema agreeing on the table.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './harness.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-00000000000a';
const CLIENT = '5f0c7e1a-3b2d-4c8e-9a61-2d4b8e7f1c30';
const good = {
  method: 'self-deployed', integration: 'msgraph-user', flow: 'auth-code', cloud: 'worldwide', tenantId: TENANT, clientId: CLIENT,
  redirectUri: 'https://localhost/myapp', scopes: ['https://graph.microsoft.com/.default'], createdAt: '2026-11-27T10:00:00.000Z', updatedAt: '2026-11-27T10:00:00.000Z',
};
const app = { ...good, method: 'xsoar-app', flow: null, tenantId: '', clientId: 'reg-1', redirectUri: '', scopes: [] };
// Secret-shaped values are assembled at run time so the repository holds none.
const SECRET_SHAPED = ['abc', '8Q~', 'x'.repeat(34)].join('');
const JWT_SHAPED = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'sig'].join('.');

const file = (profiles: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ version: 1, profiles, ...extra });

const BAD: Array<[string, unknown, string, string]> = [
  ['wrong version', { version: 2, profiles: {} }, 'version_unsupported', 'version'],
  ['profiles not an object', { version: 1, profiles: [] }, 'schema_invalid', 'profiles'],
  ['unknown top-level field', file({ p: good }, { extra: true }), 'field_unknown', 'extra'],
  ['bad profile name', file({ 'bad name': good }), 'profile_name_invalid', 'profiles.bad name'],
  ['unknown method', file({ p: { ...good, method: 'magic' } }), 'method_invalid', 'profiles.p.method'],
  ['self-deployed without a flow', file({ p: { ...good, flow: null } }), 'flow_invalid', 'profiles.p.flow'],
  ['unknown cloud', file({ p: { ...good, cloud: 'germany' } }), 'cloud_invalid', 'profiles.p.cloud'],
  ['http authority that is not loopback', file({ p: { ...good, authorityHost: 'http://login.example.com' } }), 'authority_host_invalid', 'profiles.p.authorityHost'],
  ['tenant "common"', file({ p: { ...good, tenantId: 'common' } }), 'tenant_invalid', 'profiles.p.tenantId'],
  ['client ID not a GUID', file({ p: { ...good, clientId: 'my-app' } }), 'client_id_invalid', 'profiles.p.clientId'],
  ['http redirect URI off loopback', file({ p: { ...good, redirectUri: 'http://example.com/cb' } }), 'redirect_uri_invalid', 'profiles.p.redirectUri'],
  ['scope with a space', file({ p: { ...good, scopes: ['User.Read Mail.Send'] } }), 'scope_invalid', 'profiles.p.scopes[0]'],
  ['scopes short of the integration', file({ p: { ...good, scopes: ['User.Read'] } }), 'scopes_insufficient', 'profiles.p.scopes'],
  ['client credentials without .default', file({ p: { ...good, flow: 'client-credentials', scopes: ['User.Read'] } }), 'scope_not_default', 'profiles.p.scopes[0]'],
  ['unknown integration', file({ p: { ...good, integration: 'nope' } }), 'integration_unknown', 'profiles.p.integration'],
  ['integration outside its clouds', file({ p: { ...good, integration: 'microsoft-atp', cloud: 'china', scopes: [] } }), 'integration_cloud_unsupported', 'profiles.p.cloud'],
  ['integration without that flow', file({ p: { ...good, integration: 'azure-sentinel' } }), 'integration_flow_unsupported', 'profiles.p.flow'],
  ['integration without that method', file({ p: { ...app, integration: 'azure-sentinel' } }), 'integration_method_unsupported', 'profiles.p.method'],
  ['typo in a field name', file({ p: { ...good, tenantID: TENANT } }), 'field_unknown', 'profiles.p.tenantID'],
  ['bad timestamp', file({ p: { ...good, createdAt: 'yesterday' } }), 'timestamp_invalid', 'profiles.p.createdAt'],
  ['client secret planted in a field', file({ p: { ...good, clientSecret: SECRET_SHAPED } }), 'secret_in_file', 'profiles.p.clientSecret'],
  ['secret-shaped value in an unrelated field', file({ p: { ...good, redirectUri: `https://localhost/${SECRET_SHAPED}` } }), 'secret_in_file', 'profiles.p.redirectUri'],
  ['JWT in the file', file({ p: good }, { cache: JWT_SHAPED }), 'secret_in_file', 'cache'],
  ['refresh_token: hand-off in the file', file({ p: { ...good, note: 'refresh_token:0.AXo' } }), 'secret_in_file', 'profiles.p.note'],
  ['secret-named key with a value', file({ p: good }, { password: 'hunter2' }), 'secret_in_file', 'password'],
];

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => dir?.remove());

async function write(name: string, content: unknown): Promise<string> {
  const path = join(dir.path, `${name.replace(/\W+/g, '-')}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

// Secrets come from the environment alone, and no Secret Service is reachable.
const CI_ENV = { DBUS_SESSION_BUS_ADDRESS: '', MS_AUTH_CLIENT_SECRET: 'from-ci', MS_AUTH_XSOAR_TOKEN: 'tok', MS_AUTH_XSOAR_KEY: 'key' };

describe('ms-auth validate --file', () => {
  it('passes a good file on environment secrets alone, with no Secret Service running', async () => {
    const path = await write('good', file({ graph: good, app: { ...app }, bare: { ...good, integration: null, scopes: ['User.Read'] } }, { $schema: './schema/config.schema.json' }));
    const r = await runCli(['validate', '--file', path, '--json'], { env: CI_ENV, endInput: true });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      profiles: [
        { name: 'graph', ok: true, problems: [] },
        { name: 'app', ok: true, problems: [] },
        { name: 'bare', ok: true, problems: [] },
      ],
    });
  });

  it.each(BAD)('%s → %s at %s (exit 3)', async (name, content, code, field) => {
    const path = await write(name, content);
    const r = await runCli(['validate', '--file', path, '--json'], { env: CI_ENV, endInput: true });
    expect(r.code, r.stdout).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    const problems = [...(out.problems ?? []), ...out.profiles.flatMap((p: { problems: unknown[] }) => p.problems)];
    expect(problems).toContainEqual(expect.objectContaining({ code, field }));
    expect(r.stdout + r.stderr).not.toContain(SECRET_SHAPED);
  });

  it('a file that is not JSON, and a missing file', async () => {
    const broken = await runCli(['validate', '--file', await write('broken', '{"version": 1,'), '--json'], { env: CI_ENV, endInput: true });
    expect(broken.code).toBe(3);
    expect(JSON.parse(broken.stdout).problems[0].code).toBe('json_invalid');
    const missing = await runCli(['validate', '--file', join(dir.path, 'none.json')], { env: CI_ENV, endInput: true });
    expect(missing.code).toBe(3);
    expect(missing.stdout).toMatch(/✗ .*none\.json: Cannot read .* \(ENOENT\)/);
  });

  it('a needed secret found nowhere is a problem; one line per problem with the fix in human output', async () => {
    const path = await write('nosecret', file({ p: good }));
    const r = await runCli(['validate', '--file', path], { env: { DBUS_SESSION_BUS_ADDRESS: '', MS_AUTH_XSOAR_KEY: 'x' }, endInput: true });
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/^✗ profiles\.p: client-secret: The OS keychain is unavailable.*\(secret_store_unavailable\)$/m);
  });

  it('--profile checks one profile of the file', async () => {
    const path = await write('two', file({ ok1: good, bad1: { ...good, tenantId: 'common' } }));
    const one = await runCli(['validate', '--file', path, '--profile', 'ok1', '--json'], { env: CI_ENV, endInput: true });
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).profiles.map((p: { name: string }) => p.name)).toEqual(['ok1']);
  });
});

describe('the shipped JSON Schema', () => {
  it('accepts the good file and rejects the structural bad ones, like validate does', async () => {
    const schema = JSON.parse(await readFile(join(ROOT, 'schema/config.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
    const check = ajv.compile(schema);
    expect(check(file({ graph: good, app }, { $schema: 'x' })), JSON.stringify(check.errors)).toBe(true);
    const structural = ['wrong version', 'profiles not an object', 'unknown top-level field', 'bad profile name', 'unknown method', 'self-deployed without a flow', 'unknown cloud', 'client ID not a GUID', 'scope with a space', 'typo in a field name', 'client secret planted in a field'];
    for (const name of structural) {
      const row = BAD.find((b) => b[0] === name);
      expect(check(row?.[1]), `${name} should be rejected by the schema`).toBe(false);
    }
  });

});
