/**
 * The fast path: `--help`, `--version`, `authorize-url` and `setup` answered without
 * loading commander (the largest part of a start-up), from the snapshot of the program the
 * build writes (src/cli-spec.ts). It takes only what it can answer exactly as commander
 * would: the help of the program or of one command, the version, and authorize-url and
 * setup with long flags whose values do not start with a dash. Anything else (a short flag, an unknown
 * option, a missing value, `--`, a value commander would refuse) goes to commander, whose
 * errors stay the only ones. The help is formatted by src/help-text.ts.
 */
import type { CliSpec, CommandFlags } from './cli-spec.js';
import { directOutput } from './io/direct-output.js';

/** The snapshot as JSON text (one string in cli.js, rather than an object every chunk would share). */
declare const MS_AUTH_CLI_SPEC: string | undefined;

/** The snapshot the build put in the bundle; none when running from src/ (tests): commander answers. */
export const builtSpec: CliSpec | undefined =
  typeof MS_AUTH_CLI_SPEC === 'undefined' ? undefined : (JSON.parse(MS_AUTH_CLI_SPEC) as CliSpec);

const HELP_FLAGS = ['--help', '-h'];
const VERSION_FLAGS = ['--version', '-v'];

/** What the fast path does with argv (after the program name), or undefined for commander. */
export type FastRun =
  | { kind: 'help'; command: string }
  | { kind: 'version' }
  | { kind: 'run'; command: string; options: Record<string, unknown>; globals: Record<string, unknown> };

export function fastRun(spec: CliSpec, args: readonly string[]): FastRun | undefined {
  const [first, second, ...rest] = args;
  if (args.length === 1 && first !== undefined && HELP_FLAGS.includes(first)) return { kind: 'help', command: '' };
  if (args.length === 1 && first !== undefined && VERSION_FLAGS.includes(first)) return { kind: 'version' };
  if (first === undefined || !Object.hasOwn(spec.help, first) || first === '') return undefined;
  if (args.length === 2 && second !== undefined && HELP_FLAGS.includes(second)) return { kind: 'help', command: first };
  const own = Object.hasOwn(spec.commands, first) ? spec.commands[first] : undefined;
  if (!own) return undefined;
  const parsed = parseFlags(spec.program, own, second === undefined ? rest : [second, ...rest]);
  return parsed && { kind: 'run', command: first, ...parsed };
}

/**
 * commander's two passes: the program takes its own flags wherever they are, the command
 * takes the rest. Undefined for anything commander would read differently or refuse.
 */
function parseFlags(
  program: CommandFlags,
  own: CommandFlags,
  args: readonly string[],
): { options: Record<string, unknown>; globals: Record<string, unknown> } | undefined {
  const globals = { ...program.defaults };
  const options = { ...own.defaults };
  const left: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const taken = take(program, globals, args, i);
    if (taken === undefined) return undefined;
    if (taken === 0) left.push(arg);
    else i += taken - 1;
  }
  for (let i = 0; i < left.length;) {
    const taken = take(own, options, left, i);
    if (!taken) return undefined;
    i += taken;
  }
  return { options, globals };
}

/**
 * Reads the flag at args[i] into values: the number of arguments it used, 0 when it is
 * not one of these flags, undefined when the fast path leaves the whole command line to commander.
 */
function take(flags: CommandFlags, values: Record<string, unknown>, args: readonly string[], i: number): number | undefined {
  const arg = args[i] as string;
  if (!arg.startsWith('-')) return 0;
  if (!arg.startsWith('--') || arg === '--' || HELP_FLAGS.includes(arg) || VERSION_FLAGS.includes(arg)) return undefined;
  const eq = arg.indexOf('=');
  const name = eq === -1 ? arg : arg.slice(0, eq);
  const flag = flags.flags.find((f) => f.long === name);
  if (!flag) return 0;
  if (flag.kind === 'switch' || flag.kind === 'negate') {
    if (eq !== -1) return undefined;
    values[flag.attribute] = flag.kind === 'switch';
    return 1;
  }
  const inline = eq === -1 ? [] : [arg.slice(eq + 1)];
  let end = i + 1;
  // A value that looks like a flag is read differently by commander's two passes: its business.
  const following = (at: number) => (at < args.length && !(args[at] as string).startsWith('-') ? (args[at] as string) : undefined);
  const given = [...inline];
  if (flag.kind === 'value' && eq === -1) {
    const value = following(end);
    if (value === undefined) return undefined;
    given.push(value);
    end += 1;
  }
  // `--scope=a` is one value; `--scope a b` takes values up to the next flag.
  if (flag.kind === 'values' && eq === -1) {
    if (following(end) === undefined) return undefined;
    for (let value = following(end); value !== undefined; value = following(++end)) given.push(value);
  }
  if (flag.choices && !given.every((value) => flag.choices?.includes(value))) return undefined;
  if (flag.kind === 'values') {
    // As commander's: values add up, starting afresh from the default.
    const before = values[flag.attribute];
    values[flag.attribute] =
      Array.isArray(before) && before !== flags.defaults[flag.attribute] ? [...(before as string[]), ...given] : given;
  } else values[flag.attribute] = given[0];
  return end - i;
}

/**
 * Writes commander's help or version to stdout as commander would: for a terminal
 * through process.stdout at its width, otherwise straight to the descriptor at width 80.
 * A reader that went away ends the run quietly with 141, as for git and gh.
 */
export function writeOut(render: (width: number | undefined) => string): void {
  const out = directOutput(1, () => process.exit(141));
  if (out) out.write(render(undefined));
  else {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(141);
      else throw error;
    });
    process.stdout.write(render(process.stdout.isTTY ? process.stdout.columns : undefined));
  }
}
