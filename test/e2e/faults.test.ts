/**
 * The fault table: each bad day an operator can have, run through the built CLI
 * against the Entra stand-in. Every row asserts the exit code, the message, and that
 * the config directory and the keychain are exactly as they were before.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCookieJar, signInOverHttp, startEntraStandin, type Standin } from '../standin/entra-standin.js';
import { keychainItem, privateKeyring, requireSecretService, runCli, tempDir, type RunOptions } from './harness.js';
import { startProxy } from './proxy.js';

const exec = promisify(execFile);
let standin: Standin;
let dir: { path: string; remove(): Promise<void> };
const LOGIN = 'fault.operator@contoso.onmicrosoft.com';

beforeAll(async () => {
  requireSecretService();
  standin = await startEntraStandin();
  dir = await tempDir();
  // An existing profile that every row must leave untouched.
  const jar = newCookieJar();
  const seeded = await runCli(args('fault-existing', '--handoff', 'none'), {
    input: [standin.client.clientSecret],
    onUrl: (u) => signInOverHttp(u, { login: LOGIN, jar }),
  });
  expect(seeded.code, seeded.stderr).toBe(0);
});
afterAll(async () => {
  await standin?.close();
  await dir?.remove();
});

/** A loopback port nothing listens on (it was free a moment ago). */
async function portNothingListensOn(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function args(profile: string, ...extra: string[]): string[] {
  return [
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
    '--config-dir',
    dir.path,
    '--profile',
    profile,
    '--client-secret-stdin',
    '--no-browser',
    '--handoff',
    'none',
    ...extra,
  ];
}

/**
 * `secret-tool search --all`, retried when an item vanished between its listing and its
 * read: other test files share the keyring, and every setup writes and deletes a probe item.
 */
async function searchKeychain(): Promise<{ stdout: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await exec('secret-tool', ['search', '--all', 'service', 'ms-auth']);
    } catch (error) {
      if (attempt >= 5 || !String((error as { stderr?: string }).stderr).includes('No such secret item')) throw error;
    }
  }
}

/** Everything a failed run could have touched: the config dir's files and this suite's keychain items. */
async function state(): Promise<string> {
  const files = (await readdir(dir.path)).filter((f) => f !== 'secrets.json.lock').sort();
  const contents = await Promise.all(files.map(async (f) => `${f}:${await readFile(join(dir.path, f), 'utf8').catch(() => '(dir)')}`));
  // Every item of this suite, with its value: "exactly as before" means the secrets too.
  const { stdout } = await searchKeychain();
  const items = stdout
    .split(/\n(?=\[)/)
    .map((block) => [/attribute\.username = (.*)/.exec(block)?.[1], /^secret = (.*)$/m.exec(block)?.[1]] as const)
    .filter(([account]) => account?.startsWith('fault-'))
    .map(([account, secret]) => `${account}=${secret}`)
    .sort();
  return JSON.stringify({ contents, items });
}

const signIn =
  (jar = newCookieJar()) =>
  (url: string) =>
    signInOverHttp(url, { login: LOGIN, jar });

interface Row {
  name: string;
  extra?: string[];
  run?: Partial<RunOptions>;
  before?: () => Promise<(() => Promise<void>) | void>;
  code: number;
  message: RegExp;
}

const rows: Row[] = [
  {
    name: 'a stdin line past 65,536 characters',
    run: { input: ['\0'.repeat(70_000)] },
    code: 2,
    message: /^✗ A line on standard input is longer than 65,536 characters/m,
  },
  { name: 'wrong secret', run: { input: ['Wr0ngQ~' + 'x'.repeat(33)] }, code: 4, message: /AADSTS7000215[\s\S]*Paste the secret's Value/ },
  {
    name: 'consent missing',
    before: async () =>
      standin.failNextToken({
        status: 400,
        aadsts: 65001,
        error: 'invalid_grant',
        message: 'The user or administrator has not consented to use the application.',
      }),
    code: 4,
    message: /AADSTS65001[\s\S]*Grant consent/,
  },
  {
    name: 'tenant not found (the code pasted by hand)',
    extra: ['--tenant', '0badbad0-0000-4000-8000-000000000000'],
    run: { onUrl: async () => 'abcdefghijklmnop' },
    code: 4,
    message: /AADSTS90002[\s\S]*--cloud/,
  },
  {
    name: 'redirect URI differs between authorize and redemption',
    extra: ['--redirect-uri', 'http://localhost:8400/callback'],
    run: {
      onUrl: (url) =>
        signInOverHttp(url.replace(encodeURIComponent('http://localhost:8400/callback'), encodeURIComponent('https://localhost/myapp')), {
          login: LOGIN,
        }),
    },
    code: 4,
    message: /AADSTS50011[\s\S]*character for character/,
  },
  {
    name: 'declined consent',
    run: { onUrl: (url) => signInOverHttp(url, { login: LOGIN, decline: true }) },
    code: 4,
    message: /AADSTS65004/,
  },
  {
    name: 'code already redeemed',
    run: {
      onUrl: async (url) => {
        // The code is spent before ms-auth sees it (a second paste of an old redirect).
        const plain = new URL(url);
        plain.searchParams.delete('code_challenge');
        plain.searchParams.delete('code_challenge_method');
        const landed = new URL(await signInOverHttp(plain.toString(), { login: LOGIN }));
        await fetch(`${standin.url}/${standin.tenant.id}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: standin.client.clientId,
            client_secret: standin.client.clientSecret,
            code: landed.searchParams.get('code') ?? '',
            redirect_uri: 'https://localhost/myapp',
          }),
        });
        return landed.toString();
      },
    },
    code: 4,
    message: /AADSTS(54005|501481)/,
  },
  {
    name: 'HTTP 500 from the token endpoint',
    before: async () => standin.failNextToken({ status: 500, rawBody: '<html>Internal Server Error</html>' }),
    code: 6,
    message: /answered HTTP 500[\s\S]*Try again in a few minutes/,
  },
  {
    name: 'a non-JSON answer',
    before: async () => standin.failNextToken('non-json'),
    code: 6,
    message: /was not a token response[\s\S]*captive portal/,
  },
  {
    name: 'a hanging token endpoint',
    extra: ['--http-timeout', '1'],
    before: async () => standin.failNextToken('hang'),
    code: 6,
    message: /No answer from .* within 1 s/,
  },
  {
    name: 'a closed port',
    before: async () => {
      const server = createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      await new Promise((r) => server.close(r));
      closedPort = `http://127.0.0.1:${port}`;
    },
    extra: ['--authority-host', 'CLOSED'],
    run: { onUrl: async () => 'abcdefghijklmnop' },
    code: 6,
    message: /Cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
  },
  {
    name: 'a proxy that refuses (407)',
    before: async () => {
      const proxy = await startProxy({ refuse: true });
      proxyEnv = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
      return async () => {
        expect(proxy.seen.length).toBeGreaterThan(0);
        await proxy.close();
      };
    },
    code: 6,
    message: /Could not reach http:\/\/127\.0\.0\.1:\d+ through the proxy http:\/\/127\.0\.0\.1:\d+[\s\S]*HTTPS_PROXY/,
  },
  {
    name: 'no Secret Service at all (fails before the browser)',
    run: { env: { DBUS_SESSION_BUS_ADDRESS: '' } },
    code: 5,
    message: /OS keychain is unavailable or locked[\s\S]*--insecure-storage/,
  },
  {
    name: 'a damaged config file (reported, never overwritten)',
    before: async () => {
      const other = join(dir.path, 'damaged');
      await mkdir(other, { recursive: true });
      await writeFile(join(other, 'config.json'), '{"version": 1, "profiles": ');
      damagedDir = other;
    },
    extra: ['--config-dir', 'DAMAGED'],
    code: 3,
    message: /config\.json is damaged: it is not valid JSON[\s\S]*will not overwrite it/,
  },
  {
    name: 'a config dir that is a file (found before the browser)',
    extra: ['--config-dir', 'FILE'],
    code: 3,
    message: /cannot be used: .* is not a directory[\s\S]*--config-dir DIR/,
  },
];
let closedPort = '';
let damagedDir = '';
let proxyEnv: Record<string, string> = {};

describe('fault table: setup', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_, row) => {
    proxyEnv = {};
    const after = await row.before?.();
    const snapshot = await state();
    const extra = (row.extra ?? []).map((a) =>
      a === 'CLOSED' ? closedPort : a === 'DAMAGED' ? damagedDir : a === 'FILE' ? join(dir.path, 'config.json') : a,
    );
    const damagedBefore = damagedDir ? await readFile(join(damagedDir, 'config.json'), 'utf8') : '';
    const result = await runCli(args(`fault-${row.name.replace(/\W+/g, '-').slice(0, 40)}`, ...extra), {
      input: [standin.client.clientSecret],
      onUrl: signIn(),
      ...row.run,
      env: { ...proxyEnv, ...row.run?.env },
      timeoutMs: 25_000,
    });
    expect(result.code, result.stderr).toBe(row.code);
    expect(result.stderr).toMatch(row.message);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain(standin.client.clientSecret);
    expect(await state()).toBe(snapshot);
    if (row.code === 3 || row.code === 5) expect(result.urls).toEqual([]);
    if (damagedDir && extra.includes(damagedDir)) {
      expect(await readFile(join(damagedDir, 'config.json'), 'utf8')).toBe(damagedBefore);
      damagedDir = '';
    }
    await after?.();
  });
});

/** A D-Bus socket that accepts connections and never says a word. */
async function silentBus(): Promise<{ address: string; stop(): Promise<void> }> {
  const socketDir = await tempDir('ms-auth-silent-');
  const path = join(socketDir.path, 'bus');
  const server = createServer(() => undefined);
  await new Promise<void>((r) => server.listen(path, r));
  return {
    address: `unix:path=${path}`,
    stop: async () => {
      server.close();
      await socketDir.remove();
    },
  };
}

/** An HTTPS server on loopback with a self-signed certificate nobody trusts. */
async function untrustedTls(): Promise<{ url: string; stop(): Promise<void> }> {
  const certDir = await tempDir('ms-auth-tls-');
  const key = join(certDir.path, 'key.pem');
  const cert = join(certDir.path, 'cert.pem');
  await exec('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
  ]).catch((error: Error) => {
    throw new Error(`openssl is needed for the TLS row (apt-get install -y openssl): ${error.message}`);
  });
  const server = createHttpsServer({ key: await readFile(key), cert: await readFile(cert) }, (_req, res) => res.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    stop: async () => {
      server.close();
      await certDir.remove();
    },
  };
}

describe('fault table: keychain and TLS', () => {
  it('a keychain that never answers times out after MS_AUTH_KEYCHAIN_TIMEOUT (3 s): exit 5, nothing written', async () => {
    const bus = await silentBus();
    try {
      const snapshot = await state();
      const started = Date.now();
      const result = await runCli(args('fault-silent-bus'), {
        input: [standin.client.clientSecret],
        onUrl: signIn(),
        env: { DBUS_SESSION_BUS_ADDRESS: bus.address, MS_AUTH_KEYCHAIN_TIMEOUT: '3' },
      });
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('no answer within 3 s');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.urls).toEqual([]);
      expect(await state()).toBe(snapshot);
    } finally {
      await bus.stop();
    }
  });

  it('an untrusted TLS certificate is explained with the NODE_EXTRA_CA_CERTS hint: exit 6', async () => {
    const tls = await untrustedTls();
    try {
      const snapshot = await state();
      const result = await runCli(
        args('fault-tls').map((a) => (a === standin.url ? tls.url : a)),
        { input: [standin.client.clientSecret], onUrl: async () => 'abcdefghijklmnop' },
      );
      expect(result.code).toBe(6);
      expect(result.stderr).toMatch(/TLS certificate of https:\/\/127\.0\.0\.1:\d+ .* was not trusted[\s\S]*NODE_EXTRA_CA_CERTS/);
      expect(await state()).toBe(snapshot);
    } finally {
      await tls.stop();
    }
  });

  it('--insecure-storage keeps secrets in a 0600 file beside the config, announced on every use', async () => {
    const other = await tempDir();
    try {
      const result = await runCli([...args('fault-insecure'), '--config-dir', other.path, '--insecure-storage'], {
        input: [standin.client.clientSecret],
        onUrl: signIn(),
        env: { DBUS_SESSION_BUS_ADDRESS: '' },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/--insecure-storage: secrets are kept UNENCRYPTED in .*secrets\.json/);
      const file = join(other.path, 'secrets.json');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))['fault-insecure:client-secret']).toBe(standin.client.clientSecret);
      const exported = await runCli(
        ['export', '--profile', 'fault-insecure', '--config-dir', other.path, '--insecure-storage', '--json', '--show-secrets'],
        { endInput: true, env: { DBUS_SESSION_BUS_ADDRESS: '' } },
      );
      expect(exported.stderr).toContain('UNENCRYPTED');
      expect(JSON.parse(exported.stdout).xsoar.params.enc_key).toBe(standin.client.clientSecret);
      // status names the file, not the keychain; --json keeps the contract's three values
      const status = await runCli(['status', '--profile', 'fault-insecure', '--config-dir', other.path, '--insecure-storage'], {
        endInput: true,
        env: { DBUS_SESSION_BUS_ADDRESS: '', MS_AUTH_AUTHORITY_HOST: standin.url },
      });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/Secrets: +client-secret: secrets\.json \(.{4}…\), refresh-token: secrets\.json \(.{4}…\)/);
      expect(status.stdout).not.toContain('keychain');
    } finally {
      await other.remove();
    }
  });
});

describe('fault table: keychain', () => {
  it('a locked keychain is found before the browser: exit 5, nothing written', async () => {
    const locked = await privateKeyring();
    try {
      const snapshot = await state();
      const result = await runCli(args('fault-locked'), {
        input: [standin.client.clientSecret],
        onUrl: signIn(),
        env: { DBUS_SESSION_BUS_ADDRESS: locked.address },
      });
      expect(result.code).toBe(5);
      expect(result.urls).toEqual([]);
      expect(result.stderr).toMatch(/OS keychain is unavailable or locked[\s\S]*unlock/);
      expect(await state()).toBe(snapshot);
    } finally {
      await locked.stop();
    }
  });
});

describe('fault table: timing', () => {
  it('an expired code (codes last minutes; here one second)', async () => {
    const shortLived = await startEntraStandin({ codeTtlSeconds: 1 });
    try {
      const snapshot = await state();
      const result = await runCli(
        args('fault-expired').map((a) => (a === standin.url ? shortLived.url : a)),
        {
          input: [standin.client.clientSecret],
          onUrl: async (url) => {
            const landed = await signInOverHttp(url, { login: LOGIN });
            await new Promise((r) => setTimeout(r, 2_100));
            return landed;
          },
        },
      );
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/AADSTS70008[\s\S]*codes last about ten minutes/);
      expect(await state()).toBe(snapshot);
    } finally {
      await shortLived.close();
    }
  });

  it('SIGINT while waiting on Entra exits 130 with nothing written; the next run works', async () => {
    const snapshot = await state();
    standin.failNextToken('hang');
    const result = await runCli(args('fault-sigint'), {
      input: [standin.client.clientSecret],
      onUrl: async (url) => {
        const landed = await signInOverHttp(url, { login: LOGIN });
        setTimeout(() => void sigint(), 700);
        return landed;
      },
      keep: (child) => (sigint = async () => void child.kill('SIGINT')),
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Cancelled. Nothing was saved.');
    expect(await state()).toBe(snapshot);

    const again = await runCli(args('fault-sigint'), { input: [standin.client.clientSecret], onUrl: signIn() });
    expect(again.code, again.stderr).toBe(0);
    expect(await keychainItem('fault-sigint:client-secret')).toBe(standin.client.clientSecret);
  });

  it('through a working proxy, every request of setup, status --online and validate --online goes via the proxy: Entra is reachable only through it', async () => {
    // An address where nothing listens, which only the proxy routes to Entra: a request that went around
    // the proxy would be refused and fail its run.
    const host = `127.0.0.1:${await portNothingListensOn()}`;
    const proxy = await startProxy({ routes: { [host]: new URL(standin.url).host } });
    const tokens = () => standin.events.filter((e) => e.kind === 'token').length;
    const before = tokens();
    try {
      const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
      const authority = ['--authority-host', `http://${host}`];
      const setup = await runCli(
        [
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
          '--redirect-uri',
          'https://localhost/myapp',
          ...authority,
          '--config-dir',
          dir.path,
          '--profile',
          'fault-via-proxy',
          '--client-secret-stdin',
          '--no-browser',
        ],
        {
          input: [standin.client.clientSecret],
          env,
          // The administrator's consent comes back in the browser: the test answers for it, Entra sees no browser.
          onUrl: async (url) => {
            const sent = new URL(url).searchParams;
            return `${sent.get('redirect_uri')}?admin_consent=True&tenant=${standin.tenant.id}&state=${sent.get('state')}`;
          },
        },
      );
      expect(setup.code, setup.stderr).toBe(0);
      for (const command of ['status', 'validate']) {
        const r = await runCli([command, '--online', '--profile', 'fault-via-proxy', '--config-dir', dir.path, ...authority], {
          endInput: true,
          env,
        });
        expect(r.code, r.stdout + r.stderr).toBe(0);
      }
      expect(new Set(proxy.seen)).toEqual(new Set([`CONNECT ${host}`]));
      const posted = proxy.tunneled.filter((r) => r.startsWith(`POST ${host}/${standin.tenant.id}/oauth2/v2.0/token`));
      // One token request per run at least, each one through the proxy, and every one Entra answered came from it.
      expect(posted.length).toBeGreaterThanOrEqual(3);
      expect(tokens() - before).toBe(posted.length);
      expect(proxy.tunneled.length).toBe(posted.length);
    } finally {
      await proxy.close();
    }
  });

  it('four setups at once against one config dir keep all four profiles', async () => {
    const runs = await Promise.all(
      [1, 2, 3, 4].map((n) => runCli(args(`fault-parallel-${n}`), { input: [standin.client.clientSecret], onUrl: signIn() })),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(dir.path, 'config.json'), 'utf8'));
    for (const n of [1, 2, 3, 4]) expect(config.profiles).toHaveProperty(`fault-parallel-${n}`);
    expect(config.profiles).toHaveProperty('fault-existing');
    // The version before the last write is kept, with the same mode.
    const backup = JSON.parse(await readFile(join(dir.path, 'config.json.bak'), 'utf8'));
    expect(Object.keys(backup.profiles).length).toBe(Object.keys(config.profiles).length - 1);
    expect((await stat(join(dir.path, 'config.json.bak'))).mode & 0o777).toBe(0o600);
  });
});
let sigint: () => Promise<void> = async () => undefined;
