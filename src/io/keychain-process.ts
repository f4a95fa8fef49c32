/**
 * The keychain, run in a child process. Opening a Secret Service connection blocks
 * the calling thread until D-Bus answers, and a D-Bus that never answers would freeze
 * ms-auth with no way for a timer to fire (not even in a worker thread, which Node
 * then waits for at exit). A child process can always be killed.
 *
 * Protocol: once the keychain library is loaded the child sends `{ready, partSize,
 * backend}` (partSize: the largest entry its keychain takes, in UTF-16 code units);
 * then the parent sends `{id, op, service, account, value?}` over IPC and the child
 * answers `{id, ok, value?}` or `{id, ok: false, message}`. Op `find` answers every
 * entry of the service at once (`value`: `[account, secret]` pairs): one search instead
 * of a lookup per entry, for commands that read many profiles.
 *
 * Tests replace the keychain library with a double that follows another platform's
 * rules: MS_AUTH_KEYCHAIN_DOUBLE names the double's module by absolute path. Only this
 * helper reads the variable, and the published package ships no double (its files
 * are bin/, dist/ and schema/), so an installed ms-auth has nothing it could load; the
 * parent says "the keychain test double" wherever it names the store.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Request {
  id: number;
  /** find: every entry of the service, as `[account, value]` pairs, in one keychain search. */
  op: 'get' | 'set' | 'delete' | 'find';
  service: string;
  account: string;
  value?: string;
}

interface KeyringEntry {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deleteCredential(): Promise<boolean>;
}

interface KeyringModule {
  AsyncEntry: new (service: string, account: string, options?: { linux?: { store?: string } }) => KeyringEntry;
  /** Absent from a double: the parent then reads entry by entry. */
  findCredentialsAsync?: (service: string) => Promise<Array<{ account: string; password: string }>>;
  /** A double's platform, whose limits it enforces. */
  platform?: NodeJS.Platform;
}

/**
 * The largest entry each keychain takes, in UTF-16 code units. Windows Credential
 * Manager: 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE), stored as UTF-16. The macOS
 * Keychain and the Secret Service document no small limit; 8,192 keeps every real
 * secret (an RSA-4096 key is about 3,300) in one entry, so macOS asks about one item.
 */
export const PART_SIZE: Partial<Record<NodeJS.Platform, number>> = { win32: 1280 };
const DEFAULT_PART_SIZE = 8192;

// A Ctrl-C (or Ctrl-Break) in a console ms-auth shares with this helper on Windows is
// ms-auth's to handle: it may need this helper to finish or roll back a save. The
// helper ends when ms-auth disconnects or kills it.
process.on('SIGINT', () => undefined);
process.on('SIGBREAK', () => undefined);
process.on('disconnect', () => process.exit(0));

const double = process.env['MS_AUTH_KEYCHAIN_DOUBLE'];
if (double !== undefined && !isAbsolute(double)) throw new Error('MS_AUTH_KEYCHAIN_DOUBLE must be an absolute path');
const keyring = (double ? await import(pathToFileURL(double).href) : await import('@napi-rs/keyring')) as KeyringModule;
const platform = keyring.platform ?? process.platform;

// Without an explicit store the library silently falls back to the kernel keyring on
// Linux, which forgets everything at logout: ask for the Secret Service.
const entry = (message: Request) => new keyring.AsyncEntry(message.service, message.account, { linux: { store: 'secret-service' } });

async function perform(message: Request): Promise<string | boolean | null | Array<[string, string]> | undefined> {
  if (message.op === 'find') {
    if (!keyring.findCredentialsAsync) throw new Error('this keychain library cannot search');
    return (await keyring.findCredentialsAsync(message.service)).map(({ account, password }) => [account, password]);
  }
  if (message.op === 'get') return entry(message).getPassword();
  if (message.op === 'set') {
    await entry(message).setPassword(message.value ?? '');
    return undefined;
  }
  return entry(message).deleteCredential();
}

/**
 * The library opens a Secret Service session per call, and gnome-keyring-daemon aborts
 * when sessions are negotiated at the same time (GNOME gnome-keyring#190, #196): calls
 * run one at a time. When the daemon vanished during a call anyway (another program hit
 * that crash), the session bus starts it again: the call is tried once more, unless it is
 * a delete (done before the crash, its retry would answer "nothing was there").
 */
const DAEMON_VANISHED = /disconnected from message bus without replying/i;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
let queue = Promise.resolve();
process.on('message', (message: Request) => {
  queue = queue.then(async () => {
    try {
      let value;
      try {
        value = await perform(message);
      } catch (error) {
        if (message.op === 'delete' || !DAEMON_VANISHED.test(messageOf(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
        value = await perform(message);
      }
      process.send?.({ id: message.id, ok: true, value });
    } catch (error) {
      process.send?.({ id: message.id, ok: false, message: messageOf(error) });
    }
  });
});
process.send?.({ ready: true, partSize: PART_SIZE[platform] ?? DEFAULT_PART_SIZE, backend: double ? 'double' : 'os' });
