/**
 * validate for CI, through the built CLI: a good config file and a few bad ones, each
 * expecting its problem code (every row runs in core/profile-check's unit test);
 * secrets from the environment alone with no Secret Service, a planted secret, and the
 * shipped JSON Schema agreeing on the table.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './harness.js';
import { BAD, SECRET_SHAPED, app, file, good } from '../config-table.js';

/** The whole table runs in test/core/profile-check.test.ts; these rows prove the CLI reports what the core finds. */
const THROUGH_CLI = [
  'tenant "common"',
  'http authority that is not loopback',
  'unknown integration',
  'client secret planted in a field',
  'JWT in the file',
  'wrong version',
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
    const path = await write(
      'good',
      file(
        { graph: good, app: { ...app }, bare: { ...good, integration: null, scopes: ['User.Read'] } },
        { $schema: './schema/config.schema.json' },
      ),
    );
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

  it.each(BAD.filter(([name]) => THROUGH_CLI.includes(name)))('%s → %s at %s (exit 3)', async (name, content, code, field) => {
    const path = await write(name, content);
    const r = await runCli(['validate', '--file', path, '--json'], { env: CI_ENV, endInput: true });
    expect(r.code, r.stdout).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    const problems = [...(out.problems ?? []), ...out.profiles.flatMap((p: { problems: unknown[] }) => p.problems)];
    expect(problems).toContainEqual(expect.objectContaining({ code, field }));
    expect(r.stdout + r.stderr).not.toContain(SECRET_SHAPED);
  });

  it.each([
    ['UTF-8 with a byte-order mark', (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    [
      'UTF-16 LE with a byte-order mark (PowerShell 5.1)',
      (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ],
  ])('a document saved as %s is read and passes as its UTF-8 copy does (exit 0)', async (_, encode) => {
    const path = join(dir.path, 'encoded.json');
    await writeFile(path, encode(JSON.stringify(file({ 'validate-encoded': good }))));
    const r = await runCli(['validate', '--file', path, '--json'], { env: CI_ENV, endInput: true });
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).profiles).toEqual([{ name: 'validate-encoded', ok: true, problems: [] }]);
  });

  it('a file that is not JSON, and a missing file', async () => {
    const broken = await runCli(['validate', '--file', await write('broken', '{"version": 1,'), '--json'], { env: CI_ENV, endInput: true });
    expect(broken.code).toBe(3);
    expect(JSON.parse(broken.stdout).problems[0].code).toBe('json_invalid');
    const missing = await runCli(['validate', '--file', join(dir.path, 'none.json')], { env: CI_ENV, endInput: true });
    expect(missing.code).toBe(3);
    expect(missing.stdout).toMatch(/✗ .*none\.json: Cannot read .* \(ENOENT\)/);
  });

  it('a needed secret found nowhere (keychain reachable, no variable) is a problem: exit 3, secret_missing, one line with the fix', async () => {
    const path = await write('nosecret', file({ 'validate-nowhere': good }));
    const r = await runCli(['validate', '--file', path], { endInput: true });
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(
      /^✗ profiles\.validate-nowhere: client-secret is missing: run ms-auth setup --profile validate-nowhere again, or set its MS_AUTH_\* variable\. \(secret_missing\)$/m,
    );
  });

  it('a needed secret with no keychain to look in: exit 5, one line per problem with the fix in human output', async () => {
    const path = await write('nokeychain', file({ p: good }));
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
    const structural = [
      'wrong version',
      'profiles not an object',
      'unknown top-level field',
      'bad profile name',
      'unknown method',
      'self-deployed without a flow',
      'unknown cloud',
      'client ID not a GUID',
      'scope with a space',
      'typo in a field name',
      'client secret planted in a field',
    ];
    for (const name of structural) {
      const row = BAD.find((b) => b[0] === name);
      expect(check(row?.[1]), `${name} should be rejected by the schema`).toBe(false);
    }
  });
});
