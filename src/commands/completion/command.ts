/**
 * `ms-auth completion bash|zsh|fish|powershell`: the script is generated from the program's own
 * commands, options and choices, read here from the parent program.
 */
import { Command } from 'commander';
import { globals, type CommandHost } from '../globals.js';
import type { CompletionCommand } from './run.js';

export interface CompletionOptions {
  shell: string;
  /** `{"shell", "script"}` instead of the script alone. */
  json: boolean;
  commands: CompletionCommand[];
  globals: CompletionCommand['options'];
}

export type RunCompletion = (options: CompletionOptions) => Promise<void>;

const describe = (command: Command): CompletionCommand['options'] =>
  command.options.flatMap((o) =>
    o.long && !o.hidden ? [{ flag: o.long, choices: o.argChoices, takesValue: o.required || o.optional }] : [],
  );

export function completionCommand(host: CommandHost, runF?: RunCompletion): Command {
  return new Command('completion')
    .argument('<shell>', 'bash, zsh, fish or powershell')
    .description('print a shell completion script')
    .action(async (shell: string, _o: unknown, self: Command) => {
      const program = self.parent ?? self;
      const commands = program.commands.filter((c) => c.name() !== 'help').map((c) => ({ name: c.name(), options: describe(c) }));
      await (runF ?? run(host))({ shell, json: globals(self).json, commands, globals: describe(program) });
    });
}

const run =
  (host: CommandHost): RunCompletion =>
  async (options) => {
    const { completionScript } = await import('./run.js');
    const script = completionScript(options.shell, options.commands, options.globals);
    host.ui.result(options.json ? JSON.stringify({ shell: options.shell, script }) : script);
  };
