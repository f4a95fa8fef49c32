/** `ms-auth export` flags: the format and whether secrets are shown. */
import { runEnv } from '../../io/run-env.js';
import { Command, Option } from 'commander';
import { configDir, flag, globals, oneOf, profileName, type CommandHost, type GlobalOptions } from '../globals.js';
import { secretStore } from '../real-deps.js';
import type { ExportFormat, ExportOptions } from './run.js';

const EXPORT_FORMATS: readonly ExportFormat[] = ['text', 'json', 'env', 'powershell'];

export type RunExport = (options: ExportOptions) => Promise<void>;

export function exportCommand(host: CommandHost, runF?: RunExport): Command {
  return new Command('export')
    .description("re-print a profile's XSOAR instance parameters")
    .addOption(
      new Option('--format <format>', 'output format (env: POSIX shell lines; powershell: $env: lines)')
        .choices(EXPORT_FORMATS)
        .default('text'),
    )
    .option('--show-secrets', 'print secrets instead of masking them')
    .action(async (o: Record<string, unknown>, self: Command) => {
      const g = globals(self);
      const options: ExportOptions = {
        profile: profileName(g),
        format: g.json ? 'json' : (oneOf(o['format'], EXPORT_FORMATS) ?? 'text'),
        showSecrets: flag(o['showSecrets']),
      };
      await (runF ?? run(host, g))(options);
    });
}

const run =
  (host: CommandHost, g: GlobalOptions): RunExport =>
  async (options) => {
    const dir = await configDir(g);
    const [{ runExport }, { loadCheckedProfile }] = await Promise.all([import('./run.js'), import('../../io/config-store.js')]);
    await runExport(options, {
      ui: host.ui,
      env: runEnv(),
      loadProfile: (name) => loadCheckedProfile(dir, name),
      openStore: () => secretStore(g, dir, host.ui),
    });
  };
