/**
 * `--help` from the build's snapshot (src/cli-spec.ts): formatted by commander's own Help
 * class, on the terms and descriptions commander computed at build time, for this
 * terminal's width. A module of its own, so runs that show no help never load the class.
 */
import { Help } from 'commander-help';
import type { CliSpec, HelpItem, HelpSnapshot } from './cli-spec.js';

/** The help text, formatted by commander's Help for the given width (undefined: 80, as commander when stdout is no terminal). */
export function helpText(spec: CliSpec, command: string, width: number | undefined): string {
  const snapshot = spec.help[command] as HelpSnapshot;
  const commands = snapshot.commands.map((c) => ({ ...c, helpGroup: () => c.group }));
  const options = snapshot.options.map((o) => ({ ...o, helpGroupHeading: o.group }));
  const helper = Object.assign(new Help(), spec.helpSettings, {
    commandUsage: () => snapshot.usage,
    commandDescription: () => snapshot.description,
    visibleArguments: () => snapshot.arguments,
    argumentTerm: (item: HelpItem) => item.term,
    argumentDescription: (item: HelpItem) => item.description,
    visibleOptions: () => options,
    visibleGlobalOptions: () => snapshot.globalOptions,
    optionTerm: (item: HelpItem) => item.term,
    optionDescription: (item: HelpItem) => item.description,
    visibleCommands: () => commands,
    subcommandTerm: (item: HelpItem) => item.term,
    subcommandDescription: (item: HelpItem) => item.description,
  });
  helper.prepareContext({ helpWidth: width });
  // formatHelp reads the command only through the helper and its options and commands lists.
  const standIn = { options, commands } as unknown as Parameters<Help['formatHelp']>[0];
  return snapshot.before + helper.formatHelp(standIn, helper) + snapshot.after;
}
