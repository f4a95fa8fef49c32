/** `ms-auth revoke` flags: --forget (and --yes not to be asked). */
import { Command } from 'commander';
import { canPrompt, configDir, flag, globals, profileName, type CommandHost, type GlobalOptions } from '../globals.js';
import { leftoverStore, secretStore } from '../real-deps.js';
import type { RevokeOptions } from './run.js';

export type RunRevoke = (options: RevokeOptions) => Promise<void>;

export function revokeCommand(host: CommandHost, runF?: RunRevoke): Command {
  return new Command('revoke')
    .description('how to withdraw consent and invalidate credentials for a profile; --forget also deletes it locally')
    .option('--forget', 'delete the profile and its secrets from this machine')
    .option('--yes', 'do not ask before --forget deletes')
    .action(async (o: Record<string, unknown>, self: Command) => {
      const g = globals(self);
      const options: RevokeOptions = { profile: profileName(g), forget: flag(o['forget']), yes: flag(o['yes']), json: g.json };
      await (runF ?? run(host, g))(options);
    });
}

const run =
  (host: CommandHost, g: GlobalOptions): RunRevoke =>
  async (options) => {
    const { ui } = host;
    const dir = await configDir(g);
    const [{ runRevoke }, { loadProfile }, { forgetProfile }, { inquirerPrompter }] = await Promise.all([
      import('./run.js'),
      import('../../io/config-store.js'),
      import('../../io/persist.js'),
      import('../../io/prompter.js'),
    ]);
    await runRevoke(options, {
      ui,
      prompter: canPrompt(g) ? inquirerPrompter({ input: process.stdin, output: process.stderr }) : undefined,
      loadProfile: (name) => loadProfile(dir, name),
      openStore: () => secretStore(g, dir, ui),
      forget: async (store, name) => forgetProfile(dir, store, name, await leftoverStore(g, dir)),
    });
  };
