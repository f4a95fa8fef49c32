/**
 * Secrets live in the OS keychain (macOS Keychain, Windows Credential Manager, the
 * Secret Service on Linux) under service `ms-auth`, account `<profile>:<kind>`.
 * Every call races a 3-second timeout, as a headless keyring that never answers is
 * common on jump boxes (cli/cli does the same).
 */
import { CliError } from '../errors.js';
import { sanitize } from '../core/sanitize.js';
import { SECRET_ENV, type SecretKind } from '../core/profile.js';

export const SERVICE = 'ms-auth';
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

async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(unavailable(`no answer within ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw unavailable(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

export async function openKeychain(): Promise<SecretStore> {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  // Without an explicit store the library silently falls back to the kernel keyring
  // on Linux, which forgets everything at logout: ask for the Secret Service.
  const entry = (profile: string, kind: SecretKind) =>
    new AsyncEntry(SERVICE, account(profile, kind), { linux: { store: 'secret-service' } });
  return {
    label: 'the OS keychain',
    get: (profile, kind) =>
      withTimeout(async (signal) => (await entry(profile, kind).getPassword(signal)) ?? undefined),
    set: (profile, kind, value) => withTimeout((signal) => entry(profile, kind).setPassword(value, signal)),
    delete: (profile, kind) => withTimeout((signal) => entry(profile, kind).deleteCredential(signal)),
    probe: (profile) =>
      withTimeout(async (signal) => {
        const probe = new AsyncEntry(SERVICE, `${profile}:probe`, { linux: { store: 'secret-service' } });
        await probe.setPassword('ms-auth write check', signal);
        await probe.deleteCredential(signal);
      }),
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
