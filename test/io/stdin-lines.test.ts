/**
 * Piped stdin, a line at a time: LF, CRLF or a lone CR, split anywhere across chunks
 * (a multi-byte character too), a last line without its newline, the end of input (or a
 * stream closed or failed under it) as undefined, reading paused while a line waits, and
 * a line longer than any secret or redirect refused as a usage error.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_LINE, stdinLines } from '../../src/io/stdin-lines.js';

/** A reader over a stream the test writes, its first line already asked for. */
const reading = () => {
  const input = new PassThrough();
  const lines = stdinLines(input);
  return { input, lines, first: lines.next() };
};

const readAll = async (lines: ReturnType<typeof stdinLines>): Promise<Array<string | undefined>> => {
  const out: Array<string | undefined> = [];
  for (let line = await lines.next(); ; line = await lines.next()) {
    out.push(line);
    if (line === undefined) return out;
  }
};

describe('stdinLines()', () => {
  it('LF, CRLF and lone CR lines, split across chunks (a CRLF and a multi-byte character too), then the last line without a newline, then undefined', async () => {
    const input = new PassThrough();
    const lines = stdinLines(input);
    const all = readAll(lines);
    const euro = Buffer.from('€', 'utf8');
    input.write('sec');
    input.write('ret\r');
    input.write('\nsame\rsa');
    input.write(Buffer.concat([Buffer.from('me'), euro.subarray(0, 1)]));
    input.write(Buffer.concat([euro.subarray(1), Buffer.from('\nhttps://localhost/myapp?code=abc')]));
    input.end('&state=xyz\r');
    expect(await all).toEqual(['secret', 'same', 'same€', 'https://localhost/myapp?code=abc&state=xyz', undefined]);
  });

  it('reading pauses while a line read ahead waits to be asked for, and goes on when it is', async () => {
    const { input, lines, first } = reading();
    input.write('one\ntwo\n');
    expect(await first).toBe('one');
    expect(input.isPaused()).toBe(true);
    expect(await lines.next()).toBe('two');
    const third = lines.next();
    expect(input.isPaused()).toBe(false);
    input.end('three\n');
    expect(await third).toBe('three');
  });

  it('a line ended by a lone CR comes at once, not when more input arrives; an LF after it in the next chunk ends nothing more', async () => {
    const { input, lines, first } = reading();
    input.write('secret\r');
    expect(await first).toBe('secret');
    const second = lines.next();
    input.write('\n\nafter-empty\n');
    expect(await second).toBe('');
    expect(await lines.next()).toBe('after-empty');
  });

  it('a stream closed or failed without an end resolves undefined rather than never, and its unfinished line is dropped, not handed on cut short', async () => {
    const closed = new PassThrough();
    const waiting = stdinLines(closed).next();
    closed.destroy();
    expect(await waiting).toBeUndefined();
    const failed = new PassThrough();
    const lines = stdinLines(failed);
    const first = lines.next();
    failed.write('secret\nhttps://localhost/cb?code=abc&sta');
    expect(await first).toBe('secret');
    const cut = lines.next();
    failed.destroy(new Error('EIO'));
    expect(await cut).toBeUndefined();
  });

  it('next() after close() with nothing read resolves undefined and does not start reading stdin', async () => {
    const input = new PassThrough();
    const lines = stdinLines(input);
    lines.close();
    expect(await lines.next()).toBeUndefined();
    expect(input.listenerCount('data')).toBe(0);
    expect(input.readableFlowing).toBeNull();
  });

  it('close() after reading lets stdin go (destroyed), so a writer that keeps its end open does not hold the run', async () => {
    const { input, lines, first } = reading();
    input.write('secret\nmore\n');
    expect(await first).toBe('secret');
    lines.close();
    expect(input.destroyed).toBe(true);
    expect(await lines.next()).toBe('more');
    expect(await lines.next()).toBeUndefined();
  });

  it('a line past MAX_LINE without a newline (as `< /dev/zero` gives) is a usage error, and stdin is let go (a writer that goes on must not hold the run)', async () => {
    const input = new PassThrough();
    const lines = stdinLines(input);
    const waiting = lines.next();
    input.write('\0'.repeat(MAX_LINE));
    input.write('\0');
    await expect(waiting).rejects.toMatchObject({ kind: 'usage', message: expect.stringContaining('longer than 65,536 characters') });
    await expect(lines.next()).rejects.toMatchObject({ kind: 'usage' });
    expect(input.listenerCount('data')).toBe(0);
    expect(input.destroyed).toBe(true);
  });

  it('lines read before a too-long one still come first', async () => {
    const { input, lines, first } = reading();
    input.write(`secret\n${'x'.repeat(MAX_LINE + 1)}\n`);
    expect(await first).toBe('secret');
    await expect(lines.next()).rejects.toMatchObject({ kind: 'usage' });
  });
});
