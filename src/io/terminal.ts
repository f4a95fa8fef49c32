/**
 * What the operator sees: chatter, warnings and errors on stderr; results on
 * stdout. Colour follows chalk's detection for stderr, and is off with NO_COLOR
 * (any non-empty value) or --no-color.
 */
import { Chalk, chalkStderr, type ChalkInstance } from 'chalk';

export interface Ui {
  /** A plain line of chatter on stderr. */
  info(line: string): void;
  success(line: string): void;
  warn(line: string): void;
  /** A URL alone on its own stderr line: no label, indentation, quotes or colour. */
  url(url: string): void;
  /** Result text on stdout. */
  result(text: string): void;
  /** Dim or bold helpers for composing lines. */
  readonly style: ChalkInstance;
}

export function colorEnabled(env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  return !noColorFlag && !env['NO_COLOR'] && chalkStderr.level > 0;
}

export function terminalUi(streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }, color: boolean): Ui {
  const style = new Chalk({ level: color ? chalkStderr.level : 0 });
  const err = (line: string) => streams.stderr.write(`${line}\n`);
  return {
    info: err,
    success: (line) => err(`${style.green('✓')} ${line}`),
    warn: (line) => err(`${style.yellow('!')} ${line}`),
    url: (url) => err(url),
    result: (text) => streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    style,
  };
}
