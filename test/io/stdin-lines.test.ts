/**
 * Piped stdin, a line at a time: CRLF or LF, a last line without its newline, the end
 * of input as undefined, and a line longer than any secret or redirect refused as a
 * usage error instead of growing without bound.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_LINE, stdinLines } from '../../src/io/stdin-lines.js';

describe('stdinLines()', () => {
  it('gives LF and CRLF lines in order, split across chunks, then the last line without a newline, then undefined', async () => {
    const input = new PassThrough();
    const lines = stdinLines(input);
    const first = lines.next();
    input.write('sec');
    input.write('ret\r\nsame\nsa');
    input.write('me\nhttps://localhost/myapp?code=abc');
    input.end('&state=xyz');
    expect(await first).toBe('secret');
    expect(await lines.next()).toBe('same');
    expect(await lines.next()).toBe('same');
    expect(await lines.next()).toBe('https://localhost/myapp?code=abc&state=xyz');
    expect(await lines.next()).toBeUndefined();
  });

  it('a line past MAX_LINE without a newline (as `< /dev/zero` gives) is a usage error, and stdin is let go (a writer that goes on must not hold the run)', async () => {
    const input = new PassThrough();
    const lines = stdinLines(input);
    const waiting = lines.next();
    input.write('\0'.repeat(MAX_LINE));
    input.write('\0');
    await expect(waiting).rejects.toMatchObject({ kind: 'usage', message: expect.stringContaining('longer than 64 KiB') });
    await expect(lines.next()).rejects.toMatchObject({ kind: 'usage' });
    expect(input.listenerCount('data')).toBe(0);
    expect(input.destroyed).toBe(true);
  });

  it('lines read before a too-long one still come first', async () => {
    const input = new PassThrough();
    const lines = stdinLines(input);
    const first = lines.next();
    input.write(`secret\n${'x'.repeat(MAX_LINE + 1)}\n`);
    expect(await first).toBe('secret');
    await expect(lines.next()).rejects.toMatchObject({ kind: 'usage' });
  });
});
