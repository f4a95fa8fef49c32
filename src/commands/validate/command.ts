/** `ms-auth validate` flags: one profile, --all, or a committed --file; --online. */
import { runEnv } from '../../io/run-env.js';
import { Command } from 'commander';
import {
  configDir,
  flag,
  globals,
  httpTimeout,
  profileGiven,
  profileName,
  text,
  type CommandHost,
  type GlobalOptions,
} from '../globals.js';
import { secretStore, tokenRequests, onlineTrust } from '../real-deps.js';
import type { ValidateOptions } from './run.js';

export type RunValidate = (options: ValidateOptions) => Promise<void>;

export function validateCommand(host: CommandHost, runF?: RunValidate): Command {
  return new Command('validate')
    .description('check saved configuration for CI (never prompts): schema, values, scopes, secrets present, no secret in the file')
    .option('--all', 'every profile')
    .option('--file <path>', 'check this config file (e.g. one committed to a repository)')
    .option('--online', 'also make a real token request per profile')
    .option('--authority-host <url>', "confirms a profile's login host when it is not Microsoft's (env MS_AUTH_AUTHORITY_HOST)")
    .addHelpText(
      'after',
      `
Exit codes: 0 all good, 3 configuration problems, 4 Entra rejected a profile, 5 keychain unavailable, 6 network.
Example (CI): MS_AUTH_CLIENT_SECRET=... ms-auth validate --file ms-auth.json --online --json`,
    )
    .action(async (o: Record<string, unknown>, self: Command) => {
      const g = globals(self);
      const options: ValidateOptions = {
        profile: profileName(g),
        profileGiven: profileGiven(g),
        all: flag(o['all']),
        file: text(o['file']),
        online: flag(o['online']),
        json: g.json,
        httpTimeout: httpTimeout(g),
      };
      await (runF ?? run(host, g))(options);
    });
}

const run =
  (host: CommandHost, g: GlobalOptions): RunValidate =>
  async (options) => {
    const { ui } = host;
    const dir = await configDir(g);
    const [{ runValidate }, { configFile }] = await Promise.all([import('./run.js'), import('../../io/config-store.js')]);
    // Problems are validate's result, with the exit code they call for.
    const exitCode = await runValidate(options, {
      ui,
      env: runEnv(),
      configPath: configFile(dir),
      openStore: () => secretStore(g, dir, ui),
      ...tokenRequests(g, ui),
      ...onlineTrust(g, ui),
    });
    host.setExitCode(exitCode);
  };
