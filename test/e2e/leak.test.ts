/**
 * The leak test: every command, in every mode (text, --json, --debug, DEBUG=ms-auth,
 * failures), with a known client secret, known XSOAR Token and Key, and tokens the
 * stand-in is told to issue. Not one byte of any output or any file written may hold
 * them, except a command's result on stdout under --show-secrets.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import {
  DEMO_CLIENT,
  DEMO_PUBLIC_CLIENT,
  adminConsentOverHttp,
  approveDeviceOverHttp,
  makeTestCertificate,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type Standin,
} from '../standin/entra-standin.js';
import { startXsoarStandin } from '../xsoar-standin/xsoar-standin.js';
import { keychainItem, runCli, type RunOptions, type RunResult, type TempDir, withStandin } from './harness.js';

const ACCESS = 'eyJhbGciOiJub25lIn0.eyJ1cG4iOiJsZWFrQGNvbnRvc28ifQ.LEAKaccess';
const REFRESH = '0.LEAKrefresh-token-value-that-must-not-leak';
const XSOAR_TOKEN = 'LEAK-xsoar-token-value';
const XSOAR_KEY = Buffer.from('LEAK-xsoar-key-32-bytes-long!!!!').toString('base64');
const XSOAR_API_KEY = 'LEAK-xsoar-api-key-0123456789abcdef';

let standin: Standin;
let dir: TempDir;
const redeemed: string[] = [];
const captured: Array<{ name: string; result: RunResult; showSecrets: boolean }> = [];
withStandin(
  (s, d) => {
    standin = s;
    dir = d;
  },
  { deviceIntervalSeconds: 1 },
);
/** Secrets only known once a run made them (a device-code refresh token, a certificate key). */
const learned: string[] = [];

/** Plays the browser and remembers every code the tool is given to redeem (the first of a run). */
const browser = (run: { first?: boolean }) => async (url: string) => {
  // Only the stand-in is ever visited: no request leaves loopback.
  if (new URL(url).hostname !== '127.0.0.1' || url.endsWith('/devicelogin')) return undefined;
  if (new URL(url).pathname.endsWith('/adminconsent')) return adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com' });
  const landed = await signInOverHttp(url, { login: 'leak@contoso.onmicrosoft.com', jar: newCookieJar() });
  if (new URL(url).searchParams.has('code_challenge')) redeemed.push(new URL(landed).searchParams.get('code') ?? '');
  run.first = false;
  return landed;
};

/** The token response the stand-in gives next: known values, so their absence can be checked. */
const knownTokens = () =>
  standin.failNextToken({
    status: 200,
    rawBody: JSON.stringify({ token_type: 'Bearer', access_token: ACCESS, refresh_token: REFRESH, expires_in: 3600, scope: 'User.Read' }),
  });

async function run(name: string, args: string[], options: RunOptions = {}, before?: () => void): Promise<RunResult> {
  before?.();
  // The stand-in's loopback authority host is confirmed at run time, as the trust rule asks.
  const result = await runCli([...args, '--config-dir', dir.path], {
    input: [standin.client.clientSecret],
    onUrl: browser({}),
    ...options,
    env: { MS_AUTH_AUTHORITY_HOST: standin.url, ...options.env },
  });
  captured.push({ name, result, showSecrets: args.includes('--show-secrets') });
  return result;
}

const setup = (profile: string, ...extra: string[]) => [
  'setup',
  '--integration',
  'msgraph-user',
  '--method',
  'self-deployed',
  '--flow',
  'auth-code',
  '--tenant',
  standin.tenant.id,
  '--client-id',
  standin.client.clientId,
  '--authority-host',
  standin.url,
  '--profile',
  profile,
  '--client-secret-stdin',
  '--no-browser',
  ...extra,
];

describe('nothing secret leaks', () => {
  it('runs every command in every mode', async () => {
    for (const handoff of ['fresh-code', 'refresh-token', 'none']) {
      for (const mode of [[], ['--json'], ['--debug'], ['--json', '--debug']]) {
        const r = await run(`setup ${handoff} ${mode.join(' ')}`, setup(`leak-${handoff}`, '--handoff', handoff, ...mode), {}, knownTokens);
        expect(r.code, r.stderr).toBe(0);
      }
    }
    expect(
      (await run('setup DEBUG env', setup('leak-env-debug', '--handoff', 'none'), { env: { DEBUG: 'ms-auth' } }, knownTokens)).code,
    ).toBe(0);
    expect((await run('setup --no-exchange --debug', setup('leak-noexchange', '--no-exchange', '--debug'))).code).toBe(0);
    expect(
      (await run('setup show-secrets', setup('leak-show', '--handoff', 'refresh-token', '--show-secrets', '--json'), {}, knownTokens)).code,
    ).toBe(0);

    // Failures, with --debug: a wrong secret, an Entra error, a server error.
    expect(
      (await run('wrong secret --debug', setup('leak-wrong', '--debug'), { input: [`${standin.client.clientSecret.slice(0, -3)}xyz`] }))
        .code,
    ).toBe(4);
    standin.failNextToken({ status: 400, aadsts: 70008, error: 'invalid_grant', message: 'expired' });
    expect((await run('expired --debug --json', setup('leak-expired', '--debug', '--json'))).code).toBe(4);
    standin.failNextToken({ status: 500, rawBody: `{"error":"server_error","echo":"${standin.client.clientSecret}"}` });
    expect((await run('500 --debug', setup('leak-500', '--debug'))).code).toBe(6);

    // The Cortex XSOAR application.
    const xsoarEnv = { MS_AUTH_XSOAR_TOKEN: XSOAR_TOKEN, MS_AUTH_XSOAR_KEY: XSOAR_KEY };
    for (const mode of [[], ['--json']]) {
      const r = await run(
        `xsoar-app ${mode.join(' ')}`,
        [
          'setup',
          '--integration',
          'msgraph-user',
          '--method',
          'xsoar-app',
          '--xsoar-id',
          'reg-1',
          '--profile',
          'leak-app',
          '--no-browser',
          ...mode,
        ],
        { env: xsoarEnv, endInput: true },
      );
      expect(r.code, r.stderr).toBe(0);
    }
    expect(
      (
        await run(
          'xsoar-app bad key',
          [
            'setup',
            '--integration',
            'msgraph-user',
            '--method',
            'xsoar-app',
            '--xsoar-id',
            'reg-1',
            '--profile',
            'leak-app2',
            '--no-browser',
          ],
          { env: { ...xsoarEnv, MS_AUTH_XSOAR_KEY: `${XSOAR_KEY}x` }, endInput: true },
        )
      ).code,
    ).toBe(2);

    // Client credentials with admin consent, and the same with --insecure-storage (no keychain at all).
    const cc = (profile: string, ...extra: string[]) => [
      'setup',
      '--method',
      'self-deployed',
      '--flow',
      'client-credentials',
      '--scope',
      'https://graph.microsoft.com/.default',
      '--tenant',
      standin.tenant.id,
      '--client-id',
      standin.client.clientId,
      '--authority-host',
      standin.url,
      '--profile',
      profile,
      '--client-secret-stdin',
      '--no-browser',
      ...extra,
    ];
    expect((await run('client credentials --debug --json', cc('leak-cc', '--debug', '--json'))).code).toBe(0);
    expect((await run('insecure storage', cc('leak-insecure', '--insecure-storage'), { env: { DBUS_SESSION_BUS_ADDRESS: '' } })).code).toBe(
      0,
    );

    // Device code (a public client; the refresh token is learned from the keychain after).
    let verification: string | undefined;
    const device = await run(
      'device code --debug',
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'device-code',
        '--scope',
        'User.Read',
        '--tenant',
        standin.tenant.id,
        '--client-id',
        DEMO_PUBLIC_CLIENT.clientId,
        '--authority-host',
        standin.url,
        '--profile',
        'leak-device',
        '--no-browser',
        '--debug',
      ],
      {
        endInput: true,
        onLine: (line) => {
          if (/devicelogin$/.test(line)) verification = line;
          else if (verification && /^[A-Z]{9}$/.test(line))
            void approveDeviceOverHttp(verification, line, { login: 'device@contoso.onmicrosoft.com' });
          return undefined;
        },
      },
    );
    expect(device.code, device.stderr).toBe(0);
    learned.push((await keychainItem('leak-device:refresh-token')) ?? 'missing-device-refresh-token');

    // Certificate credentials, against a stand-in that knows the certificate.
    const cert = await makeTestCertificate();
    learned.push(cert.keyPem.split('\n').slice(1, 3).join('\n'));
    const pem = join(tmpdir(), `ms-auth-leak-${process.pid}.pem`);
    await writeFile(pem, `${cert.keyPem}\n${cert.certPem}`);
    const certStandin = await startEntraStandin({
      clients: [{ ...DEMO_CLIENT, clientId: '6c6c6c6c-1111-4222-8333-000000000006', clientSecret: '', certificatePem: cert.certPem }],
    });
    try {
      const r = await run(
        'certificate --debug --json',
        [
          'setup',
          '--method',
          'self-deployed',
          '--flow',
          'client-credentials',
          '--scope',
          'https://graph.microsoft.com/.default',
          '--tenant',
          certStandin.tenant.id,
          '--client-id',
          '6c6c6c6c-1111-4222-8333-000000000006',
          '--authority-host',
          certStandin.url,
          '--profile',
          'leak-cert',
          '--certificate',
          pem,
          '--no-browser',
          '--debug',
          '--json',
        ],
        { input: [] },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(
        (
          await run('certificate status', ['status', '--profile', 'leak-cert', '--online', '--debug'], {
            endInput: true,
            env: { MS_AUTH_AUTHORITY_HOST: certStandin.url },
          })
        ).code,
      ).toBe(0);
    } finally {
      await certStandin.close();
      await rm(pem, { force: true });
    }

    // Everything that re-reads what was saved.
    for (const profile of ['leak-refresh-token', 'leak-app', 'leak-none', 'leak-cc', 'leak-device', 'leak-cert']) {
      for (const format of ['text', 'json', 'env']) {
        const r = await run(`export ${profile} ${format}`, ['export', '--profile', profile, '--format', format], { endInput: true });
        expect(r.code, r.stderr).toBe(0);
      }
    }
    for (const mode of [[], ['--json'], ['--online'], ['--online', '--json', '--debug']]) {
      // Some saved profiles are broken on purpose (3) or rejected (4); exit 1 would be a bug.
      expect([0, 3, 4]).toContain((await run(`status ${mode.join(' ')}`, ['status', '--all', ...mode], { endInput: true })).code);
      // Some saved profiles are broken on purpose (3) or rejected (4); exit 1 would be a bug.
      expect([0, 3, 4]).toContain((await run(`validate ${mode.join(' ')}`, ['validate', '--all', ...mode], { endInput: true })).code);
    }
    for (const mode of [[], ['--json']])
      expect((await run(`revoke ${mode.join(' ')}`, ['revoke', '--profile', 'leak-none', ...mode], { endInput: true })).code).toBe(0);
    expect((await run('revoke --forget', ['revoke', '--profile', 'leak-none', '--forget', '--yes'], { endInput: true })).code).toBe(0);
    expect((await run('integrations', ['integrations', '--json'], { endInput: true })).code).toBe(0);
    expect(
      (
        await run(
          'authorize-url',
          ['authorize-url', '--tenant', standin.tenant.id, '--client-id', standin.client.clientId, '--integration', 'msgraph-user'],
          { endInput: true },
        )
      ).code,
    ).toBe(0);
    expect((await run('secret as a flag', ['setup', '--client-secret', 'LEAK-flag-secret'], { endInput: true })).code).toBe(2);
    // About sixty runs of the CLI, 1-2.5 s each while other suites share the 2-core machine.
  }, 180_000);

  it('pushes to XSOAR in every mode without the API key or a pushed secret in any output', async () => {
    const xsoar = await startXsoarStandin({ entraUrl: standin.url, apiKey: XSOAR_API_KEY });
    const v8 = await startXsoarStandin({ entraUrl: standin.url, apiKey: XSOAR_API_KEY, mode: 'v8', keyKind: 'advanced' });
    try {
      const env = { MS_AUTH_XSOAR_API_KEY: XSOAR_API_KEY };
      const pushArgs = (...extra: string[]) => ['push', '--profile', 'leak-pushed', '--xsoar-url', xsoar.url, ...extra];
      const first = await run(
        'setup --push --json --debug',
        setup('leak-pushed', '--push', '--xsoar-url', xsoar.url, '--json', '--debug'),
        { env },
      );
      expect(first.code, first.stderr).toBe(0);
      // The real refresh token XSOAR got (as refresh_token:<token>): known only now.
      learned.push((await keychainItem('leak-pushed:refresh-token')) ?? 'missing-pushed-refresh-token');
      for (const mode of [[], ['--json'], ['--debug'], ['--plan', '--debug'], ['--json', '--debug', '--no-test']]) {
        const r = await run(`push ${mode.join(' ')}`, pushArgs(...mode), { env, endInput: true });
        expect(r.code, r.stderr).toBe(0);
      }
      const wrong = await run('push wrong key --debug', pushArgs('--debug'), {
        env: { MS_AUTH_XSOAR_API_KEY: `${XSOAR_API_KEY}x` },
        endInput: true,
      });
      expect(wrong.code).toBe(7);
      const advanced = await run(
        'push XSOAR 8 advanced --debug --json',
        [
          'push',
          '--profile',
          'leak-pushed',
          '--xsoar-url',
          v8.url,
          '--xsoar-key-id',
          v8.apiKeyId as string,
          '--xsoar-key-type',
          'advanced',
          '--xsoar-investigation',
          v8.playgroundId,
          '--debug',
          '--json',
        ],
        { env, endInput: true },
      );
      expect(advanced.code, advanced.stderr).toBe(0);
      // No flag takes the API key: it never reaches argv.
      expect((await run('API key as a flag', ['push', '--xsoar-api-key', 'LEAK-flag-api-key'], { endInput: true })).code).toBe(2);
      // --debug really logs the XSOAR requests (so the checks could fail).
      expect(captured.find((c) => c.name === 'push --debug')?.result.stderr).toMatch(/\[debug\] ← XSOAR PUT \/settings\/integration 200/);
    } finally {
      await xsoar.close();
      await v8.close();
    }
  }, 90_000);

  it('no output and no file holds a secret, a token or a redeemed code', async () => {
    expect(captured.length).toBeGreaterThan(30);
    expect(redeemed.length).toBeGreaterThan(10);
    const always = [XSOAR_TOKEN, XSOAR_KEY, XSOAR_API_KEY, 'LEAK-flag-api-key', ACCESS, 'LEAK-flag-secret', ...redeemed, ...learned];
    const unlessShown = [standin.client.clientSecret, REFRESH];
    for (const { name, result, showSecrets } of captured) {
      for (const secret of [...always, ...unlessShown]) {
        expect(result.stderr.includes(secret), `${name}: stderr holds a secret`).toBe(false);
      }
      for (const secret of showSecrets ? always : [...always, ...unlessShown]) {
        expect(result.stdout.includes(secret), `${name}: stdout holds a secret`).toBe(false);
      }
    }
    // --show-secrets really shows them (so the checks above could fail).
    const shown = captured.find((c) => c.showSecrets);
    expect(shown?.result.stdout).toContain(REFRESH);
    // --debug really logs the requests, redacted.
    const debugged = captured.find((c) => c.name === 'wrong secret --debug')?.result.stderr ?? '';
    const request = debugged.split('\n').find((l) => l.startsWith('[debug] → POST')) ?? '';
    for (const field of ['client_secret', 'code', 'code_verifier']) expect(request).toContain(`${field}=[redacted]`);
    expect(debugged).toMatch(/\[debug\] ← 401 .*AADSTS7000215/);

    for (const file of await readdir(dir.path)) {
      // secrets.json is --insecure-storage's plaintext store by design (announced on every use).
      if (file === 'secrets.json') continue;
      const text = await readFile(join(dir.path, file), 'utf8');
      for (const secret of [...always, ...unlessShown]) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
    }
  });
});
