/**
 * Drives the installed CLI (the packed package, installed once per run by
 * installed-package.ts) as a child process, the way an operator or a CI job does:
 * argv, environment and stdin in; exit code, stdout and stderr out. Whenever the CLI
 * prints a URL alone on a stderr line, `onUrl` plays the operator's browser and
 * returns the line to paste.
 *
 * Every test file runs against the one throwaway keychain of the run, in parallel, and
 * keychain entries are named by profile alone (`<profile>:<kind>`, whatever the config
 * directory): a profile name whose secrets are kept must not be used by two files.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, inject } from 'vitest';
import { startEntraStandin, type Standin, type StandinOptions } from '../standin/entra-standin.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The installed package's bin script. */
export const CLI = inject('installed').cli;
/** The installed package's keychain helper (keychain-process.ts, bundled). */
export const KEYCHAIN_HELPER = join(inject('installed').app, 'node_modules/ms-auth/dist/keychain-process.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every URL the CLI printed alone on a stderr line, in order. */
  urls: string[];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Lines written to stdin at start (e.g. the client secret). */
  input?: string[];
  onUrl?: (url: string, index: number) => Promise<string | undefined>;
  /** Called with every stderr line; what it returns is written to stdin. */
  onLine?: (line: string) => Promise<string | undefined> | undefined;
  /** Close stdin once the initial input is written (no paste will come). */
  endInput?: boolean;
  timeoutMs?: number;
  /** Gets the child process, e.g. to signal it. */
  keep?: (child: ChildProcess) => void;
}

/**
 * What Windows programs need to run at all (Node, the keychain, child processes): the
 * system folder, the user's profile folders, the shell and executable extensions.
 */
export const WINDOWS_ESSENTIALS = [
  'SystemRoot',
  'SystemDrive',
  'windir',
  'ComSpec',
  'PATHEXT',
  'TEMP',
  'TMP',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'USERNAME',
  'USERDOMAIN',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
];

/** A minimal environment: no DISPLAY, no developer MS_AUTH_* values, the test's keyring bus. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const keep = [
    'PATH',
    'HOME',
    'DBUS_SESSION_BUS_ADDRESS',
    'XDG_DATA_HOME',
    'XDG_RUNTIME_DIR',
    'TMPDIR',
    'LANG',
    'NODE_EXTRA_CA_CERTS',
    ...WINDOWS_ESSENTIALS,
  ];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  // ms-auth's compile cache (bin/ms-auth.js) in the suite's folder, not the developer's home.
  env['XDG_CACHE_HOME'] = join(inject('installed').app, 'cache');
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: baseEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  options.keep?.(child);
  const result: RunResult = { code: null, stdout: '', stderr: '', urls: [] };
  let pending = '';
  let chain = Promise.resolve();
  child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    result.stderr += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (options.onLine) {
        const onLine = options.onLine;
        chain = chain.then(async () => {
          const answer = await onLine(line);
          if (answer !== undefined && child.stdin.writable) child.stdin.write(`${answer}\n`);
        });
      }
      if (!/^https?:\/\/\S+$/.test(line)) continue;
      const index = result.urls.push(line) - 1;
      if (options.onUrl) {
        const onUrl = options.onUrl;
        chain = chain.then(async () => {
          const answer = await onUrl(line, index);
          if (answer !== undefined && child.stdin.writable) child.stdin.write(`${answer}\n`);
        });
      }
    }
  });
  child.stdin.on('error', () => undefined);
  for (const line of options.input ?? []) child.stdin.write(`${line}\n`);
  if (options.endInput) child.stdin.end();
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ms-auth ${args.join(' ')} did not finish in time.\nstderr:\n${result.stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      result.code = code;
      chain.then(() => resolvePromise(result), reject);
    });
  });
}

export async function tempDir(prefix = 'ms-auth-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

const exec = promisify(execFile);

/** Reads a keychain item the way an operator would check it, with secret-tool. */
export async function keychainItem(account: string): Promise<string | undefined> {
  try {
    const { stdout } = await exec('secret-tool', ['lookup', 'service', 'ms-auth', 'username', account]);
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * A second Secret Service on a private bus, with a keyring of its own: unlocked with
 * `password`, or never unlocked. For tests that must not touch the suite's shared one.
 */
export async function privateKeyring(password?: string): Promise<{ address: string; env: NodeJS.ProcessEnv; stop(): Promise<void> }> {
  const data = await tempDir('ms-auth-keyring-');
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve) => bus.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: data.path };
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', ...(password === undefined ? [] : ['--unlock']), '--components=secrets'], {
    env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  keyring.stdin?.end(password ?? '');
  await exec('gdbus', ['wait', '--session', '--timeout', '10', 'org.freedesktop.secrets'], { env });
  return {
    address,
    env,
    stop: async () => {
      keyring.kill();
      bus.kill();
      await data.remove();
    },
  };
}

/** Fails loudly when the suite runs outside scripts/with-keyring.sh. */
export function requireSecretService(): void {
  if (!process.env['DBUS_SESSION_BUS_ADDRESS']) {
    throw new Error(
      'No D-Bus session: run the suite with `npm test` (it starts a throwaway gnome-keyring), after `apt-get install -y gnome-keyring libsecret-tools dbus-x11 libglib2.0-bin`.',
    );
  }
}

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/**
 * The usual end-to-end setting: a real Secret Service (checked), an Entra stand-in and
 * a temporary config dir, started before a file's tests and stopped after them.
 */
export function withStandin(ready: (standin: Standin, dir: TempDir) => void, options?: StandinOptions): void {
  let standin: Standin | undefined;
  let dir: TempDir | undefined;
  beforeAll(async () => {
    requireSecretService();
    standin = await startEntraStandin(options);
    dir = await tempDir();
    ready(standin, dir);
  });
  afterAll(async () => {
    await standin?.close();
    await dir?.remove();
  });
}
