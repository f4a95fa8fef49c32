/** `ms-auth integrations [id]`: the catalog, all of it or one entry. */
import { Command } from 'commander';
import { globals, type CommandHost } from '../globals.js';
import type { IntegrationsOptions } from './run.js';

export type RunIntegrations = (options: IntegrationsOptions) => Promise<void>;

export function integrationsCommand(host: CommandHost, runF?: RunIntegrations): Command {
  return new Command('integrations')
    .argument('[id]', 'show one integration in detail')
    .description('list the XSOAR integrations ms-auth knows: methods, flows, scopes, permissions, parameters')
    .action(async (id: string | undefined, _o: unknown, self: Command) => {
      await (runF ?? run(host))({ json: globals(self).json, id });
    });
}

const run =
  (host: CommandHost): RunIntegrations =>
  async (options) => {
    const { runIntegrations } = await import('./run.js');
    runIntegrations(options, { ui: host.ui });
  };
