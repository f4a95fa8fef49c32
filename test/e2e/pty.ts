/**
 * A real pseudo-terminal around the built CLI: the wizard sees a TTY exactly as on an
 * operator's screen, and the test types keys and reads what was drawn.
 */
import pty from '@lydell/node-pty';
import { stripVTControlCharacters } from 'node:util';
import { CLI, baseEnv } from './harness.js';

export const KEYS = { enter: '\r', down: '\u001b[B', ctrlC: '\u0003' } as const;

export interface Terminal {
  /** Everything drawn so far, escape sequences removed. */
  screen(): string;
  /** Everything drawn so far, as sent. */
  raw(): string;
  /** Waits until the screen matches, and returns the match. */
  waitFor(pattern: RegExp, options?: { timeoutMs?: number }): Promise<RegExpMatchArray>;
  type(text: string): void;
  exited: Promise<number>;
  kill(): void;
}

export function openTerminal(args: string[], env: Record<string, string | undefined> = {}): Terminal {
  const child = pty.spawn(process.execPath, [CLI, ...args], { cols: 400, rows: 50, env: baseEnv({ TERM: 'xterm-256color', ...env }) });
  let raw = '';
  let lastData = Date.now();
  child.onData((data) => {
    raw += data;
    lastData = Date.now();
  });
  // The pty can still deliver the last of the output after the exit is reported:
  // `exited` resolves once the screen has been quiet for 100 ms (at most 2 s later).
  const exited = new Promise<number>((resolve) =>
    child.onExit(({ exitCode }) => {
      const since = Date.now();
      const settle = (): void => {
        const now = Date.now();
        if (now - lastData >= 100 || now - since >= 2_000) resolve(exitCode);
        else setTimeout(settle, 25);
      };
      setTimeout(settle, 25);
    }),
  );
  const screen = () => stripVTControlCharacters(raw).replace(/\r/g, '');
  return {
    screen,
    raw: () => raw,
    async waitFor(pattern, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 15_000);
      for (;;) {
        const match = screen().match(pattern);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}. Screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    type: (text) => child.write(text),
    exited,
    kill: () => child.kill(),
  };
}
