/**
 * A run, after the entry point (src/cli.ts): every failure mapped to the contract's exit
 * codes in one place. authorize-url runs from the fast path's parse (src/fast-path.ts)
 * when it can; everything else loads commander and the program (src/program.ts). Heavy
 * libraries are imported inside the runs that need them.
 */
import { sanitize } from './core/sanitize.js';
import { scrub } from './core/scrub.js';
import { takeSecretEnv } from './io/run-env.js';
import { CliError, EXIT_CODES, cancelled } from './errors.js';
import { endQuietly, installInterruptHandler } from './io/interrupt.js';
import { colorEnabled, terminalUi, unicodeSupported, type Ui } from './io/terminal.js';
import { globalsOf, refuseSecretFlag, type CommandHost } from './commands/globals.js';
import type { FastRun } from './fast-path.js';
import { directOutput } from './io/direct-output.js';
// Loaded with the rest of the start-up (one chunk, scripts/build.ts), the integration catalog included.
import { authorizeUrl } from './commands/authorize-url/action.js';

const argvJson = process.argv.includes('--json');

/** A reader that went away (`ms-auth setup --help | head`) ends the run quietly, as for git and gh: 141, as after SIGPIPE. */
const onPipeError = (error: NodeJS.ErrnoException): void => {
  if (error.code === 'EPIPE') endQuietly(141);
  else throw error;
};
const guarded = new WeakSet<NodeJS.WriteStream>();
/** process.stdout or stderr, made on first use (a pipe's stream takes a few milliseconds), with the EPIPE rule. */
const stream = (name: 'stdout' | 'stderr'): NodeJS.WriteStream => {
  const made = process[name];
  if (!guarded.has(made)) {
    guarded.add(made);
    made.on('error', onPipeError);
  }
  return made;
};

/** Set for a run in which nothing but ms-auth's own output writes to stdout and stderr. */
let direct = false;
const output = (fd: 1 | 2) => (direct && directOutput(fd, () => endQuietly(141))) || stream(fd === 1 ? 'stdout' : 'stderr');

let terminal: Ui | undefined;
/** The terminal's streams, colours and symbols, looked at on first use. */
const ui = (): Ui =>
  (terminal ??= terminalUi(
    {
      get stdout() {
        return output(1);
      },
      get stderr() {
        return output(2);
      },
    },
    colorEnabled(process.env, process.argv.includes('--no-color'), output(2)),
    unicodeSupported(process.env, process.platform),
  ));

/** The exit code of a command that reports problems as its result rather than failing. */
let resultCode = 0;
const host: CommandHost = {
  get ui() {
    return ui();
  },
  setExitCode: (code) => void (resultCode = code),
};

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
    output(1).write(`${JSON.stringify({ error: { code: e.code, message: [message, ...hints].join(' ') }, ...e.document })}\n`);
  } else {
    host.ui.info(`${host.ui.style.red('✗')} ${message}`);
    for (const hint of hints) host.ui.info(`  ${hint}`);
    for (const frame of frames) host.ui.info(`    ${frame}`);
  }
  return EXIT_CODES[e.kind];
}

async function main(fast: FastRun | undefined): Promise<number> {
  installInterruptHandler(() => process.exit(fail(cancelled())));
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
    if (fast?.kind === 'run' && fast.command === 'authorize-url') {
      // Only ms-auth writes in this run: straight to the descriptors, without Node's streams.
      direct = true;
      await authorizeUrl(host, fast.options, globalsOf({ ...fast.globals, ...fast.options }));
      return resultCode;
    }
    // Everything commander and the prompts write goes through these streams.
    stream('stdout');
    stream('stderr');
    if (fast?.kind === 'run' && fast.command === 'setup') {
      const { setup } = await import('./commands/setup/action.js');
      await setup(host, fast.options, globalsOf({ ...fast.globals, ...fast.options }));
      return resultCode;
    }
    const { runProgram } = await import('./program.js');
    return (await runProgram(host, process.argv, argvJson)) ?? resultCode;
  } catch (error) {
    if (error instanceof CliError) return fail(error);
    const { mappedStack } = await import('./io/stack.js');
    return fail(error, mappedStack(error));
  }
}

/** `fast`: what the fast path took on (authorize-url), or undefined for commander. */
export async function run(fast: FastRun | undefined): Promise<void> {
  // Before anything can start a child process.
  takeSecretEnv();
  process.exitCode = await main(fast);
}
