/**
 * What the operator sees: chatter, warnings and errors on stderr; results on
 * stdout. Colour on stderr when it is a terminal that has colours (TERM, NO_COLOR and
 * FORCE_COLOR as Node's tty module reads them) or when FORCE_COLOR asks for it on a
 * pipe; off with NO_COLOR (any non-empty value) or --no-color. Four styles are all the
 * tool uses, written as plain ANSI codes: no colour library is loaded at start-up.
 */

export interface Style {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
}

export interface Ui {
  /** A plain line of chatter on stderr. */
  info(line: string): void;
  success(line: string): void;
  warn(line: string): void;
  /** A URL alone on its own stderr line: no label, indentation, quotes or colour. */
  url(url: string): void;
  /** Result text on stdout. */
  result(text: string): void;
  /** Colour helpers for composing lines (identity when colour is off). */
  readonly style: Style;
}

const CODES: Record<keyof Style, [number, number]> = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22] };

export function makeStyle(color: boolean): Style {
  const style = (name: keyof Style) => {
    const [open, close] = CODES[name];
    return color ? (text: string) => `\u001b[${open}m${text}\u001b[${close}m` : (text: string) => text;
  };
  return { red: style('red'), green: style('green'), yellow: style('yellow'), dim: style('dim') };
}

interface MaybeTty {
  isTTY?: boolean;
  hasColors?: (env?: NodeJS.ProcessEnv) => boolean;
}

export function colorEnabled(env: NodeJS.ProcessEnv, noColorFlag: boolean, stderr: MaybeTty = process.stderr as MaybeTty): boolean {
  if (noColorFlag || env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return Boolean(stderr.isTTY && stderr.hasColors?.(env));
}

export function terminalUi(streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }, color: boolean): Ui {
  const style = makeStyle(color);
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
