/**
 * The config file: `<config dir>/config.json`, 0600 in a 0700 directory, written
 * atomically (temp file, fsync, rename) under a lock so two runs never lose a profile.
 *
 * The directory decides what the tool trusts, so it is checked as OpenSSH checks
 * `~/.ssh`: symlinks resolved, owned by the current user (or root) and writable by
 * nobody else, before anything in it is read or written. Writes never follow a
 * symlink: every file is born as a fresh temp file with an unpredictable name
 * (O_CREAT|O_EXCL|O_NOFOLLOW, 0600) and renamed into place.
 */
import { constants, type Stats } from 'node:fs';
import { chmod, mkdir, open, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { emptyConfig, findProfile, unusableProfile, type ConfigFile, type Profile } from '../core/profile.js';
import { sanitize } from '../core/sanitize.js';

export const configFile = (dir: string): string => join(dir, 'config.json');

/**
 * A text file as its author saved it: UTF-8 with or without a byte-order mark, or
 * UTF-16 LE/BE with one (what PowerShell 5.1's `>` writes).
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

export async function readTextFile(path: string): Promise<string> {
  return decodeText(await readFile(path));
}

/**
 * Who besides the current user could have written a file or directory: another owner
 * (root excepted, as OpenSSH allows), or its group or every user through its mode.
 * Undefined when only the user (or root) could.
 */
export function foreignControl(info: Stats, uid: number): { owner: number } | { writers: string; mode: string } | undefined {
  if (info.uid !== uid && info.uid !== 0) return { owner: info.uid };
  if (!(info.mode & 0o022)) return undefined;
  const writers = [info.mode & 0o020 && 'its group', info.mode & 0o002 && 'every user'].filter(Boolean).join(' and ');
  return { writers, mode: (info.mode & 0o7777).toString(8) };
}

/**
 * Refuses a config directory someone else could have planted files in: it must be
 * owned by the current user (or root, as OpenSSH allows) and not writable by group
 * or others. A directory that does not exist yet passes: it is created 0700.
 * On Windows files are protected by ACLs, not modes, and this check does not apply.
 */
export async function checkDirTrust(dir: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  let real: string;
  try {
    real = await realpath(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw unusable(dir, `cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const info = await stat(real);
  const shown = real === resolve(dir) ? dir : `${dir} (${real})`;
  if (!info.isDirectory()) throw unusable(dir, `${real} is not a directory`);
  const foreign = foreignControl(info, uid);
  if (foreign && 'owner' in foreign) {
    throw new CliError(
      'config',
      'config_dir_not_owned',
      `The config directory ${shown} belongs to another user (uid ${foreign.owner}): its files could have been put there by them, so ms-auth neither reads nor writes there.`,
      [`Use a directory of your own with --config-dir DIR (or MS_AUTH_CONFIG_DIR), or have it handed to you: chown ${uid} ${real}.`],
    );
  }
  if (foreign) {
    throw new CliError(
      'config',
      'config_dir_writable_by_others',
      `The config directory ${shown} is writable by ${foreign.writers} (mode ${foreign.mode}): anyone there could change where ms-auth sends secrets.`,
      [`Check the files in it, then run: chmod 700 ${real}`],
    );
  }
}

function unusable(dir: string, problem: string): CliError {
  return new CliError('config', 'config_dir_unusable', `The config directory ${dir} cannot be used: ${problem}.`, [
    'Choose another with --config-dir DIR (or MS_AUTH_CONFIG_DIR).',
  ]);
}

/** Creates the config dir (0700) if needed, checks it is trustworthy, and tightens a hand-made 0755 to 0700. */
export async function ensureConfigDir(dir: string): Promise<void> {
  await checkDirTrust(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Created just now, it could still be someone else's if they raced us to the name.
  await checkDirTrust(dir);
  if (process.platform === 'win32') return;
  try {
    await chmod(dir, 0o700);
  } catch (error) {
    throw new CliError(
      'config',
      'config_dir_chmod_failed',
      `Cannot make the config directory ${dir} private (chmod 700: ${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      ['Fix its permissions by hand, or choose another with --config-dir DIR.'],
    );
  }
}

export async function readConfig(dir: string): Promise<ConfigFile> {
  await checkDirTrust(dir);
  const path = configFile(dir);
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw new CliError('config', 'config_unreadable', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt(path, 'it is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as ConfigFile).version !== 1) {
    throw corrupt(path, 'it has no "version": 1');
  }
  const profiles = (parsed as ConfigFile).profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
    throw corrupt(path, 'its "profiles" is not an object');
  }
  // Profile names are data: a name like "__proto__" or "constructor" must never reach Object.prototype.
  return { ...(parsed as ConfigFile), profiles: Object.assign(Object.create(null) as Record<string, Profile>, profiles) };
}

function corrupt(path: string, why: string): CliError {
  return new CliError('config', 'config_corrupt', `The config file ${path} is damaged: ${why}.`, [
    `ms-auth will not overwrite it. Fix it by hand, restore ${path}.bak (the version before the last change, if there is one), or move it aside and run \`ms-auth setup\` again.`,
    'Check it with `ms-auth validate --file ' + path + '`.',
  ]);
}

const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 30_000;

async function acquireLock(path: string): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lock).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > LOCK_STALE_MS) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new CliError('config', 'config_locked', `Another ms-auth is writing ${path} (lock file ${lock}).`, [
          'Wait for it to finish; if none is running, delete the lock file.',
        ]);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Fails fast when the config dir cannot be used: it must be trustworthy (see
 * checkDirTrust), and it (or, while it does not exist yet, its nearest existing
 * parent) must be a directory that takes a new file. Writability is proven by
 * creating and removing a probe file: permission bits and access() do not see ACLs,
 * read-only mounts or Windows' rules. The probe is created O_EXCL|O_NOFOLLOW, so a name
 * planted in advance (or a symlink) is refused, never written through, and another name is
 * tried: the name only has to be unlikely to exist, which spares every setup node:crypto
 * (about 5 ms on Node 24) before its first question.
 */
export async function checkConfigDir(dir: string): Promise<void> {
  await checkDirTrust(dir);
  let path = resolve(dir);
  for (;;) {
    const info = await stat(path).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) throw unusable(dir, `${path} is not a directory`);
      for (let attempt = 1; ; attempt++) {
        const probe = join(path, `.ms-auth-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
        try {
          const handle = await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
          await handle.close();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EEXIST' && attempt < 5) continue;
          throw unusable(dir, `${path} is not writable (${code ?? 'error'})`);
        }
        await unlink(probe).catch(() => undefined);
        return;
      }
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}

// Windows has no O_NOFOLLOW; there, creating a file never follows a symlink in its place with O_EXCL.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const RENAME_RETRY_MS = [10, 20, 40, 80, 160, 320, 640];

/**
 * rename(), retried briefly while Windows reports the target busy (an antivirus or
 * the search indexer holding it open for a moment: EPERM, EBUSY, EACCES).
 */
export async function renameWithRetry(
  from: string,
  to: string,
  move: (from: string, to: string) => Promise<void> = rename,
  wait = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await move(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const delay = RENAME_RETRY_MS[attempt];
      if (delay === undefined || !(code === 'EPERM' || code === 'EBUSY' || code === 'EACCES')) throw error;
      await wait(delay);
    }
  }
}

/**
 * Writes `text` to `path` atomically: a fresh temp file beside it with an
 * unpredictable name, created O_CREAT|O_EXCL|O_NOFOLLOW with mode 0600 (and fchmod,
 * whatever the umask), fsync, rename over the target. A symlink at `path` is replaced,
 * never written through.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  // node:crypto loads here, when a file is written, not on every start.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Runs `work` holding `<path>.lock`, so two ms-auth runs never interleave their writes.
 * Once the work is done its result stands: a lock file that cannot be removed (held
 * open by a scanner on Windows, say) is left to go stale, never turned into a failure.
 */
export async function withLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(path);
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Reads the config under the lock, lets `change` edit it, and writes it back
 * atomically, keeping the previous version as `config.json.bak` (written the same
 * way, and without any profile the change removed: a forgotten profile is gone from
 * both). A `change` that throws leaves the files untouched.
 */
export async function updateConfig(dir: string, change: (config: ConfigFile) => void | Promise<void>): Promise<void> {
  await ensureConfigDir(dir);
  const path = configFile(dir);
  await withLock(path, async () => {
    const existed = await stat(path).then(
      () => true,
      () => false,
    );
    const config = await readConfig(dir);
    const previous = await readConfig(dir);
    await change(config);
    const kept = Object.keys(previous.profiles).filter((name) => findProfile(config, name) !== undefined);
    const backup: ConfigFile = {
      ...previous,
      profiles: Object.fromEntries(kept.map((name) => [name, previous.profiles[name] as Profile])),
    };
    try {
      if (existed) await writeFileAtomic(`${path}.bak`, `${JSON.stringify(backup, null, 2)}\n`);
      await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`);
    } catch (error) {
      throw new CliError('config', 'config_write_failed', `Cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, [
        'Check the disk and the directory permissions, or choose another --config-dir.',
      ]);
    }
  });
}

/** The named profile, or exit 3 with the way to create it. */
export async function loadProfile(dir: string, name: string): Promise<Profile> {
  const config = await readConfig(dir);
  const profile = findProfile(config, name);
  if (profile) return profile;
  throw unusableProfile(config, name, configFile(dir), '. Pick one with --profile NAME.');
}

/**
 * What makes a profile unusable for a command that hands its values on (export, push): texts
 * ms-auth never writes (control characters, parameters that are not text) and values in no
 * shape it accepts. Other problems (scopes short of the catalog's, a field it does not know)
 * are status's and validate's to report: the operator may have chosen them.
 */
const BROKEN = new Set([
  'profile_not_object',
  'text_invalid',
  'params_invalid',
  'method_invalid',
  'flow_invalid',
  'cloud_invalid',
  'tenant_invalid',
  'client_id_invalid',
  'redirect_uri_invalid',
  'thumbprint_invalid',
]);

/**
 * The named profile for export and push: exit 3 when it holds what ms-auth never writes
 * (BROKEN), so that nothing the file holds unchecked reaches the terminal or XSOAR.
 */
export async function loadCheckedProfile(dir: string, name: string): Promise<Profile> {
  const profile = await loadProfile(dir, name);
  const { checkConfigDocument } = await import('../core/profile-check.js');
  const [checked] = checkConfigDocument({ version: 1, profiles: { [name]: profile } }, [name]).profiles;
  const problems = (checked?.problems ?? []).filter((p) => BROKEN.has(p.code));
  const [first] = problems;
  if (!first) return profile;
  const shown = sanitize(name, { max: 80 });
  throw new CliError(
    'config',
    first.code,
    `Profile "${shown}" in ${configFile(dir)} cannot be used: ${problems.map((p) => sanitize(`${p.field}: ${p.message}`, { max: 300 })).join(' ')}`,
    [
      `Set it up again with \`ms-auth setup --profile ${shown}\`, or correct the file (\`ms-auth validate --profile ${shown}\` lists every problem).`,
    ],
  );
}
