/** Colour decisions and the four styles, without a colour library. */
import { WriteStream } from 'node:tty';
import { expect, it } from 'vitest';
import { colorEnabled, makeStyle } from '../../src/io/terminal.js';

const tty = (colors: boolean) => ({ isTTY: true, hasColors: () => colors });
const pipe = { isTTY: false };

it('colour on a terminal that has colours; off on one that has none, and on a pipe', () => {
  expect(colorEnabled({}, false, tty(true))).toBe(true);
  expect(colorEnabled({}, false, tty(false))).toBe(false);
  expect(colorEnabled({}, false, pipe)).toBe(false);
});

it('FORCE_COLOR turns colour on for a pipe, FORCE_COLOR=0 or false off for a terminal; NO_COLOR and --no-color win over both', () => {
  expect(colorEnabled({ FORCE_COLOR: '1' }, false, pipe)).toBe(true);
  expect(colorEnabled({ FORCE_COLOR: '0' }, false, tty(true))).toBe(false);
  expect(colorEnabled({ FORCE_COLOR: 'false' }, false, tty(true))).toBe(false);
  expect(colorEnabled({ FORCE_COLOR: '1', NO_COLOR: '1' }, false, tty(true))).toBe(false);
  expect(colorEnabled({ FORCE_COLOR: '1' }, true, tty(true))).toBe(false);
});

it("an empty NO_COLOR counts for nothing (any non-empty value turns colour off), asking Node's own tty check (which on Node 20 counts it when set at all)", () => {
  // A terminal deciding as Node's tty.WriteStream does, from the environment it is given.
  const nodeTty = {
    isTTY: true,
    hasColors: (env?: NodeJS.ProcessEnv) => WriteStream.prototype.hasColors.call(WriteStream.prototype, 16, env ?? {}),
  };
  const env = { TERM: 'xterm-256color' };
  expect(colorEnabled({ ...env, NO_COLOR: '' }, false, nodeTty)).toBe(true);
  expect(colorEnabled({ ...env, NO_COLOR: '1' }, false, nodeTty)).toBe(false);
});

it('styles wrap text in ANSI codes that reset only their own attribute, and are the identity without colour', () => {
  const on = makeStyle(true);
  expect(on.red('x')).toBe('\u001b[31mx\u001b[39m');
  expect(on.green('x')).toBe('\u001b[32mx\u001b[39m');
  expect(on.yellow('x')).toBe('\u001b[33mx\u001b[39m');
  expect(on.dim('x')).toBe('\u001b[2mx\u001b[22m');
  const off = makeStyle(false);
  for (const style of [off.red, off.green, off.yellow, off.dim]) expect(style('x')).toBe('x');
});
