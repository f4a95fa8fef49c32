/** Colour decisions and the four styles, without a colour library. */
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

it("an empty NO_COLOR counts for nothing (any non-empty value turns colour off), also with a terminal check that counts NO_COLOR when set at all (as Node 20's does)", () => {
  const strictTty = { isTTY: true, hasColors: (env?: NodeJS.ProcessEnv) => !('NO_COLOR' in (env ?? {})) };
  expect(colorEnabled({ NO_COLOR: '' }, false, strictTty)).toBe(true);
  expect(colorEnabled({ NO_COLOR: '1' }, false, strictTty)).toBe(false);
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
