/**
 * Symbols the console cannot draw become ASCII: the classic Windows console host and the
 * Linux virtual console; Windows Terminal, VS Code and xterm-likes keep them.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { noTerminalHint, terminalUi, unicodeSupported } from '../../src/io/terminal.js';

function capture(unicode: boolean) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const ui = terminalUi({ stdout, stderr }, false, unicode);
  return { ui, out: () => String(stdout.read() ?? ''), err: () => String(stderr.read() ?? '') };
}

describe('console symbols', () => {
  it('the classic Windows console gets ASCII; Windows Terminal, VS Code and mintty keep symbols', () => {
    expect(unicodeSupported({}, 'win32')).toBe(false);
    expect(unicodeSupported({ WT_SESSION: '1b2c' }, 'win32')).toBe(true);
    expect(unicodeSupported({ TERM_PROGRAM: 'vscode' }, 'win32')).toBe(true);
    expect(unicodeSupported({ TERM: 'xterm-256color' }, 'win32')).toBe(true);
    expect(unicodeSupported({ TERM: 'linux' }, 'linux')).toBe(false);
    expect(unicodeSupported({ TERM: 'xterm-256color' }, 'darwin')).toBe(true);
  });

  it('without symbols, lines and text results use ASCII; a JSON result is left as it is', () => {
    const t = capture(false);
    t.ui.success('Saved profile "p".');
    t.ui.info('Portal → Enterprise applications… ✗ gone');
    expect(t.err()).toBe('+ Saved profile "p".\nPortal -> Enterprise applications... x gone\n');
    t.ui.result('✓ p: ok');
    t.ui.result('{"enc_key":"abcd…"}');
    expect(t.out()).toBe('+ p: ok\n{"enc_key":"abcd…"}\n');
  });

  it('with symbols, nothing changes', () => {
    const t = capture(true);
    t.ui.success('done');
    expect(t.err()).toBe('✓ done\n');
  });
});

describe('no terminal to ask on', () => {
  it('Git Bash / MSYS2 mintty (pipes, no TTY) gets a hint naming winpty and PowerShell', () => {
    expect(noTerminalHint({ MSYSTEM: 'MINGW64' }, false)).toMatch(/winpty npx\.cmd ms-auth[\s\S]*PowerShell/);
    expect(noTerminalHint({ TERM_PROGRAM: 'mintty' }, false)).toBeDefined();
  });

  it('a real terminal, or a pipe elsewhere (CI), gets none', () => {
    expect(noTerminalHint({ MSYSTEM: 'MINGW64' }, true)).toBeUndefined();
    expect(noTerminalHint({}, false)).toBeUndefined();
  });
});
