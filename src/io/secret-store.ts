/**
 * Secrets live in the OS keychain (macOS Keychain, Windows Credential Manager, the
 * Secret Service on Linux) under service `ms-auth`, account `<profile>:<kind>`.
 * Every call races a 3-second timeout, as a headless keyring that never answers is
 * common on jump boxes (cli/cli does the same); the calls run in a child process
 * (keychain-process.ts) so that a hung D-Bus can be abandoned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CliError } from '../errors.js';
import { sanitize } from '../core/sanitize.js';
import { SECRET_ENV, type SecretKind } from '../core/profile.js';

const SERVICE = 'ms-auth';
const TIMEOUT_MS = 3_000;

export interface SecretStore {
  /** Where secrets go, for messages ("the OS keychain"). */
  readonly label: string;
  get(profile: string, kind: SecretKind): Promise<string | undefined>;
  set(profile: string, kind: SecretKind, value: string): Promise<void>;
  /** Resolves whether an item was there. */
  delete(profile: string, kind: SecretKind): Promise<boolean>;
  /**
   * Proves the store takes writes, before the operator is sent to a browser: a locked
   * Secret Service still answers reads, and fails only when asked to store.
   */
  probe(profile: string): Promise<void>;
}

export const account = (profile: string, kind: SecretKind): string => `${profile}:${kind}`;

function unavailable(reason: string): CliError {
  const hints =
    process.platform === 'linux'
      ? [
          'ms-auth keeps secrets in the Secret Service (GNOME Keyring, KWallet, KeePassXC).',
          'Start and unlock one in this session, e.g. `gnome-keyring-daemon --unlock --components=secrets` inside a D-Bus session,',
          'or, in CI, supply secrets through MS_AUTH_* environment variables, or accept a plaintext file with --insecure-storage.',
        ]
      : ['Unlock the OS keychain and try again, or supply secrets through MS_AUTH_* environment variables.'];
  return new CliError('store', 'keychain_unavailable', `The OS keychain is unavailable or locked: ${sanitize(reason, { max: 200 })}`, hints);
}

interface Reply {
  id: number;
  ok: boolean;
  value?: string | boolean | null;
  message?: string;
}

/** The keychain child (keychain-process.ts), started on first use and killed on exit or timeout. */
function keychainProcess(): (op: 'get' | 'set' | 'delete', account: string, value?: string) => Promise<Reply['value']> {
  let child: ChildProcess | undefined;
  let next = 0;
  const pending = new Map<number, (reply: Reply) => void>();
  const start = (): ChildProcess => {
    const started = spawn(process.execPath, [fileURLToPath(new URL('./keychain-process.js', import.meta.url))], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      // Its own process group: Ctrl-C at the terminal is ms-auth's to handle (it may be
      // mid-save and roll back through this helper); the helper is killed at exit anyway.
      detached: process.platform !== 'win32',
    });
    started.on('message', (reply: Reply) => pending.get(reply.id)?.(reply));
    started.on('exit', () => {
      for (const [id, settle] of pending) settle({ id, ok: false, message: 'the keychain helper stopped' });
      child = undefined;
    });
    // The helper never keeps ms-auth alive, and never outlives it.
    started.unref();
    started.channel?.unref();
    process.once('exit', () => started.kill('SIGKILL'));
    return started;
  };
  return (op, account, value) => {
    const id = ++next;
    const worker = (child ??= start());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        worker.kill('SIGKILL');
        reject(unavailable(`no answer within ${TIMEOUT_MS / 1000} s`));
      }, TIMEOUT_MS);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        pending.delete(id);
        if (reply.ok) resolve(reply.value);
        else reject(unavailable(reply.message ?? 'unknown error'));
      });
      worker.send({ id, op, service: SERVICE, account, value });
    });
  };
}

export async function openKeychain(): Promise<SecretStore> {
  const call = keychainProcess();
  return {
    label: 'the OS keychain',
    get: async (profile, kind) => ((await call('get', account(profile, kind))) as string | null) ?? undefined,
    set: async (profile, kind, value) => void (await call('set', account(profile, kind), value)),
    delete: async (profile, kind) => Boolean(await call('delete', account(profile, kind))),
    probe: async (profile) => {
      await call('set', `${profile}:probe`, 'ms-auth write check');
      await call('delete', `${profile}:probe`);
    },
  };
}

export type SecretSource = 'environment' | 'keychain' | 'missing';

/**
 * A secret as a command sees it: the `MS_AUTH_*` environment variable wins over the
 * keychain (contract: CI), and a missing secret is a value, not an exception.
 */
/** The `MS_AUTH_*` variable's value for a kind, if set. */
export function secretFromEnv(env: NodeJS.ProcessEnv, kind: SecretKind): string | undefined {
  const variable = SECRET_ENV[kind];
  return (variable && env[variable]) || undefined;
}

export async function resolveSecret(
  store: SecretStore | undefined,
  env: NodeJS.ProcessEnv,
  profile: string,
  kind: SecretKind,
): Promise<{ value?: string; source: SecretSource }> {
  const fromEnv = secretFromEnv(env, kind);
  if (fromEnv) return { value: fromEnv, source: 'environment' };
  const value = store ? await store.get(profile, kind) : undefined;
  return value === undefined ? { source: 'missing' } : { value, source: 'keychain' };
}
