/**
 * What the operator sees: chatter, warnings and errors on stderr; results on
 * stdout. Colour on stderr when it is a terminal that has colours (TERM and FORCE_COLOR
 * as Node's tty module reads them) or when FORCE_COLOR asks for it on a
 * pipe; off with NO_COLOR (any non-empty value) or --no-color. Four styles are all the
 * tool uses, written as plain ANSI codes: no colour library is loaded at start-up.
 * Where the console cannot draw symbols such as ✓ ✗ → … (the classic Windows console
 * host with its raster or Consolas font), they become ASCII; JSON results are left
 * exactly as they are.
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

export function colorEnabled(env: NodeJS.ProcessEnv, noColorFlag: boolean, stderr: MaybeTty = process.stderr): boolean {
  if (noColorFlag || env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  // Node's tty module turns colour off for a NO_COLOR set at all; an empty one counts for nothing here.
  const ttyEnv = env['NO_COLOR'] === '' ? Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'NO_COLOR')) : env;
  return Boolean(stderr.isTTY && stderr.hasColors?.(ttyEnv));
}

/**
 * Whether the console draws symbols beyond ASCII: everywhere but the Linux virtual
 * console, and on Windows only in terminals known to (Windows Terminal, VS Code,
 * JetBrains, ConEmu/Cmder, mintty and other xterm-likes); the classic console host shows boxes.
 */
export function unicodeSupported(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform !== 'win32') return env['TERM'] !== 'linux';
  return (
    Boolean(env['WT_SESSION'] || env['TERMINUS_SUBLIME'] || env['ConEmuTask']) ||
    env['TERM_PROGRAM'] === 'vscode' ||
    env['TERMINAL_EMULATOR'] === 'JetBrains-JediTerm' ||
    /^(xterm|alacritty|rxvt-unicode)/.test(env['TERM'] ?? '')
  );
}

const ASCII: Record<string, string> = {
  '✓': '+',
  '✗': 'x',
  '→': '->',
  '…': '...',
  '•': '*',
  '─': '-',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '–': '-',
  '—': '-',
};

/** The text with the symbols ms-auth prints replaced by ASCII. */
export const asciiSymbols = (text: string): string => text.replace(/[✓✗→…•─“”‘’–—]/g, (c) => ASCII[c] ?? c);

/** What the terminal's output is written to: Node's streams, or descriptors written directly (src/fast-path.ts). */
interface Writable {
  write(text: string): unknown;
}

export function terminalUi(streams: { stdout: Writable; stderr: Writable }, color: boolean, unicode = true): Ui {
  const style = makeStyle(color);
  const text = unicode ? (t: string) => t : asciiSymbols;
  const err = (line: string) => streams.stderr.write(`${text(line)}\n`);
  return {
    info: err,
    success: (line) => err(`${style.green('✓')} ${line}`),
    warn: (line) => err(`${style.yellow('!')} ${line}`),
    url: (url) => err(url),
    result: (out) => {
      const shown = out.startsWith('{') ? out : text(out);
      streams.stdout.write(shown.endsWith('\n') ? shown : `${shown}\n`);
    },
    style,
  };
}

/**
 * Why there is no terminal to ask on, when the cause is known: Git Bash's and MSYS2's
 * mintty gives programs pipes instead of a console, so Node sees no TTY there.
 */
export function noTerminalHint(env: NodeJS.ProcessEnv, stdinIsTTY: boolean): string | undefined {
  if (stdinIsTTY || !(env['MSYSTEM'] || env['TERM_PROGRAM'] === 'mintty')) return undefined;
  return 'Git Bash (mintty) gives programs no terminal, so ms-auth cannot ask here: run `winpty npx.cmd ms-auth ...`, or use PowerShell or Windows Terminal, or supply the value as named above.';
}
