/**
 * A keychain double for the end-to-end suite, loaded by the keychain helper
 * (src/io/keychain-process.ts) in place of @napi-rs/keyring when MS_AUTH_KEYCHAIN_DOUBLE
 * names this file. It keeps entries in MS_AUTH_KEYCHAIN_DOUBLE_DIR/items.json (so they
 * outlive one ms-auth run) and follows the rules of MS_AUTH_KEYCHAIN_DOUBLE_PLATFORM:
 *
 * - win32, Windows Credential Manager as @napi-rs/keyring uses it: the target name is
 *   `<account>.<service>` and Windows compares target names case-insensitively; the
 *   secret is stored as UTF-16 and may take at most 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE),
 *   refused with the library's TooLong message.
 * - darwin, the macOS Keychain: while MS_AUTH_KEYCHAIN_DOUBLE_DIR/dialog exists, every
 *   call waits, as a call does while macOS shows its "allow access" dialog; removing
 *   the file is the person clicking Allow.
 *
 * Either way, MS_AUTH_KEYCHAIN_DOUBLE_REFUSE (a regular expression) makes writes to the
 * accounts it matches fail with "Access is denied.", as a keychain can after the write probe.
 * A call made while another is still running fails, as gnome-keyring-daemon aborts on
 * Secret Service sessions negotiated at the same time; and while
 * MS_AUTH_KEYCHAIN_DOUBLE_DIR/vanish exists, the next call removes it and fails with the
 * error the library gives when the daemon died during the call.
 *
 * Plain JavaScript, so the compiled helper can load it without a TypeScript loader.
 */
import { existsSync, rmSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.env.MS_AUTH_KEYCHAIN_DOUBLE_DIR;
if (!dir) throw new Error('MS_AUTH_KEYCHAIN_DOUBLE_DIR is not set');

/** The platform whose rules this double follows (the helper takes its entry size from it). */
export const platform = process.env.MS_AUTH_KEYCHAIN_DOUBLE_PLATFORM === 'darwin' ? 'darwin' : 'win32';

/** CRED_MAX_CREDENTIAL_BLOB_SIZE; a test may make it stricter than ms-auth expects. */
const WINDOWS_BLOB_LIMIT = Number(process.env.MS_AUTH_KEYCHAIN_DOUBLE_BLOB_LIMIT || 2560);
const refuse = process.env.MS_AUTH_KEYCHAIN_DOUBLE_REFUSE ? new RegExp(process.env.MS_AUTH_KEYCHAIN_DOUBLE_REFUSE) : undefined;
const items = join(dir, 'items.json');
const dialog = join(dir, 'dialog');

async function load() {
  try {
    return JSON.parse(await readFile(items, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw error;
  }
}

async function save(state) {
  const temp = `${items}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temp, items);
}

const vanish = join(dir, 'vanish');
let running = 0;

/** Runs one call under the rules above. */
async function exclusive(call) {
  if (running > 0) throw new Error('keychain double: a call was made while another was running');
  running += 1;
  try {
    if (existsSync(vanish)) {
      rmSync(vanish);
      throw new Error('Platform failure: DBus error: Message recipient disconnected from message bus without replying');
    }
    while (platform === 'darwin' && existsSync(dialog)) await new Promise((resolve) => setTimeout(resolve, 50));
    return await call();
  } finally {
    running -= 1;
  }
}

export class AsyncEntry {
  constructor(service, account) {
    this.account = account;
    this.target = `${account}.${service}`;
    // Credential Manager finds `Prod:x.ms-auth` when asked for `prod:x.ms-auth`.
    this.key = platform === 'win32' ? this.target.toLowerCase() : this.target;
  }

  getPassword() {
    return exclusive(async () => (await load())[this.key]?.password ?? null);
  }

  setPassword(password) {
    return exclusive(() => this.#set(password));
  }

  deleteCredential() {
    return exclusive(() => this.#delete());
  }

  async #set(password) {
    if (platform === 'win32' && Buffer.byteLength(password, 'utf16le') > WINDOWS_BLOB_LIMIT) {
      throw new Error(`Attribute 'password' is longer than platform limit of ${WINDOWS_BLOB_LIMIT} chars`);
    }
    if (refuse?.test(this.account)) throw new Error('Access is denied.');
    const state = await load();
    state[this.key] = { target: this.target, password };
    await save(state);
  }

  async #delete() {
    const state = await load();
    if (!(this.key in state)) return false;
    delete state[this.key];
    await save(state);
    return true;
  }
}
