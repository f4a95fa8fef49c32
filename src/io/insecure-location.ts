/**
 * Where `--insecure-storage` keeps its plaintext secrets.json, and how it is protected.
 * On Linux and macOS: beside the config, 0600 in a 0700 directory (file-store.ts). On
 * Windows, chmod protects nothing and the default config dir is in the roaming profile
 * (%APPDATA%), which follows the user to file servers and other machines: the secrets go
 * to the local, non-roaming app data folder (%LOCALAPPDATA%\ms-auth) instead, whose
 * access list is cut down to the user with icacls; a config dir chosen with --config-dir
 * or MS_AUTH_CONFIG_DIR keeps them beside it, restricted the same way.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { win32 } from 'node:path';
import { promisify } from 'node:util';

export function insecureStorageDir(configDir: string, configDirChosen: boolean, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform !== 'win32' || configDirChosen) return configDir;
  return win32.join(env['LOCALAPPDATA'] ?? win32.join(homedir(), 'AppData', 'Local'), 'ms-auth');
}

export type Run = (command: string, args: string[]) => Promise<unknown>;

const execFileAsync = promisify(execFile);
const runHidden: Run = (command, args) => execFileAsync(command, args, { windowsHide: true, timeout: 15_000 });

/**
 * On Windows: creates the directory and replaces its access list with full control for
 * the current user alone, inherited by the files made in it. Resolves a warning to show
 * when that could not be done, else undefined.
 */
export async function restrictToUser(
  dir: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  run: Run = runHidden,
): Promise<string | undefined> {
  if (platform !== 'win32') return undefined;
  await mkdir(dir, { recursive: true });
  const user = env['USERNAME'] ? (env['USERDOMAIN'] ? `${env['USERDOMAIN']}\\${env['USERNAME']}` : env['USERNAME']) : undefined;
  const warning = `Could not limit ${dir} to your Windows account${user ? '' : ' (USERNAME is not set)'}: other accounts that can read it can read the plaintext secrets. Check it with \`icacls "${dir}"\`.`;
  if (!user) return warning;
  const icacls = win32.join(env['SystemRoot'] ?? 'C:\\Windows', 'System32', 'icacls.exe');
  try {
    // Inherited entries removed, then the user alone with full control for the folder, its files and subfolders.
    await run(icacls, [dir, '/inheritance:r', '/grant:r', `${user}:(OI)(CI)F`]);
    return undefined;
  } catch {
    return warning;
  }
}
