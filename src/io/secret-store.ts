/**
 * Secrets live in the OS keychain (macOS Keychain, Windows Credential Manager, the
 * Secret Service on Linux) under service `ms-auth`, account `<profile>:<kind>`.
 *
 * The native calls run in a child process (keychain-process.ts) so that a hung D-Bus can
 * be abandoned. Its start-up and each call have their own time limits: a call may wait
 * for a person (macOS asks whether to allow access after a Node upgrade; a locked
 * keyring asks for its password), so it gets longer when someone is at the terminal,
 * and MS_AUTH_KEYCHAIN_TIMEOUT overrides it.
 *
 * Any secret is stored whatever its length: Windows Credential Manager takes at most
 * 2,560 bytes of UTF-16 (1,280 characters) per entry, so a longer value goes into
 * numbered entries `<account>#1`, `#2`… and the entry `<account>` itself holds a small
 * manifest (part count and SHA-256) that is written last and read first. A set that fails
 * half-way is rolled back to the value before it; delete removes every part.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CliError, usageError } from '../errors.js';
import { sanitize } from '../core/sanitize.js';
import { SECRET_ENV, type SecretKind } from '../core/profile.js';

const SERVICE = 'ms-auth';

export interface SecretStore {
  /** Where secrets go, for messages ("the OS keychain"). */
  readonly label: string;
  get(profile: string, kind: SecretKind): Promise<string | undefined>;
  set(profile: string, kind: SecretKind, value: string): Promise<void>;
  /** Resolves whether an item was there. */
  delete(profile: string, kind: SecretKind): Promise<boolean>;
  /**
   * Proves the store takes writes, before the operator is sent to a browser: a locked
   * Secret Service still answers reads, and fails only when asked to store. The keychain
   * writes an entry of the largest size it will use, so a size limit shows here too.
   */
  probe(profile: string): Promise<void>;
  /**
   * Before reading many secrets (status or validate of every profile): lets the store
   * fetch them in one go, so that the gets that follow cost no keychain round trip each.
   * Best effort: whatever it cannot fetch, the gets read as usual. `asked` settles once
   * the store has asked for them, so that the caller's own work overlaps the keychain's
   * answer; `done` once they are in. Neither rejects. With `values: false` the caller
   * only asks `has`: the store may learn which entries exist without reading a secret.
   */
  prefetch?(wanted: Array<{ profile: string; kind: SecretKind }>, options?: { values: boolean }): Prefetch;
  /** Whether the secret is there; where the store has no quicker way, it reads it. */
  has(profile: string, kind: SecretKind): Promise<boolean>;
}

export interface Prefetch {
  asked: Promise<void>;
  done: Promise<void>;
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
  return new CliError(
    'store',
    'keychain_unavailable',
    `The OS keychain is unavailable or locked: ${sanitize(reason, { max: 200 })}`,
    hints,
  );
}

function timedOut(what: string, ms: number): CliError {
  const error = unavailable(`${what} within ${ms / 1000} s`);
  error.hints.unshift(
    'If the keychain was waiting for you (a dialog asking to allow access, or to unlock it), set MS_AUTH_KEYCHAIN_TIMEOUT=SECONDS to wait longer.',
  );
  return error;
}

function tooLarge(units: number, reason: string): CliError {
  return new CliError(
    'store',
    'secret_too_large',
    `The OS keychain refused an entry of ${units} characters as too large: ${sanitize(reason, { max: 200 })}`,
    [
      'ms-auth splits long secrets into entries of a size this platform is known to accept; this keychain accepts less. Please report it with your OS version.',
      'Meanwhile supply the secret through its MS_AUTH_* environment variable, or keep it in a plaintext file with --insecure-storage.',
    ],
  );
}

function damaged(name: string): CliError {
  return new CliError(
    'store',
    'keychain_item_damaged',
    `The keychain entry ${name} is incomplete: some of its parts are missing or changed.`,
    ['Run `ms-auth setup` again for this profile to store it afresh.'],
  );
}

/** Native keychain errors that mean "too long" (keyring's TooLong on Windows, size errors elsewhere). */
const SIZE_ERROR = /longer than (the )?platform limit|too long|too large|toolong/i;

export interface KeychainTimeouts {
  /** Until the helper has loaded the keychain library and said it is ready. */
  startupMs: number;
  /** One keychain call; it may wait for a person to answer a dialog. */
  callMs: number;
}

/** The helper's start-up never waits for a person: node and one native module. */
const STARTUP_MS = 10_000;
const CALL_MS = { attended: 120_000, unattended: 10_000 };

/**
 * The time limits: a call gets two minutes when a person is at the terminal (to answer
 * the macOS "allow" dialog or unlock a keyring), ten seconds otherwise;
 * MS_AUTH_KEYCHAIN_TIMEOUT=SECONDS sets the call limit either way.
 */
export function keychainTimeouts(env: NodeJS.ProcessEnv, attended: boolean): KeychainTimeouts {
  const override = env['MS_AUTH_KEYCHAIN_TIMEOUT'];
  if (override !== undefined && override !== '') {
    const seconds = Number(override);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
      throw usageError('MS_AUTH_KEYCHAIN_TIMEOUT takes a number of seconds between 1 and 3600.');
    return { startupMs: STARTUP_MS, callMs: seconds * 1000 };
  }
  return { startupMs: STARTUP_MS, callMs: attended ? CALL_MS.attended : CALL_MS.unattended };
}

/** How the helper is started: its own process group on POSIX; no console window on Windows. */
export function helperSpawnOptions(platform: NodeJS.Platform): SpawnOptions {
  return {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    // Its own process group: Ctrl-C at the terminal is ms-auth's to handle (it may be
    // mid-save and roll back through this helper); the helper is killed at exit anyway.
    // Windows has no process groups for this: the helper shares the console and ignores
    // Ctrl-C and Ctrl-Break itself (keychain-process.ts).
    detached: platform !== 'win32',
    windowsHide: true,
  };
}

type Op = 'get' | 'set' | 'delete' | 'find';

interface Reply {
  id: number;
  ok: boolean;
  value?: string | boolean | null | Array<[string, string]>;
  message?: string;
}

/** What the helper says once it is ready: the largest entry its keychain takes, in UTF-16 code units. */
interface Hello {
  ready: true;
  partSize: number;
  backend: 'os' | 'double';
}

export interface KeychainOptions {
  timeouts: KeychainTimeouts;
  /** Called once when a call has waited a few seconds (a dialog may be open). */
  onWait?: () => void;
}

/** The keychain helper, started on first use and killed on exit or timeout. */
function keychainProcess(options: KeychainOptions) {
  const { startupMs, callMs } = options.timeouts;
  let child: { process: ChildProcess; hello: Promise<Hello> } | undefined;
  let next = 0;
  let waitedBefore = false;
  let killOnExit: (() => void) | undefined;
  const pending = new Map<number, (reply: Reply) => void>();
  const start = () => {
    const started = spawn(
      process.execPath,
      [fileURLToPath(new URL('./keychain-process.js', import.meta.url))],
      helperSpawnOptions(process.platform),
    );
    const hello = new Promise<Hello>((resolve, reject) => {
      const timer = setTimeout(() => {
        started.kill('SIGKILL');
        reject(timedOut('the keychain helper did not start', startupMs));
      }, startupMs);
      started.on('message', (message: Reply | Hello) => {
        if ('ready' in message) {
          clearTimeout(timer);
          resolve(message);
        } else pending.get(message.id)?.(message);
      });
      started.on('exit', () => {
        clearTimeout(timer);
        reject(unavailable('the keychain helper stopped'));
        for (const [id, settle] of pending) settle({ id, ok: false, message: 'the keychain helper stopped' });
        child = undefined;
      });
    });
    hello.catch(() => undefined);
    // The helper never keeps ms-auth alive, and never outlives it.
    started.unref();
    started.channel?.unref();
    // One exit listener per store, not one per restart: it kills whichever helper is current.
    if (!killOnExit) {
      killOnExit = () => child?.process.kill('SIGKILL');
      process.once('exit', killOnExit);
    }
    return { process: started, hello };
  };
  const worker = () => (child ??= start());
  const call = async (op: Op, name: string, value?: string): Promise<Reply['value']> => {
    const { process: helper, hello } = worker();
    await hello;
    const id = ++next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        helper.kill('SIGKILL');
        reject(timedOut('no answer', callMs));
      }, callMs);
      const waiting =
        options.onWait && !waitedBefore
          ? setTimeout(() => ((waitedBefore = true), options.onWait?.()), Math.min(3_000, callMs / 2))
          : undefined;
      pending.set(id, (reply) => {
        clearTimeout(timer);
        clearTimeout(waiting);
        pending.delete(id);
        if (reply.ok) resolve(reply.value);
        else if (op === 'set' && SIZE_ERROR.test(reply.message ?? '')) reject(tooLarge(value?.length ?? 0, reply.message ?? ''));
        else reject(unavailable(reply.message ?? 'unknown error'));
      });
      helper.send({ id, op, service: SERVICE, account: name, value });
    });
  };
  return { call, hello: async () => worker().hello };
}

/** One keychain entry per account name, as the platform stores it. */
export interface NativeKeychain {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
}

const MANIFEST = 'ms-auth:parts:v1:';
export const partName = (name: string, index: number): string => `${name}#${index}`;
const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** Splits a value into pieces of at most `size` UTF-16 code units, never inside a surrogate pair. */
export function splitValue(value: string, size: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const char of value) {
    if (current.length + char.length > size) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

/** The part count a manifest names (0 for a plain value or none), and the checksum. */
const manifestOf = (head: string | undefined): { count: number; sum?: string } => {
  if (head === undefined || !head.startsWith(MANIFEST)) return { count: 0 };
  const match = /^(\d{1,4}):([0-9a-f]{64})$/.exec(head.slice(MANIFEST.length));
  return match ? { count: Number(match[1]), sum: match[2] } : { count: 0, sum: '' };
};

/** An account's value, its parts put together and checked, and its part count. */
async function readParted(native: Pick<NativeKeychain, 'get'>, name: string): Promise<{ value: string | undefined; count: number }> {
  const head = await native.get(name);
  const { count, sum } = manifestOf(head);
  if (sum === undefined) return { value: head, count };
  const parts: string[] = [];
  for (let i = 1; i <= count; i++) {
    const part = await native.get(partName(name, i));
    if (part === undefined) throw damaged(name);
    parts.push(part);
  }
  const value = parts.join('');
  if (sha256(value) !== sum) throw damaged(name);
  return { value, count };
}

/**
 * Account-level get/set/delete over a native keychain whose entries take at most
 * `partSize` UTF-16 code units. Parts are always numbered from 1 without gaps: written
 * upwards, removed downwards, so whatever an interruption leaves is found by counting up.
 */
export function partedKeychain(native: NativeKeychain, partSize: number) {
  const read = (name: string) => readParted(native, name);

  /** Removes parts above `keep`: the known ones downwards, then any an interrupted run left above them. */
  async function dropParts(name: string, keep: number, known: number): Promise<void> {
    for (let i = known; i > keep; i--) await native.delete(partName(name, i));
    for (let i = Math.max(known, keep) + 1; await native.delete(partName(name, i)); i++);
  }

  /** Writes the value; resolves its part count. `progress.parts` counts parts written so far. */
  async function write(name: string, value: string, progress: { parts: number }): Promise<number> {
    if (value.length <= partSize && !value.startsWith(MANIFEST)) {
      await native.set(name, value);
      return 0;
    }
    const parts = splitValue(value, partSize);
    for (const [i, part] of parts.entries()) {
      await native.set(partName(name, i + 1), part);
      progress.parts = Math.max(progress.parts, i + 1);
    }
    await native.set(name, `${MANIFEST}${parts.length}:${sha256(value)}`);
    return parts.length;
  }

  return {
    get: async (name: string) => (await read(name)).value,
    async set(name: string, value: string): Promise<void> {
      let before: { value: string | undefined; count: number };
      try {
        before = await read(name);
      } catch (error) {
        // A damaged entry is what this write replaces.
        if (!(error instanceof CliError && error.code === 'keychain_item_damaged')) throw error;
        before = { value: undefined, count: manifestOf(await native.get(name)).count };
      }
      const progress = { parts: 0 };
      let count: number;
      try {
        count = await write(name, value, progress);
      } catch (error) {
        // Roll back to the value before, best effort: the failure is what gets reported.
        try {
          const restored = before.value === undefined ? 0 : await write(name, before.value, { parts: 0 });
          if (before.value === undefined) await native.delete(name);
          await dropParts(name, restored, Math.max(progress.parts, before.count));
        } catch {
          // The keychain failed twice; the original failure says why.
        }
        throw error;
      }
      await dropParts(name, count, before.count);
    },
    async delete(name: string): Promise<boolean> {
      const { count } = manifestOf(await native.get(name));
      const existed = await native.delete(name);
      await dropParts(name, 0, count);
      return existed;
    },
    partSize,
  };
}

/** The accounts, among these, that have parts (`<account>#1`, `#2`…), whichever parts are left. */
export const partedHeads = (accounts: readonly string[]): Set<string> =>
  new Set(accounts.flatMap((name) => /^(.+)#\d+$/.exec(name)?.[1] ?? []));

/** What a bulk read found: every account of the service (parts included), and their secrets when asked for. */
interface BulkFind {
  accounts: string[];
  secrets?: Array<[string, string]>;
}

/**
 * On Linux, every entry of the Secret Service read in bulk by this process, without the
 * helper: the read is plain socket I/O that a timer can stop. Undefined where the helper
 * searches instead: another platform, a test double (which only the helper loads), a
 * locked item (the library can ask to unlock it), or a bus this read can't use.
 */
async function bulkRead(ms: number, asked: () => void, values: boolean): Promise<BulkFind | undefined> {
  const bus = process.env['DBUS_SESSION_BUS_ADDRESS'];
  if (process.platform !== 'linux' || !bus || process.env['MS_AUTH_KEYCHAIN_DOUBLE']) return undefined;
  const { findAccounts, findSecrets } = await import('./secret-service.js');
  if (!values) {
    const accounts = await findAccounts(SERVICE, bus, ms, asked).catch(() => undefined);
    return accounts && { accounts };
  }
  const secrets = await findSecrets(SERVICE, bus, ms, asked).catch(() => undefined);
  return secrets && { accounts: secrets.map(([name]) => name), secrets };
}

/**
 * From this many secrets on, one read of the whole service beats a lookup each (the
 * Secret Service takes ~7 ms a lookup; ~0.3 ms an entry read in bulk, ~1 ms an entry of
 * the library's search).
 */
export const PREFETCH_FROM = 8;

export function openKeychain(options: KeychainOptions): SecretStore {
  const helper = keychainProcess(options);
  // After a prefetch: every entry of the service (parts included), and their values when
  // the prefetch read them, kept current by this run's own writes. Windows matches account
  // names without regard to case.
  let present: { accounts: Set<string>; parted: Set<string> } | undefined;
  let snapshot: Map<string, string> | undefined;
  const key = (name: string) => (process.platform === 'win32' ? name.toLowerCase() : name);
  const native: NativeKeychain = {
    get: async (name) => (snapshot ? snapshot.get(key(name)) : (((await helper.call('get', name)) as string | null) ?? undefined)),
    set: async (name, value) => {
      await helper.call('set', name, value);
      snapshot?.set(key(name), value);
      present?.accounts.add(key(name));
      for (const head of partedHeads([key(name)])) present?.parted.add(head);
    },
    delete: async (name) => {
      const existed = Boolean(await helper.call('delete', name));
      snapshot?.delete(key(name));
      present?.accounts.delete(key(name));
      return existed;
    },
  };
  let parted: ReturnType<typeof partedKeychain> | undefined;
  let backend: Hello['backend'] = 'os';
  const store = async () => {
    if (parted) return parted;
    const hello = await helper.hello();
    backend = hello.backend;
    return (parted = partedKeychain(native, hello.partSize));
  };
  // From a snapshot, without the helper: reads need no part size.
  const get = async (profile: string, kind: SecretKind) =>
    snapshot ? (await readParted(native, account(profile, kind))).value : (await store()).get(account(profile, kind));
  return {
    get label() {
      return backend === 'double' ? 'the keychain test double (MS_AUTH_KEYCHAIN_DOUBLE)' : 'the OS keychain';
    },
    get,
    set: async (profile, kind, value) => (await store()).set(account(profile, kind), value),
    delete: async (profile, kind) => (await store()).delete(account(profile, kind)),
    // An entry with parts is read, so that its manifest and parts are checked as a get would
    // (one whose parts are all gone reads as there).
    has: async (profile, kind) => {
      const name = key(account(profile, kind));
      if (!present || snapshot || present.parted.has(name)) return (await get(profile, kind)) !== undefined;
      return present.accounts.has(name);
    },
    // macOS would ask the operator about every entry a search reads: there, entry by entry.
    prefetch: (wanted, { values } = { values: true }) => {
      if (snapshot || (present && !values) || wanted.length < PREFETCH_FROM || process.platform === 'darwin')
        return { asked: Promise.resolve(), done: Promise.resolve() };
      let markAsked!: () => void;
      const asked = new Promise<void>((resolve) => (markAsked = resolve));
      const done = (async () => {
        try {
          // The bulk read never waits for a person (a locked item goes to the helper): the short limit.
          let found = await bulkRead(Math.min(options.timeouts.callMs, CALL_MS.unattended), markAsked, values);
          if (!found) {
            const search = helper.call('find', '') as Promise<Array<[string, string]>>;
            markAsked();
            const secrets = await search;
            found = { accounts: secrets.map(([name]) => name), secrets };
          }
          if (found.secrets) snapshot = new Map(found.secrets.map(([name, value]) => [key(name), value]));
          const accounts = found.accounts.map(key);
          present = { accounts: new Set(accounts), parted: partedHeads(accounts) };
        } catch {
          // A store that cannot search (or is locked) answers the gets, with their own errors.
        } finally {
          markAsked();
        }
      })();
      return { asked, done };
    },
    probe: async (profile) => {
      const { partSize } = await store();
      // One entry of the largest size the store will write, then gone again.
      const probe = `${profile}:probe`;
      await native.set(probe, 'ms-auth write check '.padEnd(partSize, '.'));
      await native.delete(probe);
    },
  };
}

export type SecretSource = 'environment' | 'keychain' | 'missing';

/** The `MS_AUTH_*` variable's value for a kind, if set. */
export function secretFromEnv(env: NodeJS.ProcessEnv, kind: SecretKind): string | undefined {
  const variable = SECRET_ENV[kind];
  return (variable && env[variable]) || undefined;
}

/**
 * A secret as a command sees it: the `MS_AUTH_*` environment variable wins over the
 * keychain (contract: CI), and a missing secret is a value, not an exception.
 */
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

/** Where a secret is, without reading it where the store can tell (resolveSecret's order). */
export async function secretSource(
  store: SecretStore | undefined,
  env: NodeJS.ProcessEnv,
  profile: string,
  kind: SecretKind,
): Promise<SecretSource> {
  if (secretFromEnv(env, kind)) return 'environment';
  return store && (await store.has(profile, kind)) ? 'keychain' : 'missing';
}
