/**
 * What every command shares: the global flags (declared here, read here), the small
 * readers that turn commander's untyped option values into typed ones, and the host a
 * command reports to (the terminal, the exit code of a command whose result says it failed).
 */
import type { Command } from 'commander';
import { CLOUDS, checkAuthorityHost, isCloud, type Cloud } from '../core/authority.js';
import { checkProfileName, type Check } from '../core/validate.js';
import { usageError } from '../errors.js';
import type { Ui } from '../io/terminal.js';

/** What a command needs from the program that runs it. */
export interface CommandHost {
  ui: Ui;
  /** The exit code of a command that reports problems as its result rather than failing. */
  setExitCode: (code: number) => void;
}

export interface GlobalOptions {
  profile: string | undefined;
  configDir: string | undefined;
  json: boolean;
  /** False with --no-input. */
  input: boolean;
  debug: boolean;
  httpTimeout: string | undefined;
  insecureStorage: boolean;
  cloud: string | undefined;
  authorityHost: string | undefined;
}

// commander keeps option values untyped: these narrow them by what they are at run time.
export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const texts = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
export const flag = (value: unknown): boolean => value === true;
export const oneOf = <T extends string>(value: unknown, choices: readonly T[]): T | undefined => choices.find((choice) => choice === value);

export function refuseSecretFlag(value: string | undefined): void {
  if (value !== undefined) {
    throw usageError('Secrets are never taken as flag values: they end up in shell history and process lists.', [
      'Use the masked prompt, MS_AUTH_CLIENT_SECRET, or --client-secret-stdin (first line of stdin).',
      'The value you typed is now in your shell history: consider rotating that secret.',
    ]);
  }
}

/** The flags every command takes (the contract's global rules). */
export function addGlobalOptions(program: Command): Command {
  return (
    program
      .option('--profile <name>', 'profile to use (env MS_AUTH_PROFILE)', undefined)
      .option('--config-dir <dir>', 'config directory (env MS_AUTH_CONFIG_DIR)')
      .option('--json', 'print the result as one JSON document on stdout')
      .option('--no-input', 'never prompt; a missing value is an error')
      .option('--no-color', 'no colour (NO_COLOR works too)')
      .option('--debug', 'log requests to stderr, secrets redacted (or DEBUG=ms-auth)')
      .option('--http-timeout <seconds>', 'timeout for every request', '30')
      .option(
        '--insecure-storage',
        'keep secrets in a plaintext file instead of the OS keychain (0600 beside the config; on Windows in %LOCALAPPDATA%\\ms-auth, limited to you)',
      )
      // Recognised everywhere only to be refused with the safe ways.
      .addOption(program.createOption('--client-secret <value>').hideHelp())
      .hook('preAction', (_program, action) => refuseSecretFlag(text(action.optsWithGlobals()['clientSecret'])))
  );
}

/** `--cloud` and `--authority-host`, for the commands that talk to a login host. */
export const addCloudOptions = (command: Command): Command =>
  command
    .addOption(command.createOption('--cloud <cloud>', 'national cloud').choices(CLOUDS).default('worldwide'))
    .option('--authority-host <url>', 'login host scheme://host[:port] (env MS_AUTH_AUTHORITY_HOST); http: only for loopback');

export const globals = (command: Command): GlobalOptions => globalsOf(command.optsWithGlobals());

/** The global options from option values (the command's merged over the program's, as optsWithGlobals). */
export function globalsOf(o: Record<string, unknown>): GlobalOptions {
  return {
    profile: text(o['profile']),
    configDir: text(o['configDir']),
    json: flag(o['json']),
    input: o['input'] !== false,
    debug: flag(o['debug']),
    httpTimeout: text(o['httpTimeout']),
    insecureStorage: flag(o['insecureStorage']),
    cloud: text(o['cloud']),
    authorityHost: text(o['authorityHost']),
  };
}

/** A setting from its flag, else its environment variable (an empty one counts as unset), and the name to blame when it is wrong. */
export function flagOrEnv(
  flagValue: string | undefined,
  flag: string,
  variable: string,
  env: NodeJS.ProcessEnv = process.env,
): { value: string | undefined; name: string } {
  return flagValue !== undefined ? { value: flagValue, name: flag } : { value: env[variable] || undefined, name: variable };
}

/** A flag or environment value through its check: trimmed, or a usage error naming the flag or variable it came from. */
export function checkedValue(value: string | undefined, name: string, check: Check): string | undefined {
  if (value === undefined) return undefined;
  const problem = check(value.trim());
  if (problem) throw usageError(`${name}: ${problem}`);
  return value.trim();
}

export function profileName(g: GlobalOptions): string {
  const given = flagOrEnv(g.profile, '--profile', 'MS_AUTH_PROFILE');
  return checkedValue(given.value, given.name, checkProfileName) ?? 'default';
}

/** True when --profile (or MS_AUTH_PROFILE) was given explicitly. */
export const profileGiven = (g: GlobalOptions): boolean => g.profile !== undefined || Boolean(process.env['MS_AUTH_PROFILE']);

export async function configDir(g: GlobalOptions): Promise<string> {
  const dir = g.configDir ?? process.env['MS_AUTH_CONFIG_DIR'];
  if (dir) return dir;
  const { default: envPaths } = await import('env-paths');
  return envPaths('ms-auth', { suffix: '' }).config;
}

export function authority(g: GlobalOptions): { cloud: Cloud; authorityHost: string | undefined } {
  const cloud = g.cloud ?? 'worldwide';
  if (!isCloud(cloud)) throw usageError(`--cloud must be one of ${CLOUDS.join(', ')}.`);
  const host = flagOrEnv(g.authorityHost, '--authority-host', 'MS_AUTH_AUTHORITY_HOST');
  if (!host.value) return { cloud, authorityHost: undefined };
  const parsed = checkAuthorityHost(host.value);
  if ('problem' in parsed) throw usageError(`${host.name} ${parsed.problem}`);
  return { cloud, authorityHost: parsed.origin };
}

export function seconds(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw usageError(`${flag} takes a number of seconds between 1 and ${max}.`);
  return n;
}

export const httpTimeout = (g: GlobalOptions): number => seconds(g.httpTimeout ?? '30', '--http-timeout', 3600);

export const canPrompt = (g: GlobalOptions): boolean => Boolean(process.stdin.isTTY) && g.input;
