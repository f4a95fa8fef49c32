/**
 * The program as commander runs it: global options, one line per command, and the
 * mapping of commander's own outcomes (help, version, usage errors) to exit codes.
 * Each command's flags, checks and wiring live in its own module
 * (src/commands/<command>/command.ts). The build also reads this program to write the
 * snapshot the fast path answers `--help`, `--version` and `authorize-url` from
 * (src/fast-path.ts), so the flags are defined here and nowhere else.
 */
import { Command, CommanderError } from 'commander';
import manifest from '../package.json' with { type: 'json' };
import { sanitize } from './core/sanitize.js';
import { EXIT_CODES } from './errors.js';
import { addGlobalOptions, type CommandHost } from './commands/globals.js';
import { authorizeUrlCommand } from './commands/authorize-url/command.js';
import { setupCommand } from './commands/setup/command.js';
import { integrationsCommand } from './commands/integrations/command.js';
import { exportCommand } from './commands/export/command.js';
import { pushCommand } from './commands/push/command.js';
import { statusCommand } from './commands/status/command.js';
import { validateCommand } from './commands/validate/command.js';
import { revokeCommand } from './commands/revoke/command.js';
import { completionCommand } from './commands/completion/command.js';

/**
 * commander quotes what was typed (an unknown option with its value, a short-option
 * cluster, an invalid choice, an unknown command): that may be a secret typed in the
 * wrong place, so only the option's name is kept. Help text passes whole.
 */
export const withoutValues = (text: string): string => {
  const safe = text
    .replace(/(unknown option ')(--[\w-]+)[^']*'/g, "$1$2'")
    .replace(/(unknown option ')-([^-'])[^']+'/g, "$1-$2…'")
    .replace(/ argument '[^']*' is invalid/g, ' value is invalid')
    .replace(/(unknown command) '[^']*'/g, '$1')
    .replace(/(--[\w-]+)=[^\s'"]+/g, '$1=…');
  return `${sanitize(safe, { keepNewlines: true, max: Number.MAX_SAFE_INTEGER })}${text.endsWith('\n') ? '\n' : ''}`;
};

export function createProgram(host: CommandHost, json: boolean): Command {
  const program = addGlobalOptions(
    new Command('ms-auth')
      .description("Authenticate Cortex XSOAR's Microsoft integrations against Microsoft Entra ID.")
      .version(manifest.version, '-v, --version'),
  )
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // With --json the version is one JSON document (runProgram writes it), not commander's line.
    .configureOutput({
      writeErr: (text) => (json ? undefined : process.stderr.write(withoutValues(text))),
      writeOut: (text) => (json && text === `${manifest.version}\n` ? undefined : process.stdout.write(text)),
    });
  for (const command of [
    authorizeUrlCommand,
    setupCommand,
    integrationsCommand,
    exportCommand,
    pushCommand,
    statusCommand,
    validateCommand,
    revokeCommand,
    completionCommand,
  ]) {
    // Help, output and exit settings are the program's, as for `program.command()`.
    program.addCommand(command(host).copyInheritedSettings(program));
  }
  return program;
}

/** Parses and runs argv; resolves commander's own outcome as an exit code (0 for help, 2 for usage). */
export async function runProgram(host: CommandHost, argv: string[], json: boolean): Promise<number | undefined> {
  try {
    await createProgram(host, json).parseAsync(argv);
    return undefined;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (json && error.code === 'commander.version') {
      process.stdout.write(`${JSON.stringify({ version: manifest.version })}\n`);
      return 0;
    }
    // With --json, commander's help as an error (no command, or `help` for an unknown one) is a usage error as one JSON document.
    if (json && error.code === 'commander.help' && error.exitCode === 1)
      error.message = argv.slice(2).includes('help')
        ? 'No such command: run ms-auth --help for the commands.'
        : 'No command given: run ms-auth --help for the commands.';
    else if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'usage', message: sanitize(withoutValues(error.message)) } })}\n`);
    return EXIT_CODES.usage;
  }
}
