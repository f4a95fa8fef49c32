/**
 * The built CLI against keychains with other platforms' rules, through the keychain
 * double (test/keychain-double/keychain-double.mjs, loaded by the keychain helper when
 * MS_AUTH_KEYCHAIN_DOUBLE names it): Windows Credential Manager's 2,560-byte UTF-16
 * limit and case-insensitive target names, and the macOS Keychain's call that waits
 * until a person allows it.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT,
  adminConsentOverHttp,
  makeTestCertificate,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type Standin,
  type TestCertificate,
} from '../standin/entra-standin.js';
import { ROOT, runCli, tempDir, type TempDir } from './harness.js';
import { openTerminal } from './pty.js';

const DOUBLE = join(ROOT, 'test/keychain-double/keychain-double.mjs');
const BITS = [2048, 3072, 4096] as const;
const XSOAR_KEY = Buffer.alloc(32, 7).toString('base64');

let standin: Standin;
let dir: TempDir;
const certs = new Map<number, { cert: TestCertificate; clientId: string }>();

beforeAll(async () => {
  const made = await Promise.all(BITS.map((bits) => makeTestCertificate({ bits, commonName: `rsa ${bits}` })));
  BITS.forEach((bits, i) => certs.set(bits, { cert: made[i] as TestCertificate, clientId: `5c5c5c5c-1111-4222-8333-00000000${bits}` }));
  standin = await startEntraStandin({
    clients: [
      DEMO_CLIENT,
      ...[...certs.values()].map(({ cert, clientId }) => ({
        clientId,
        clientSecret: '',
        redirectUris: ['https://localhost/myapp'],
        certificatePem: cert.certPem,
        appRoles: ['Machine.Read.All'],
      })),
    ],
    refreshTokenLength: 2000,
  });
  dir = await tempDir();
});
afterAll(async () => {
  await standin?.close();
  await dir?.remove();
});

/** A fresh keychain double of the platform's rules; `items()` is what it holds, by target name. */
async function keychainDouble(platform: 'win32' | 'darwin', extra: Record<string, string> = {}) {
  const state = join(dir.path, `keychain-${platform}-${Math.random().toString(36).slice(2)}`);
  await mkdir(state);
  return {
    state,
    env: { MS_AUTH_KEYCHAIN_DOUBLE: DOUBLE, MS_AUTH_KEYCHAIN_DOUBLE_DIR: state, MS_AUTH_KEYCHAIN_DOUBLE_PLATFORM: platform, ...extra },
    async items(): Promise<Record<string, { target: string; password: string }>> {
      return JSON.parse(await readFile(join(state, 'items.json'), 'utf8').catch(() => '{}'));
    },
  };
}

const config = (profile: string) => ['--config-dir', dir.path, '--profile', profile];
const xsoarApp = (profile: string) => [
  'setup',
  '--integration',
  'msgraph-user',
  '--method',
  'xsoar-app',
  '--xsoar-id',
  'reg-1',
  '--no-browser',
  ...config(profile),
];
const exported = async (profile: string, env: Record<string, string>) => {
  const result = await runCli(['export', '--json', '--show-secrets', ...config(profile)], { env, endInput: true });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).xsoar.params as Record<string, unknown>;
};

describe('Windows Credential Manager rules', () => {
  it.each(BITS)(
    'setup --certificate with an RSA-%i key stores it in entries of at most 2,560 bytes and reads it back whole',
    async (bits) => {
      const keychain = await keychainDouble('win32');
      const { cert, clientId } = certs.get(bits) as { cert: TestCertificate; clientId: string };
      const pem = join(dir.path, `rsa-${bits}.pem`);
      await writeFile(pem, `${cert.keyPem}\n${cert.certPem}`);
      const profile = `rsa-${bits}`;
      const result = await runCli(
        [
          'setup',
          '--integration',
          'microsoft-atp',
          '--method',
          'self-deployed',
          '--flow',
          'client-credentials',
          '--client-id',
          clientId,
          '--certificate',
          pem,
          '--tenant',
          standin.tenant.id,
          '--authority-host',
          standin.url,
          '--no-browser',
          ...config(profile),
        ],
        { onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com' }), env: keychain.env },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('certificate key in the keychain test double');
      const items = await keychain.items();
      const parts = Object.keys(items).filter((k) => k.startsWith(`${profile}:certificate-key#`));
      expect(parts.length).toBeGreaterThanOrEqual(2);
      for (const item of Object.values(items)) expect(Buffer.byteLength(item.password, 'utf16le')).toBeLessThanOrEqual(2560);
      const params = await exported(profile, keychain.env);
      expect((params['creds_certificate'] as { password: string }).password).toBe(`${cert.keyPem.trim()}\n`);
    },
  );

  it('a 2,000-character refresh token round-trips; forget then leaves no part behind', async () => {
    const keychain = await keychainDouble('win32');
    const jar = newCookieJar();
    const result = await runCli(
      [
        'setup',
        '--method',
        'self-deployed',
        '--scope',
        'User.Read',
        '--tenant',
        standin.tenant.id,
        '--client-id',
        standin.client.clientId,
        '--authority-host',
        standin.url,
        '--client-secret-stdin',
        '--no-browser',
        '--handoff',
        'none',
        ...config('long-token'),
      ],
      {
        input: [standin.client.clientSecret],
        onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
        env: keychain.env,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const token = String((await exported('long-token', keychain.env))['auth_code']).replace(/^refresh_token:/, '');
    expect(token).toHaveLength(2000);
    expect(Object.keys(await keychain.items())).toEqual(
      expect.arrayContaining(['long-token:refresh-token#1.ms-auth', 'long-token:refresh-token#2.ms-auth']),
    );

    const forget = await runCli(['revoke', '--forget', '--yes', ...config('long-token')], { env: keychain.env, endInput: true });
    expect(forget.code, forget.stderr).toBe(0);
    expect(Object.keys(await keychain.items()).filter((k) => k.startsWith('long-token:'))).toEqual([]);
  });

  it('a keychain that takes less than expected fails at the write probe, before the browser, with a size message', async () => {
    const keychain = await keychainDouble('win32', { MS_AUTH_KEYCHAIN_DOUBLE_BLOB_LIMIT: '2000' });
    const result = await runCli(xsoarApp('too-small'), {
      env: { ...keychain.env, MS_AUTH_XSOAR_TOKEN: 'tok-1', MS_AUTH_XSOAR_KEY: XSOAR_KEY },
      endInput: true,
    });
    expect(result.code).toBe(5);
    expect(result.urls).toEqual([]);
    expect(result.stderr).toContain('refused an entry of 1280 characters as too large');
    expect(result.stderr).not.toMatch(/unavailable|locked/);
    expect(await keychain.items()).toEqual({});
  });
});

describe('profile names that differ only in letter case', () => {
  it('Prod and prod never share secrets: the second is refused before anything is written', async () => {
    const keychain = await keychainDouble('win32');
    const env = { ...keychain.env, MS_AUTH_XSOAR_TOKEN: 'tok-Prod', MS_AUTH_XSOAR_KEY: XSOAR_KEY };
    expect((await runCli(xsoarApp('Prod'), { env, endInput: true })).code).toBe(0);
    const second = await runCli(xsoarApp('prod'), { env: { ...env, MS_AUTH_XSOAR_TOKEN: 'tok-prod' }, endInput: true });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('"prod" differs from the existing profile "Prod" only in letter case');
    expect(second.urls).toEqual([]);
    expect((await keychain.items())['prod:xsoar-token.ms-auth']).toEqual({ target: 'Prod:xsoar-token.ms-auth', password: 'tok-Prod' });
    const config = JSON.parse(await readFile(join(dir.path, 'config.json'), 'utf8'));
    expect(Object.keys(config.profiles).filter((name) => name.toLowerCase() === 'prod')).toEqual(['Prod']);
  });
});

describe('when the final save fails anyway', () => {
  const refusing = async () => {
    const keychain = await keychainDouble('win32', { MS_AUTH_KEYCHAIN_DOUBLE_REFUSE: ':xsoar-key$' });
    return { ...keychain.env, MS_AUTH_XSOAR_TOKEN: 'tok-unsaved', MS_AUTH_XSOAR_KEY: XSOAR_KEY };
  };

  it('the hand-off is still printed, secrets masked, with the reason the profile was not saved', async () => {
    const result = await runCli(xsoarApp('unsaved'), { env: await refusing(), endInput: true });
    expect(result.code).toBe(5);
    expect(result.stdout).toContain('reg-1');
    expect(result.stdout).toContain('tok-…');
    expect(result.stdout + result.stderr).not.toContain('tok-unsaved');
    expect(result.stdout).not.toContain(XSOAR_KEY);
    expect(result.stderr).toMatch(/The profile "unsaved" could not be saved: The OS keychain is unavailable or locked: Access is denied\./);
    expect(result.stderr).toContain('The XSOAR parameters printed on stdout are still good');
    const config = JSON.parse(await readFile(join(dir.path, 'config.json'), 'utf8').catch(() => '{"profiles":{}}'));
    expect(config.profiles['unsaved']).toBeUndefined();
  });

  it('with --json: one document with the error and the hand-off', async () => {
    const result = await runCli([...xsoarApp('unsaved-json'), '--json'], { env: await refusing(), endInput: true });
    expect(result.code).toBe(5);
    const out = JSON.parse(result.stdout);
    expect(out.error).toMatchObject({ code: 'profile_not_saved' });
    expect(out.error.message).toContain('Access is denied.');
    expect(out).toMatchObject({
      profile: 'unsaved-json',
      method: 'xsoar-app',
      xsoar: { params: { creds_auth_id: { password: 'reg-1' }, creds_tenant_id: { password: 'tok-…' } } },
    });
  });
});

describe('macOS Keychain rules', () => {
  it('a call waiting for the "allow" dialog past the helper start-up limit succeeds once allowed, with a hint at the terminal', async () => {
    const keychain = await keychainDouble('darwin');
    await writeFile(join(keychain.state, 'dialog'), '');
    const term = openTerminal(xsoarApp('allowed-later'), {
      ...keychain.env,
      MS_AUTH_XSOAR_TOKEN: 'tok-allowed',
      MS_AUTH_XSOAR_KEY: XSOAR_KEY,
    });
    try {
      await term.waitFor(/Waiting for the OS keychain: if it shows a dialog/, { timeoutMs: 8_000 });
      // Longer than the helper's 10-second start-up limit and the unattended call limit.
      await new Promise((r) => setTimeout(r, 11_000));
      await rm(join(keychain.state, 'dialog'));
      expect(await term.exited, term.screen()).toBe(0);
    } finally {
      term.kill();
    }
    expect((await keychain.items())['allowed-later:xsoar-token.ms-auth']?.password).toBe('tok-allowed');
  }, 40_000);
});
