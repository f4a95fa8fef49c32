/**
 * The fault table of trust boundaries: one row per finding of the security and code
 * reviews, through the built CLI. Each row asserts the exit code and that the config
 * directory and this suite's keychain items are byte-identical afterwards, or, for an
 * attack, that nothing reached the attacker's file or listener. The ownership and
 * symlink rows use a second local user that the suite creates and removes (root only).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, mkdir, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCookieJar, signInOverHttp, startEntraStandin, type Standin } from '../standin/entra-standin.js';
import { CLI, baseEnv, keychainItem, requireSecretService, runCli, tempDir, type RunOptions, type TempDir } from './harness.js';
import { KEYS, openTerminal } from './pty.js';

const exec = promisify(execFile);
const LOGIN = 'trust.operator@contoso.onmicrosoft.com';
let standin: Standin;
let dir: TempDir;
let port: number;

beforeAll(async () => {
  requireSecretService();
  port = await freePort();
  standin = await startEntraStandin({
    clients: [
      {
        clientId: 'a0a0a0a0-1111-4222-8333-000000000010',
        clientSecret: ['Trs', '7Q~', 't'.repeat(34)].join(''),
        redirectUris: ['https://localhost/myapp', `http://127.0.0.1:${port}/cb`],
      },
    ],
  });
  dir = await tempDir('ms-auth-trust-');
  const seeded = await runCli(setupArgs('trust-existing'), {
    input: [standin.client.clientSecret],
    onUrl: (u) => signInOverHttp(u, { login: LOGIN }),
  });
  expect(seeded.code, seeded.stderr).toBe(0);
});
afterAll(async () => {
  await standin?.close();
  await dir?.remove();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port: free } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return free;
}

function setupArgs(profile: string, ...extra: string[]): string[] {
  return [
    'setup',
    '--method',
    'self-deployed',
    '--flow',
    'auth-code',
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

/** Every file under a directory (symlinks as their target's name), and this suite's keychain items with their values. */
async function state(of = dir.path): Promise<string> {
  const files: string[] = [];
  const walk = async (path: string, rel: string): Promise<void> => {
    for (const entry of (await readdir(path)).sort()) {
      if (entry.endsWith('.lock')) continue;
      const full = join(path, entry);
      const info = await lstat(full);
      if (info.isSymbolicLink()) files.push(`${rel}${entry} -> ${await readlink(full)}`);
      else if (info.isDirectory()) await walk(full, `${rel}${entry}/`);
      else files.push(`${rel}${entry} ${(info.mode & 0o777).toString(8)}:${await readFile(full, 'utf8')}`);
    }
  };
  await walk(of, '');
  let items = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      items = (await exec('secret-tool', ['search', '--all', 'service', 'ms-auth'])).stdout;
      break;
    } catch (error) {
      if (!String((error as { stderr?: string }).stderr).includes('No such secret item')) throw error;
    }
  }
  const mine = items
    .split(/\n(?=\[)/)
    .map((block) => `${/attribute\.username = (.*)/.exec(block)?.[1]}=${/^secret = (.*)$/m.exec(block)?.[1]}`)
    .filter((line) => line.startsWith('trust-'))
    .sort();
  return JSON.stringify({ files, mine });
}

/** An HTTP server playing an attacker's host (or a hostile authority): records what reached it. */
async function listener(
  answer: (req: IncomingMessage, body: string) => { status: number; body: string } = () => ({ status: 404, body: '' }),
): Promise<{ url: string; seen: Array<{ url: string; body: string }>; close(): Promise<void> }> {
  const seen: Array<{ url: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body });
      const a = answer(req, body);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Runs the CLI and checks the row's invariants: exit code, nothing written, no secret in any output. */
async function row(
  args: string[],
  options: RunOptions & { code: number; message?: RegExp; secrets?: string[] },
): Promise<{ stdout: string; stderr: string; urls: string[] }> {
  const before = await state();
  const result = await runCli(args, { endInput: options.onUrl === undefined, ...options });
  expect(result.code, result.stderr).toBe(options.code);
  if (options.message) expect(result.stderr + result.stdout).toMatch(options.message);
  for (const secret of options.secrets ?? []) {
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  }
  expect(await state()).toBe(before);
  return result;
}

describe('trust: the config file does not decide where secrets go', () => {
  it('an authorityHost edited to a foreign host: status --online and validate --online send nothing there (exit 3); validate names it', async () => {
    const attacker = await listener();
    const other = await tempDir('ms-auth-trust-host-');
    try {
      const seeded = await runCli(setupArgs('trust-host', '--config-dir', other.path), {
        input: [standin.client.clientSecret],
        onUrl: (u) => signInOverHttp(u, { login: LOGIN }),
      });
      expect(seeded.code, seeded.stderr).toBe(0);
      const path = join(other.path, 'config.json');
      const config = JSON.parse(await readFile(path, 'utf8'));
      config.profiles['trust-host'].authorityHost = attacker.url;
      await writeFile(path, JSON.stringify(config, null, 2));
      const before = await state(other.path);
      const env = { MS_AUTH_CLIENT_SECRET: standin.client.clientSecret };
      for (const command of [
        ['status', '--online'],
        ['validate', '--online'],
        ['validate', '--online', '--json'],
      ]) {
        const r = await runCli([...command, '--profile', 'trust-host', '--config-dir', other.path], { endInput: true, env });
        expect(r.code, r.stderr).toBe(3);
        expect(r.stdout + r.stderr).toMatch(/authority_host_untrusted|is not a Microsoft login host/);
      }
      const offline = await runCli(['validate', '--file', path, '--json'], { endInput: true });
      expect(offline.code).toBe(3);
      expect(JSON.parse(offline.stdout).profiles[0].problems.map((p: { code: string }) => p.code)).toContain('authority_host_untrusted');
      expect(attacker.seen).toEqual([]);
      expect(await state(other.path)).toBe(before);
      // Given at run time, the same host is the operator's choice, and the request is announced first.
      const confirmed = await runCli(
        ['validate', '--online', '--profile', 'trust-host', '--config-dir', other.path, '--authority-host', attacker.url],
        { endInput: true, env },
      );
      expect(confirmed.stderr).toContain(`Sending the client secret and refresh token to ${attacker.url} for a token`);
      expect(attacker.seen.length).toBeGreaterThan(0);
    } finally {
      await attacker.close();
      await other.remove();
    }
  });
});

describe('trust: a remembered XSOAR server does not decide where secrets go', () => {
  it('edited to a foreign host: push, push --plan, setup --push and validate send nothing there (exit 3); at a terminal it is named and no refuses', async () => {
    const attacker = await listener();
    const other = await tempDir('ms-auth-trust-xsoar-');
    const apiKey = 'trust-xsoar-api-key-0123456789';
    try {
      const args = (...extra: string[]) => [
        ...setupArgs('trust-xsoar', '--config-dir', other.path).filter((a) => a !== '--scope' && a !== 'User.Read'),
        '--integration',
        'msgraph-user',
        ...extra,
      ];
      const seeded = await runCli(args(), { input: [standin.client.clientSecret], onUrl: (u) => signInOverHttp(u, { login: LOGIN }) });
      expect(seeded.code, seeded.stderr).toBe(0);
      const path = join(other.path, 'config.json');
      const config = JSON.parse(await readFile(path, 'utf8'));
      config.profiles['trust-xsoar'].xsoar = { url: attacker.url, instance: 'msgraph-user_trust-xsoar' };
      await writeFile(path, JSON.stringify(config, null, 2));
      const before = await state(other.path);
      const env = { MS_AUTH_XSOAR_API_KEY: apiKey };
      const common = ['--profile', 'trust-xsoar', '--config-dir', other.path];
      for (const command of [['push'], ['push', '--plan'], ['push', '--json']]) {
        const r = await runCli([...command, ...common], { endInput: true, env });
        expect(r.code, r.stderr).toBe(3);
        expect(r.stdout + r.stderr).toMatch(/xsoar_url_untrusted|no API key is kept in the keychain for it/);
        expect(r.stdout + r.stderr).not.toContain(apiKey);
      }
      const again = await runCli(args('--push'), {
        env,
        input: [standin.client.clientSecret],
        onUrl: () => Promise.reject(new Error('a browser was sent somewhere before the server was trusted')),
      });
      expect(again.code, again.stderr).toBe(3);
      const validate = await runCli(['validate', '--json', ...common], { endInput: true, env });
      expect(validate.code).toBe(3);
      expect(JSON.parse(validate.stdout).profiles[0].problems.map((p: { code: string }) => p.code)).toContain('xsoar_url_untrusted');

      // At a terminal the host is named, and the answer defaults to no.
      const term = openTerminal(['push', ...common], env);
      try {
        await term.waitFor(new RegExp(`to ${attacker.url.replace(/[.]/g, '\\.')}\\?`));
        term.type(KEYS.enter);
        expect(await term.exited).toBe(3);
        expect(term.screen()).toContain(`Not pushed to ${attacker.url}`);
      } finally {
        term.kill();
      }
      expect(attacker.seen).toEqual([]);
      expect(await state(other.path)).toBe(before);
      expect(await keychainItem(`xsoar-api-key:${attacker.url}`)).toBeUndefined();

      // Given at run time, the same server is the operator's choice: the key goes there.
      await runCli(['push', '--xsoar-url', attacker.url, ...common], { endInput: true, env });
      expect(attacker.seen.length).toBeGreaterThan(0);
    } finally {
      await attacker.close();
      await other.remove();
    }
  });
});

describe('trust: config directory ownership and symlinks', () => {
  const root = process.getuid?.() === 0;
  if (!root)
    console.warn(
      '\n!!! trust.test.ts: the ownership and symlink rows need root (they create a second local user with useradd): SKIPPED.\n',
    );
  let intruder: { name: string; uid: number; home: string } | undefined;
  beforeAll(async () => {
    if (!root) return;
    const name = `msauth-${randomBytes(4).toString('hex')}`;
    await exec('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    const uid = Number((await exec('id', ['-u', name])).stdout.trim());
    const home = join(dir.path, '..', `${name}-home`);
    await mkdir(home, { mode: 0o755 });
    await chown(home, uid, uid);
    intruder = { name, uid, home };
  });
  afterAll(async () => {
    if (!intruder) return;
    await rm(intruder.home, { recursive: true, force: true });
    await exec('userdel', [intruder.name]);
  });

  it.skipIf(!root)('a config dir owned by another user: refused with exit 3 before any browser; nothing read or written', async () => {
    const theirs = join(intruder!.home, 'ms-auth');
    await mkdir(theirs, { mode: 0o700 });
    await writeFile(join(theirs, 'config.json'), JSON.stringify({ version: 1, profiles: {} }));
    await chown(theirs, intruder!.uid, intruder!.uid);
    const before = await state(theirs);
    const r = await row(setupArgs('trust-owner', '--config-dir', theirs), {
      input: [standin.client.clientSecret],
      code: 3,
      message: /belongs to another user[\s\S]*--config-dir/,
    });
    expect(r.urls).toEqual([]);
    const status = await runCli(['status', '--config-dir', theirs], { endInput: true });
    expect(status.code).toBe(3);
    expect(await state(theirs)).toBe(before);
  });

  it.skipIf(!root)("a config dir that is a symlink to another user's directory: resolved and refused (exit 3)", async () => {
    const theirs = join(intruder!.home, 'planted');
    await mkdir(theirs, { mode: 0o700 });
    await chown(theirs, intruder!.uid, intruder!.uid);
    const link = join(dir.path, '..', `ms-auth-trust-link-${randomBytes(3).toString('hex')}`);
    await symlink(theirs, link);
    try {
      const r = await row(setupArgs('trust-link', '--config-dir', link), {
        input: [standin.client.clientSecret],
        code: 3,
        message: /belongs to another user/,
      });
      expect(r.urls).toEqual([]);
      expect(await readdir(theirs)).toEqual([]);
    } finally {
      await rm(link);
    }
  });

  it('a config dir writable by group or others: refused with exit 3 and the chmod that fixes it; validate reports it (exit 3), a --file there is read', async () => {
    const open = await tempDir('ms-auth-trust-open-');
    try {
      await chmod(open.path, 0o777);
      const before = await state(open.path);
      const r = await row(setupArgs('trust-open', '--config-dir', open.path), {
        input: [standin.client.clientSecret],
        code: 3,
        message: /writable by its group and every user[\s\S]*chmod 700/,
      });
      expect(r.urls).toEqual([]);
      expect(await state(open.path)).toBe(before);
      // validate, the CI gate, reports it as push and status would refuse it; a --file there is the caller's choice
      await writeFile(
        join(open.path, 'config.json'),
        JSON.stringify({ version: 1, profiles: { bare: { method: 'xsoar-app', integration: null } } }),
      );
      const checked = await runCli(['validate', '--all', '--json', '--config-dir', open.path], { endInput: true });
      expect(checked.code).toBe(3);
      expect(JSON.parse(checked.stdout)).toMatchObject({
        ok: false,
        problems: [{ code: 'config_dir_writable_by_others', message: expect.stringContaining('chmod 700') }],
        profiles: [],
      });
      const given = await runCli(['validate', '--json', '--file', join(open.path, 'config.json')], { endInput: true });
      expect(JSON.parse(given.stdout).problems ?? []).not.toContainEqual(
        expect.objectContaining({ code: 'config_dir_writable_by_others' }),
      );
      expect(JSON.parse(given.stdout).profiles.map((p: { name: string }) => p.name)).toEqual(['bare']);
    } finally {
      await open.remove();
    }
  });

  it.skipIf(!root)(
    "config.json.bak planted as a symlink to another user's file: the save replaces the link, the file is untouched",
    async () => {
      const loot = join(intruder!.home, 'loot');
      await writeFile(loot, 'nothing yet\n', { mode: 0o666 });
      await chown(loot, intruder!.uid, intruder!.uid);
      await symlink(loot, join(dir.path, 'config.json.bak'));
      const r = await runCli(setupArgs('trust-bak'), {
        input: [standin.client.clientSecret],
        onUrl: (u) => signInOverHttp(u, { login: LOGIN }),
      });
      expect(r.code, r.stderr).toBe(0);
      expect(await readFile(loot, 'utf8')).toBe('nothing yet\n');
      expect((await lstat(join(dir.path, 'config.json.bak'))).isSymbolicLink()).toBe(false);
      expect((await lstat(join(dir.path, 'config.json.bak'))).mode & 0o777).toBe(0o600);
    },
  );

  it.skipIf(!root)(
    "secrets.json planted as a symlink (--insecure-storage): the plaintext secret never reaches the other user's file",
    async () => {
      const own = await tempDir('ms-auth-trust-plain-');
      try {
        const loot = join(intruder!.home, 'loot-secrets');
        await writeFile(loot, '{}\n', { mode: 0o666 });
        await chown(loot, intruder!.uid, intruder!.uid);
        await symlink(loot, join(own.path, 'secrets.json'));
        const r = await runCli([...setupArgs('trust-plain'), '--config-dir', own.path, '--insecure-storage'], {
          input: [standin.client.clientSecret],
          onUrl: (u) => signInOverHttp(u, { login: LOGIN }),
        });
        expect(r.code, r.stderr).toBe(0);
        expect(await readFile(loot, 'utf8')).toBe('{}\n');
        expect((await lstat(join(own.path, 'secrets.json'))).isSymbolicLink()).toBe(false);
      } finally {
        await own.remove();
      }
    },
  );

  it('.bak never keeps a forgotten profile', async () => {
    const own = await tempDir('ms-auth-trust-bak-');
    try {
      for (const name of ['trust-keep', 'trust-forget']) {
        const r = await runCli([...setupArgs(name), '--config-dir', own.path], {
          input: [standin.client.clientSecret],
          onUrl: (u) => signInOverHttp(u, { login: LOGIN }),
        });
        expect(r.code, r.stderr).toBe(0);
      }
      const forgot = await runCli(['revoke', '--forget', '--yes', '--profile', 'trust-forget', '--config-dir', own.path], {
        endInput: true,
      });
      expect(forgot.code, forgot.stderr).toBe(0);
      const backup = JSON.parse(await readFile(join(own.path, 'config.json.bak'), 'utf8'));
      expect(Object.keys(backup.profiles)).toEqual(['trust-keep']);
    } finally {
      await own.remove();
    }
  });
});

describe('trust: what servers send back', () => {
  it('an authority that echoes the request in its error text: secret, code and verifier scrubbed from every message (exit 4)', async () => {
    const echo = await listener((_req, body) => ({
      status: 400,
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided. You sent: ${body} (${decodeURIComponent(body)})`,
      }),
    }));
    try {
      for (const json of [[], ['--json']]) {
        const r = await row(setupArgs('trust-echo', '--authority-host', echo.url, ...json), {
          input: [standin.client.clientSecret],
          onUrl: async () => 'abcdefghijklmnopqrstu0123456789',
          code: 4,
        });
        const sent = new URLSearchParams(echo.seen.at(-1)?.body ?? '');
        const values = ['client_secret', 'code', 'code_verifier'].map((k) => sent.get(k) ?? 'missing');
        expect(values).not.toContain('missing');
        for (const value of [...values, ...values.map(encodeURIComponent)]) {
          expect(r.stderr).not.toContain(value);
          expect(r.stdout).not.toContain(value);
        }
        expect(r.stderr + r.stdout).toContain('AADSTS7000215');
      }
    } finally {
      await echo.close();
    }
  });

  it('a token that is not printable ASCII is refused before it is stored or printed (exit 6)', async () => {
    const hostile = await listener(() => ({
      status: 200,
      body: JSON.stringify({
        token_type: 'Bearer',
        access_token: 'at-\u001b]8;;http://evil\u0007x',
        refresh_token: 'rt-\u001b[2J-wiped',
        expires_in: 3600,
        scope: 'User.Read',
      }),
    }));
    try {
      const r = await row(setupArgs('trust-ansi', '--authority-host', hostile.url), {
        input: [standin.client.clientSecret],
        onUrl: async () => 'abcdefghijklmnopqrstu0123456789',
        code: 6,
        message: /characters a token never has/,
      });
      expect(r.stderr + r.stdout).not.toContain('\u001b');
      expect(await keychainItem('trust-ansi:refresh-token')).toBeUndefined();
    } finally {
      await hostile.close();
    }
  });
});

describe('trust: environment secrets and child processes', () => {
  it('MS_AUTH_* secrets are gone from the environment of every child process (keychain helper, browser opener)', async () => {
    const dump = join(dir.path, '..', `ms-auth-trust-env-${randomBytes(3).toString('hex')}`);
    const script = `${dump}.sh`;
    // The opener dumps the environment of every process started by this run (they carry
    // its unique BROWSER value) but ms-auth itself: the keychain helper, the launcher, itself.
    await writeFile(
      script,
      `#!/bin/sh\nfor p in /proc/[0-9]*; do if tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -qx 'BROWSER=${script}' && ! tr '\\0' ' ' < $p/cmdline | grep -q 'bin/ms-auth.js'; then echo "== $p $(tr '\\0' ' ' < $p/cmdline)"; tr '\\0' '\\n' < $p/environ; fi; done > '${dump}' 2>/dev/null\n`,
    );
    await chmod(script, 0o755);
    try {
      const secret = standin.client.clientSecret;
      const args = setupArgs('trust-env').filter((a) => a !== '--client-secret-stdin' && a !== '--no-browser');
      const r = await row(args, {
        env: { MS_AUTH_CLIENT_SECRET: secret, MS_AUTH_REFRESH_TOKEN: 'unused-refresh-token-value', BROWSER: script },
        onUrl: async () => 'abcdefghijklmnopqrstu0123456789',
        code: 4,
        secrets: [secret],
      });
      expect(r.urls.length).toBeGreaterThan(0);
      const seen = await readFile(dump, 'utf8');
      expect(seen).toMatch(/^== .*keychain-process\.js/m);
      expect(seen).toMatch(/^== .*\.sh/m);
      expect(seen).toContain('BROWSER=');
      expect(seen).not.toContain(secret);
      expect(seen).not.toContain('unused-refresh-token-value');
      expect(seen).not.toMatch(/MS_AUTH_(CLIENT_SECRET|REFRESH_TOKEN)=/);
    } finally {
      await rm(dump, { force: true });
      await rm(script, { force: true });
    }
  });
});

describe('trust: --listen', () => {
  const redirect = () => `http://127.0.0.1:${port}/cb`;
  const listenArgs = (profile: string, ...extra: string[]) =>
    setupArgs(profile, '--redirect-uri', redirect(), '--listen', '--timeout', '20', ...extra);

  it("the browser is opened at a one-time start page: state never appears in an opener's argv", async () => {
    const log = join(dir.path, '..', `ms-auth-trust-argv-${randomBytes(3).toString('hex')}`);
    await writeFile(`${log}.sh`, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${log}'\n`);
    await chmod(`${log}.sh`, 0o755);
    try {
      const jar = newCookieJar();
      const r = await runCli(
        listenArgs('trust-start').filter((a) => a !== '--no-browser'),
        {
          input: [standin.client.clientSecret],
          env: { BROWSER: `${log}.sh` },
          onUrl: async (printed) => {
            let argv = '';
            for (let i = 0; i < 100 && !argv; i++) {
              argv = await readFile(log, 'utf8').catch(() => '');
              if (!argv) await new Promise((res) => setTimeout(res, 50));
            }
            expect(argv).not.toContain('state=');
            const start = argv.trim();
            expect(start).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/ms-auth-start-[\\w-]{20,}$`));
            const first = await fetch(start, { redirect: 'manual' });
            expect(first.status).toBe(302);
            expect(first.headers.get('location')).toBe(printed);
            expect((await fetch(start, { redirect: 'manual' })).status).toBe(410);
            const landed = await signInOverHttp(printed, { login: LOGIN, jar });
            await fetch(landed, { redirect: 'manual' });
            return undefined;
          },
        },
      );
      expect(r.code, r.stderr).toBe(0);
    } finally {
      await rm(log, { force: true });
      await rm(`${log}.sh`, { force: true });
    }
  });

  it('a callback whose socket is destroyed right after the request, before any answer is read: the run still completes (exit 0) and saves the profile', async () => {
    const own = await tempDir('ms-auth-trust-early-');
    try {
      const r = await runCli([...listenArgs('trust-early'), '--config-dir', own.path], {
        input: [standin.client.clientSecret],
        // No paste will come: nothing on stdin may keep the run alive.
        endInput: true,
        onUrl: async (printed) => {
          const landed = new URL(await signInOverHttp(printed, { login: LOGIN }));
          // The browser sends the callback and goes away at once: neither the redirect nor the done page is read.
          await new Promise<void>((resolve, reject) => {
            const socket = connect(Number(landed.port), landed.hostname, () => {
              const get = `GET ${landed.pathname}${landed.search} HTTP/1.1\r\nHost: ${landed.host}\r\nConnection: keep-alive\r\n\r\n`;
              socket.write(get, () => {
                socket.destroy();
                resolve();
              });
            });
            socket.on('error', reject);
          });
          return undefined;
        },
      });
      expect(r.code, r.stderr).toBe(0);
      const saved = JSON.parse(await readFile(join(own.path, 'config.json'), 'utf8'));
      expect(Object.keys(saved.profiles)).toEqual(['trust-early']);
      expect(await keychainItem('trust-early:client-secret')).toBe(standin.client.clientSecret);
      expect(await keychainItem('trust-early:refresh-token')).toMatch(/\S{20,}/);
    } finally {
      await exec('secret-tool', ['clear', 'service', 'ms-auth', 'username', 'trust-early:client-secret']).catch(() => undefined);
      await exec('secret-tool', ['clear', 'service', 'ms-auth', 'username', 'trust-early:refresh-token']).catch(() => undefined);
      await own.remove();
    }
  });

  it('a local user holding a hundred idle connections does not starve the listener, which keeps at most 32', async () => {
    const sockets: Socket[] = [];
    let closed = 0;
    const r = await runCli(listenArgs('trust-flood'), {
      input: [standin.client.clientSecret],
      onUrl: async (printed) => {
        for (let i = 0; i < 100; i++) {
          const socket = connect(port, '127.0.0.1');
          socket.on('error', () => undefined);
          socket.on('close', () => closed++);
          sockets.push(socket);
        }
        await new Promise((res) => setTimeout(res, 1_000));
        expect(sockets.length - closed).toBeLessThanOrEqual(32);
        const landed = await signInOverHttp(printed, { login: LOGIN });
        await fetch(landed, { redirect: 'manual' });
        return undefined;
      },
    });
    for (const socket of sockets) socket.destroy();
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('trust: names and arguments', () => {
  it('profile names that are Object prototype keys are refused (exit 2); a file holding one is invalid (exit 3)', async () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      await row(setupArgs(name), {
        input: [standin.client.clientSecret],
        code: 2,
        message: /Profile name must not be a name every JavaScript object already has/,
      });
      await row(['status', '--profile', name, '--config-dir', dir.path], { code: 2 });
    }
    const file = join(dir.path, '..', `ms-auth-trust-proto-${randomBytes(3).toString('hex')}.json`);
    await writeFile(file, '{"version": 1, "profiles": {"constructor": {"method": "xsoar-app"}}}');
    try {
      const r = await row(['validate', '--file', file, '--json'], { code: 3 });
      expect(JSON.parse(r.stdout).profiles[0].problems.map((p: { code: string }) => p.code)).toContain('profile_name_invalid');
      await row(['validate', '--file', file, '--profile', 'valueOf', '--json'], { code: 2 });
    } finally {
      await rm(file, { force: true });
    }
  });

  it('no error message echoes an option value: short clusters, choices, unknown commands, --authority-host, --client-secret without a command', async () => {
    const secret = 'Sek7Q~ret-value-typed-in-the-wrong-place';
    for (const args of [
      [`-p${secret}`, 'status'],
      ['status', `-x${secret}`],
      ['authorize-url', '--cloud', secret],
      ['authorize-url', '--prompt', secret],
      [secret],
      [
        'authorize-url',
        '--tenant',
        'contoso.onmicrosoft.com',
        '--client-id',
        '11111111-2222-3333-4444-555555555555',
        '--authority-host',
        secret,
      ],
      ['--client-secret', secret],
      [`--client-secret=${secret}`],
      ['setup', '--integration', secret, '--no-input', '--config-dir', dir.path],
      ['status', `--nope=${secret}`, '--json'],
    ]) {
      const r = await row(args, { code: 2, secrets: [secret] });
      expect(r.stderr + r.stdout).not.toContain('Sek7');
    }
    const refused = await runCli(['--client-secret', secret], { endInput: true });
    expect(refused.stderr).toContain('Secrets are never taken as flag values');
  });
});

describe('trust: bugs from review', () => {
  it('bare ms-auth prints the whole help', async () => {
    const r = await runCli([], { endInput: true });
    expect(r.stderr + r.stdout).toMatch(/help \[command\]\s+display help for command\n$/);
    expect(r.stderr + r.stdout).not.toContain('…');
  });

  it('`setup --help` into a pipe closed at once ends quietly: no EPIPE stack trace', async () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const child = spawn(process.execPath, [CLI, 'setup', '--help', ...(stream === 'stderr' ? ['--no-such-flag'] : [])], {
        env: baseEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let other = '';
      (stream === 'stdout' ? child.stdout : child.stderr).destroy();
      (stream === 'stdout' ? child.stderr : child.stdout).on('data', (d: Buffer) => (other += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(other).not.toMatch(/EPIPE|^\s+at /m);
      expect([0, 2, 141]).toContain(code);
    }
  });

  it('validate --all on an empty config is exit 3 (no_profiles), not a gate passing on nothing', async () => {
    const empty = await tempDir('ms-auth-trust-empty-');
    try {
      await writeFile(join(empty.path, 'config.json'), '{"version": 1, "profiles": {}}\n');
      const r = await runCli(['validate', '--all', '--json', '--config-dir', empty.path], { endInput: true });
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout).problems.map((p: { code: string }) => p.code)).toEqual(['no_profiles']);
    } finally {
      await empty.remove();
    }
  });

  it('export exits 3 when a secret the hand-off needs is missing, as status does', async () => {
    const own = await tempDir('ms-auth-trust-export-');
    try {
      const r = await runCli([...setupArgs('trust-export'), '--config-dir', own.path], {
        input: [standin.client.clientSecret],
        onUrl: (u) => signInOverHttp(u, { login: LOGIN }),
      });
      expect(r.code, r.stderr).toBe(0);
      await exec('secret-tool', ['clear', 'service', 'ms-auth', 'username', 'trust-export:client-secret']);
      const before = await state(own.path);
      const exported = await runCli(['export', '--profile', 'trust-export', '--config-dir', own.path], { endInput: true });
      expect(exported.code).toBe(3);
      expect(exported.stderr).toMatch(/client-secret is missing/);
      expect(exported.stdout).toBe('');
      expect(await state(own.path)).toBe(before);
    } finally {
      await exec('secret-tool', ['clear', 'service', 'ms-auth', 'username', 'trust-export:refresh-token']).catch(() => undefined);
      await own.remove();
    }
  });

  it('validate --online: an unexpected failure (a damaged certificate key) is exit 1, not 3', async () => {
    const own = await tempDir('ms-auth-trust-bug-');
    try {
      const now = new Date().toISOString();
      await writeFile(
        join(own.path, 'config.json'),
        JSON.stringify({
          version: 1,
          profiles: {
            'trust-cert': {
              method: 'self-deployed',
              integration: null,
              flow: 'client-credentials',
              cloud: 'worldwide',
              authorityHost: standin.url,
              tenantId: standin.tenant.id,
              clientId: standin.client.clientId,
              redirectUri: 'https://localhost/myapp',
              scopes: ['https://graph.microsoft.com/.default'],
              certificateThumbprint: 'A'.repeat(40),
              createdAt: now,
              updatedAt: now,
            },
          },
        }),
      );
      const r = await runCli(
        ['validate', '--online', '--profile', 'trust-cert', '--config-dir', own.path, '--authority-host', standin.url],
        { endInput: true, env: { MS_AUTH_CERTIFICATE_KEY: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----' } },
      );
      expect(r.code, r.stdout + r.stderr).toBe(1);
    } finally {
      await own.remove();
    }
  });

  it('client credentials: the admin consent URL asks for every scope the token request will', async () => {
    const scopes = ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'];
    const args = [
      'setup',
      '--method',
      'self-deployed',
      '--flow',
      'client-credentials',
      '--scope',
      ...scopes,
      '--tenant',
      standin.tenant.id,
      '--client-id',
      standin.client.clientId,
      '--authority-host',
      standin.url,
      '--config-dir',
      dir.path,
      '--profile',
      'trust-consent',
      '--client-secret-stdin',
      '--no-browser',
    ];
    const r = await row(args, {
      input: [standin.client.clientSecret],
      // The administrator declines: nothing may be saved.
      onUrl: async (url) =>
        `${new URL(url).searchParams.get('redirect_uri')}?error=access_denied&error_description=declined&state=${new URL(url).searchParams.get('state')}`,
      code: 4,
    });
    expect(new URL(r.urls[0] as string).searchParams.get('scope')).toBe(scopes.join(' '));
  });

  it("device code without a terminal uses MS_AUTH_CLIENT_ID, not XSOAR's public client", async () => {
    const r = await runCli(
      [
        'setup',
        '--integration',
        'msgraph-api',
        '--method',
        'self-deployed',
        '--flow',
        'device-code',
        '--tenant',
        standin.tenant.id,
        '--authority-host',
        standin.url,
        '--config-dir',
        dir.path,
        '--profile',
        'trust-device',
        '--no-browser',
        '--timeout',
        '2',
      ],
      { endInput: true, env: { MS_AUTH_CLIENT_ID: standin.client.clientId } },
    );
    const started = standin.events.filter((e) => e.kind === 'devicecode').at(-1) as { clientId?: string } | undefined;
    expect(started?.clientId, r.stderr).toBe(standin.client.clientId);
  });

  it('Ctrl-C during revoke --forget puts everything back and says nothing was deleted', async () => {
    const own = await tempDir('ms-auth-trust-sigint-');
    try {
      const r = await runCli([...setupArgs('trust-sigint'), '--config-dir', own.path], {
        input: [standin.client.clientSecret],
        onUrl: (u) => signInOverHttp(u, { login: LOGIN }),
      });
      expect(r.code, r.stderr).toBe(0);
      const before = await state(own.path);
      // Another run holds the config lock: forget deletes the secrets, then waits for it.
      const lock = join(own.path, 'config.json.lock');
      await writeFile(lock, '');
      let child: import('node:child_process').ChildProcess | undefined;
      const forgetting = runCli(['revoke', '--forget', '--yes', '--profile', 'trust-sigint', '--config-dir', own.path], {
        endInput: true,
        keep: (c) => (child = c),
      });
      for (let i = 0; i < 100 && (await keychainItem('trust-sigint:client-secret')) !== undefined; i++)
        await new Promise((res) => setTimeout(res, 50));
      child?.kill('SIGINT');
      await new Promise((res) => setTimeout(res, 200));
      await rm(lock);
      const result = await forgetting;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('Cancelled. Nothing was deleted.');
      expect(await state(own.path)).toBe(before);
    } finally {
      await own.remove();
    }
  });

  it('a pasted redirect with a foreign state at a terminal ends with exit 4 (contract), nothing sent or stored', async () => {
    const own = await tempDir('ms-auth-trust-pty-');
    const before = await state(own.path);
    const term = openTerminal(
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--scope',
        'User.Read',
        '--tenant',
        standin.tenant.id,
        '--client-id',
        standin.client.clientId,
        '--redirect-uri',
        'https://localhost/myapp',
        '--authority-host',
        standin.url,
        '--config-dir',
        own.path,
        '--profile',
        'trust-pty',
        '--no-browser',
        '--handoff',
        'none',
      ],
      { MS_AUTH_CLIENT_SECRET: standin.client.clientSecret },
    );
    try {
      await term.waitFor(/Paste the redirect URL/);
      const tokens = standin.events.filter((e) => e.kind === 'token').length;
      // The echo drawn before Enter: the pty then holds little unread output when the run exits.
      term.type('https://localhost/myapp?code=abcdefghijklmnopqrstu&state=someone-elses-state');
      await term.waitFor(/state=someone-elses-state/);
      term.type(KEYS.enter);
      expect(await term.exited).toBe(4);
      expect(term.screen()).toMatch(/state does not match/);
      expect(standin.events.filter((e) => e.kind === 'token').length).toBe(tokens);
      expect(await state(own.path)).toBe(before);
    } finally {
      term.kill();
      await own.remove();
    }
  });
});
