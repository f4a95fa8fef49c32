/** `ms-auth status` flags: one profile or --all, and --online. */
import { runEnv } from '../../io/run-env.js';
import { Command } from 'commander';
import { configDir, flag, globals, httpTimeout, profileName, type CommandHost, type GlobalOptions } from '../globals.js';
import { leftoverStore, secretStore, tokenRequests, onlineTrust } from '../real-deps.js';
import type { StatusOptions } from './run.js';

export type RunStatus = (options: StatusOptions) => Promise<void>;

export function statusCommand(host: CommandHost, runF?: RunStatus): Command {
  return new Command('status')
    .description('show what is saved per profile: method, integration, tenant, client, where each secret lives (masked)')
    .option('--all', 'every profile')
    .option('--online', 'also prove the credentials work with a token request')
    .option('--authority-host <url>', "confirms a profile's login host when it is not Microsoft's (env MS_AUTH_AUTHORITY_HOST)")
    .action(async (o: Record<string, unknown>, self: Command) => {
      const g = globals(self);
      const options: StatusOptions = {
        profile: profileName(g),
        all: flag(o['all']),
        online: flag(o['online']),
        json: g.json,
        httpTimeout: httpTimeout(g),
      };
      await (runF ?? run(host, g))(options);
    });
}

const run =
  (host: CommandHost, g: GlobalOptions): RunStatus =>
  async (options) => {
    const { ui } = host;
    const dir = await configDir(g);
    const [{ runStatus }, { readConfig, configFile }] = await Promise.all([import('./run.js'), import('../../io/config-store.js')]);
    // Broken profiles are status's result, with the exit code they call for.
    const exitCode = await runStatus(options, {
      ui,
      env: runEnv(),
      configPath: configFile(dir),
      readConfig: () => readConfig(dir),
      openStore: () => secretStore(g, dir, ui),
      ...(g.insecureStorage && { storedIn: 'secrets.json' }),
      leftovers: await leftoverStore(g, dir),
      ...tokenRequests(g, ui),
      ...onlineTrust(g, ui),
    });
    host.setExitCode(exitCode);
  };
