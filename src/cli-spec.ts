/**
 * The snapshot of the program the fast path answers from (src/fast-path.ts): help
 * content per command (as commander's Help computes it: terms, descriptions, the text
 * added before and after), the version, and the flags of the commands the fast path
 * parses (their defaults as commander sets them). The build writes it from the real
 * program (scripts/build.ts), the tests compare the fast path with commander over it:
 * the program in src/program.ts stays the one place flags and help are defined.
 */
import type { Command, Help, Option } from 'commander';

export interface HelpItem {
  term: string;
  description: string;
}

export interface HelpSnapshot {
  usage: string;
  description: string;
  arguments: HelpItem[];
  /** Visible options, with the heading of their group when they have one. */
  options: Array<HelpItem & { group?: string }>;
  globalOptions: HelpItem[];
  commands: Array<HelpItem & { group: string }>;
  /** Text commander writes before and after the help (addHelpText). */
  before: string;
  after: string;
}

export interface FlagSpec {
  long: string;
  attribute: string;
  kind: 'switch' | 'negate' | 'value' | 'values';
  choices?: string[];
}

export interface CommandFlags {
  flags: FlagSpec[];
  /** commander's option values before any argument is parsed. */
  defaults: Record<string, unknown>;
}

export interface CliSpec {
  version: string;
  /** Help settings of the program (configureHelp), such as showGlobalOptions. */
  helpSettings: { showGlobalOptions: boolean; sortOptions: boolean; sortSubcommands: boolean };
  /** By command name; '' is the program. */
  help: Record<string, HelpSnapshot>;
  program: CommandFlags;
  /** The commands the fast path parses and runs. */
  commands: Record<string, CommandFlags>;
}

/** The commands whose runs the fast path starts without commander. */
export const FAST_COMMANDS = ['authorize-url', 'setup'] as const;

function helpOf(command: Command): HelpSnapshot {
  // With the command's help settings (configureHelp), as commander formats it.
  const helper: Help = command.createHelp();
  const item = (term: string, description: string): HelpItem => ({ term, description });
  // The text written around the help: what outputHelp writes besides helpInformation.
  let written = '';
  const output = command.configureOutput();
  command.configureOutput({ writeOut: (text) => void (written += text), getOutHelpWidth: () => 80, getOutHasColors: () => false });
  command.outputHelp();
  const information = command.helpInformation();
  command.configureOutput(output);
  const at = written.indexOf(information);
  if (at === -1) throw new Error(`cli-spec: the help of ${command.name()} is not where the snapshot expects it`);
  return {
    usage: helper.commandUsage(command),
    description: helper.commandDescription(command),
    arguments: helper.visibleArguments(command).map((a) => item(helper.argumentTerm(a), helper.argumentDescription(a))),
    options: helper.visibleOptions(command).map((o) => ({
      ...item(helper.optionTerm(o), helper.optionDescription(o)),
      ...(o.helpGroupHeading !== undefined && { group: o.helpGroupHeading }),
    })),
    globalOptions: helper.visibleGlobalOptions(command).map((o) => item(helper.optionTerm(o), helper.optionDescription(o))),
    commands: helper
      .visibleCommands(command)
      .map((sub) => ({ ...item(helper.subcommandTerm(sub), helper.subcommandDescription(sub)), group: sub.helpGroup() || 'Commands:' })),
    before: written.slice(0, at),
    after: written.slice(at + information.length),
  };
}

/** A flag the fast path can parse as commander does, or undefined (a custom parser, an optional value, a short alias only). */
function flagOf(option: Option): FlagSpec | undefined {
  if (!option.long || option.hidden || option.optional || option.presetArg !== undefined || option.envVar !== undefined) return undefined;
  const choices = option.argChoices;
  // commander's parseArg is its choices check; any other parser is the command's own.
  if (option.parseArg && !choices) return undefined;
  const kind = option.negate ? 'negate' : option.required ? (option.variadic ? 'values' : 'value') : 'switch';
  return { long: option.long, attribute: option.attributeName(), kind, ...(choices && { choices: [...choices] }) };
}

/** `except`: flags that are commander's own actions (the version), not values. */
function flagsOf(command: Command, except: string[] = []): CommandFlags {
  return {
    flags: command.options.flatMap((option) => (except.includes(option.long ?? '') ? [] : (flagOf(option) ?? []))),
    defaults: { ...command.opts() },
  };
}

export function specOf(program: Command): CliSpec {
  const help: Record<string, HelpSnapshot> = { '': helpOf(program) };
  for (const command of program.commands) help[command.name()] = helpOf(command);
  const commands: Record<string, CommandFlags> = {};
  for (const name of FAST_COMMANDS) {
    const command = program.commands.find((c) => c.name() === name);
    if (!command) throw new Error(`cli-spec: no command ${name}`);
    commands[name] = flagsOf(command);
  }
  const settings = program.configureHelp();
  return {
    version: program.version() ?? '',
    helpSettings: {
      showGlobalOptions: settings.showGlobalOptions ?? false,
      sortOptions: settings.sortOptions ?? false,
      sortSubcommands: settings.sortSubcommands ?? false,
    },
    help,
    program: flagsOf(program, ['--version']),
    commands,
  };
}
