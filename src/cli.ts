/**
 * The program: global options, one line per command, and every failure mapped to the
 * contract's exit codes in one place. Each command's flags, checks and wiring live in
 * its own module (src/commands/<command>/command.ts); heavy libraries are imported
 * inside the runs that need them, so `--help` and `authorize-url` start fast.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { sanitize } from './core/sanitize.js';
import { scrub } from './core/scrub.js';
import { takeSecretEnv } from './io/run-env.js';
import { CliError, EXIT_CODES, cancelled } from './errors.js';
import { endQuietly, installInterruptHandler } from './io/interrupt.js';
import { colorEnabled, terminalUi, unicodeSupported, type Ui } from './io/terminal.js';
import { addGlobalOptions, refuseSecretFlag, type CommandHost } from './commands/globals.js';
import { authorizeUrlCommand } from './commands/authorize-url/command.js';
import { setupCommand } from './commands/setup/command.js';
import { integrationsCommand } from './commands/integrations/command.js';
import { exportCommand } from './commands/export/command.js';
import { pushCommand } from './commands/push/command.js';
import { statusCommand } from './commands/status/command.js';
import { validateCommand } from './commands/validate/command.js';
import { revokeCommand } from './commands/revoke/command.js';
import { completionCommand } from './commands/completion/command.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const argvJson = process.argv.includes('--json');

/**
 * commander quotes what was typed (an unknown option with its value, a short-option
 * cluster, an invalid choice, an unknown command): that may be a secret typed in the
 * wrong place, so only the option's name is kept. Help text passes whole.
 */
const withoutValues = (text: string): string => {
  const safe = text
    .replace(/(unknown option ')(--[\w-]+)[^']*'/g, "$1$2'")
    .replace(/(unknown option ')-([^-'])[^']+'/g, "$1-$2…'")
    .replace(/ argument '[^']*' is invalid/g, ' value is invalid')
    .replace(/(unknown command) '[^']*'/g, '$1')
    .replace(/(--[\w-]+)=[^\s'"]+/g, '$1=…');
  return `${sanitize(safe, { keepNewlines: true, max: Number.MAX_SAFE_INTEGER })}${text.endsWith('\n') ? '\n' : ''}`;
};
const ui: Ui = terminalUi(
  process,
  colorEnabled(process.env, process.argv.includes('--no-color')),
  unicodeSupported(process.env, process.platform),
);

/** The exit code of a command that reports problems as its result rather than failing. */
let resultCode = 0;
const host: CommandHost = { ui, setExitCode: (code) => void (resultCode = code) };

const program = addGlobalOptions(
  new Command('ms-auth')
    .description("Authenticate Cortex XSOAR's Microsoft integrations against Microsoft Entra ID.")
    .version(version, '-v, --version'),
)
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => (argvJson ? undefined : process.stderr.write(withoutValues(text))) });

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

/** `frames`: the mapped stack of a bug, printed under its hints (not in --json output). */
function fail(error: unknown, frames: string[] = []): number {
  const e =
    error instanceof CliError
      ? error
      : new CliError(
          'internal',
          'unexpected',
          `Unexpected failure: ${sanitize(error instanceof Error ? error.message : String(error), { max: 300 })}`,
          ['This is a bug in ms-auth: please report it with the command you ran (never include secrets).'],
        );
  // Whatever a message quotes, no secret this run has seen goes out with it.
  const message = scrub(e.message);
  const hints = e.hints.map((hint) => scrub(hint));
  if (argvJson) {
    process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: [message, ...hints].join(' ') }, ...e.document })}\n`);
  } else {
    ui.info(`${ui.style.red('✗')} ${message}`);
    for (const hint of hints) ui.info(`  ${hint}`);
    for (const frame of frames) ui.info(`    ${frame}`);
  }
  return EXIT_CODES[e.kind];
}

async function main(): Promise<number> {
  installInterruptHandler(() => process.exit(fail(cancelled())));
  // A reader that went away (`ms-auth setup --help | head`) ends the run quietly, as
  // for git and gh: exit 141, the status of a process ended by SIGPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') endQuietly(141);
      else throw error;
    });
  }
  // Recognised everywhere, even without a command, only to be refused with the safe ways.
  const args = process.argv.slice(2);
  const end = args.indexOf('--');
  if ((end === -1 ? args : args.slice(0, end)).some((a) => a === '--client-secret' || a.startsWith('--client-secret='))) {
    try {
      refuseSecretFlag('');
    } catch (error) {
      return fail(error);
    }
  }
  try {
    await program.parseAsync(process.argv);
    return resultCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      if (argvJson)
        process.stdout.write(`${JSON.stringify({ error: { code: 'usage', message: sanitize(withoutValues(error.message)) } })}\n`);
      return EXIT_CODES.usage;
    }
    if (error instanceof CliError) return fail(error);
    const { mappedStack } = await import('./io/stack.js');
    return fail(error, mappedStack(error));
  }
}

// Before anything can start a child process.
takeSecretEnv();
process.exitCode = await main();
