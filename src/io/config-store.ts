/**
 * The config file: `<config dir>/config.json`, 0600 in a 0700 directory, written
 * atomically (temp file, fsync, rename) under a lock so two runs never lose a profile.
 */
import { access, chmod, copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { emptyConfig, type ConfigFile, type Profile } from '../core/profile.js';

export const configFile = (dir: string): string => join(dir, 'config.json');

export async function readConfig(dir: string): Promise<ConfigFile> {
  const path = configFile(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
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
  return parsed as ConfigFile;
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
 * Fails fast when the config dir cannot be used: it (or, while it does not exist
 * yet, its nearest existing parent) must be a writable directory.
 */
export async function checkConfigDir(dir: string): Promise<void> {
  let path = resolve(dir);
  for (;;) {
    const info = await stat(path).catch(() => undefined);
    if (info) {
      const problem = !info.isDirectory() ? 'is not a directory' : await access(path, constants.W_OK).then(() => undefined, () => 'is not writable');
      if (problem) {
        throw new CliError('config', 'config_dir_unusable', `The config directory ${dir} cannot be used: ${path} ${problem}.`, [
          'Choose another with --config-dir DIR (or MS_AUTH_CONFIG_DIR).',
        ]);
      }
      return;
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}

/** Writes `text` to `path` atomically: a 0600 temp file, fsync, rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Runs `work` holding `<path>.lock`, so two ms-auth runs never interleave their writes. */
export async function withLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(path);
  try {
    return await work();
  } finally {
    await release();
  }
}

/**
 * Reads the config under the lock, lets `change` edit it, and writes it back
 * atomically, keeping the previous version as `config.json.bak`. A `change` that
 * throws leaves the file untouched.
 */
export async function updateConfig(dir: string, change: (config: ConfigFile) => void | Promise<void>): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // A directory made by hand (0755, say) is tightened: the file names who uses which tenant.
  await chmod(dir, 0o700).catch(() => undefined);
  const path = configFile(dir);
  await withLock(path, async () => {
    const config = await readConfig(dir);
    await change(config);
    try {
      await copyFile(path, `${path}.bak`).then(() => chmod(`${path}.bak`, 0o600), (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
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
  const profile = config.profiles[name];
  if (profile) return profile;
  const known = Object.keys(config.profiles);
  throw new CliError('config', 'profile_not_found', `No profile "${name}" in ${configFile(dir)}.`, [
    known.length ? `Known profiles: ${known.join(', ')}. Pick one with --profile NAME.` : 'There are no profiles yet.',
    `Create it with \`ms-auth setup --profile ${name}\`.`,
  ]);
}
