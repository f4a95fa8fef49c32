/**
 * What every command's action needs from the run: the global options, values read
 * from flags and environment with their checks, and the real dependencies (fetch,
 * secret store, token requests), each loaded only when asked for.
 */
import type { Command } from 'commander';
import { parseAuthorityHost, parseCloud, type Cloud } from './core/authority.js';
import { checkProfileName, type Check } from './core/validate.js';
import { usageError } from './errors.js';
import type { OnlineDeps } from './commands/online.js';
import type { Fetch } from './io/http.js';
import type { SecretStore } from './io/secret-store.js';
import type { Ui } from './io/terminal.js';

export interface GlobalOptions {
  profile?: string;
  configDir?: string;
  json?: boolean;
  input: boolean;
  color: boolean;
  debug?: boolean;
  httpTimeout?: string;
  showSecrets?: boolean;
  insecureStorage?: boolean;
  cloud?: string;
  authorityHost?: string;
}

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function checked(value: string | undefined, name: string, check: Check): string | undefined {
  if (value === undefined) return undefined;
  const problem = check(value.trim());
  if (problem) throw usageError(`${name}: ${problem}`);
  return value.trim();
}

export function profileName(g: GlobalOptions): string {
  return checked(g.profile ?? process.env['MS_AUTH_PROFILE'] ?? 'default', '--profile', checkProfileName) as string;
}

export async function configDir(g: GlobalOptions): Promise<string> {
  const dir = g.configDir ?? process.env['MS_AUTH_CONFIG_DIR'];
  if (dir) return dir;
  const { default: envPaths } = await import('env-paths');
  return envPaths('ms-auth', { suffix: '' }).config;
}

export function authority(g: GlobalOptions): { cloud: Cloud; authorityHost: string | undefined } {
  const cloud = parseCloud(g.cloud ?? 'worldwide');
  const host = g.authorityHost ?? process.env['MS_AUTH_AUTHORITY_HOST'];
  return { cloud, authorityHost: host ? parseAuthorityHost(host) : undefined };
}

export function seconds(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw usageError(`${flag} takes a number of seconds between 1 and ${max}.`);
  return n;
}

export const httpTimeout = (g: GlobalOptions): number => seconds(g.httpTimeout ?? '30', '--http-timeout', 3600);

/**
 * How requests reach Entra: the fetch (proxies from the environment, `--debug` /
 * DEBUG=ms-auth logging) and the proxy in use, if any, for error messages.
 */
export async function http(g: GlobalOptions, ui: Ui): Promise<{ fetch: Fetch; proxy: string | undefined }> {
  const { makeFetch, proxyOf } = await import('./io/http.js');
  const debugOn = Boolean(g.debug) || (process.env['DEBUG'] ?? '').split(',').includes('ms-auth');
  const fetch = await makeFetch({ env: process.env, debug: debugOn ? (line) => process.stderr.write(`${ui.style.dim(`[debug] ${line}`)}\n`) : undefined });
  return { fetch, proxy: proxyOf(process.env) };
}

/** The OS keychain, or with --insecure-storage a plaintext file, announced every time. */
export async function secretStore(g: GlobalOptions, dir: string, ui: Ui): Promise<SecretStore> {
  if (g.insecureStorage) {
    const { openFileStore, insecureFile } = await import('./io/file-store.js');
    ui.warn(`--insecure-storage: secrets are kept UNENCRYPTED in ${insecureFile(dir)}; anyone who can read that file can use them.`);
    return openFileStore(dir);
  }
  const { openKeychain, keychainTimeouts } = await import('./io/secret-store.js');
  // A person at the terminal may have a keychain dialog to answer (macOS "allow", an unlock prompt).
  const attended = Boolean(process.stdin.isTTY || process.stderr.isTTY);
  return openKeychain({
    timeouts: keychainTimeouts(process.env, attended),
    ...(attended && { onWait: () => ui.info(ui.style.dim('Waiting for the OS keychain: if it shows a dialog asking to allow access or to unlock it, answer it (Always Allow keeps it from asking again).')) }),
  });
}

/**
 * The store a profile's secrets may have been left in by an earlier run with the other
 * storage: the plaintext file, when it exists and the keychain is in use now.
 */
export async function leftoverStore(g: GlobalOptions, dir: string): Promise<SecretStore | undefined> {
  if (g.insecureStorage) return undefined;
  const [{ openFileStore, insecureFile }, { existsSync }] = await Promise.all([import('./io/file-store.js'), import('node:fs')]);
  return existsSync(insecureFile(dir)) ? openFileStore(dir) : undefined;
}

export const canPrompt = (g: GlobalOptions): boolean => Boolean(process.stdin.isTTY) && g.input;

export function refuseSecretFlag(value: string | undefined): void {
  if (value !== undefined) {
    throw usageError('Secrets are never taken as flag values: they end up in shell history and process lists.', [
      'Use the masked prompt, MS_AUTH_CLIENT_SECRET, or --client-secret-stdin (first line of stdin).',
      'The value you typed is now in your shell history: consider rotating that secret.',
    ]);
  }
}

/** Token requests for --online, bound to the run's fetch. */
export async function onlineDeps(g: GlobalOptions, ui: Ui): Promise<OnlineDeps> {
  const [{ refreshGrant, clientCredentialsGrant }, transport] = await Promise.all([import('./io/oauth.js'), http(g, ui)]);
  return {
    refresh: (settings, token, scopes) => refreshGrant({ ...settings, ...transport }, token, scopes),
    clientCredentials: (settings, scopes) => clientCredentialsGrant({ ...settings, ...transport }, scopes),
  };
}
