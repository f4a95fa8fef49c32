/**
 * Line-at-a-time reading of a piped stdin: the first line may carry the client
 * secret (`--client-secret-stdin`), the next one the pasted redirect. LF, CRLF and a
 * lone CR end a line, as readline reads them. End of input resolves `undefined`, which
 * callers treat as a cancel (exit 130); so does a stream closed or failed under it, whose
 * unfinished last line is dropped rather than handed on cut short.
 * Memory stays bounded: reading pauses while a line waits to be asked for, and a line
 * longer than any redirect or secret (MAX_LINE characters) is a usage error; readline
 * kept any line whole, so `< /dev/zero` ended in a RangeError.
 */
import type { Readable } from 'node:stream';
import { usageError } from '../errors.js';

export interface LineSource {
  next(): Promise<string | undefined>;
  close(): void;
}

/** Characters in one line: an authorization code's redirect is a few thousand. */
export const MAX_LINE = 65_536;

/** A line ends at CRLF, LF or CR. */
const LINE_END = /\r\n|\n|\r/;

export function stdinLines(input: Readable): LineSource {
  const buffered: string[] = [];
  const waiting: Array<{ resolve: (line: string | undefined) => void; reject: (error: Error) => void }> = [];
  let partial = '';
  let ended = false;
  let failure: Error | undefined;
  let started = false;
  /** The last chunk ended in CR: an LF opening the next one is that CRLF's end, not an empty line. */
  let afterCr = false;

  const push = (line: string) => {
    const wake = waiting.shift();
    if (wake) wake.resolve(line);
    else buffered.push(line);
  };
  const onData = (chunk: string) => {
    const text = afterCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    afterCr = text.endsWith('\r');
    const parts = (partial + text).split(LINE_END);
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.length > MAX_LINE) {
        fail();
        return;
      }
      push(line);
    }
    if (partial.length > MAX_LINE) fail();
    // Nobody asked for what is read ahead: no more until somebody does.
    else if (buffered.length) input.pause();
  };
  const stop = () => {
    ended = true;
    input.removeListener('data', onData);
    input.removeListener('end', onEnd);
    input.removeListener('close', onGone);
    input.removeListener('error', onGone);
    input.pause();
  };
  const finish = (last: string) => {
    if (last) push(last);
    partial = '';
    stop();
    for (const wake of waiting.splice(0)) wake.resolve(undefined);
  };
  const onEnd = () => finish(partial);
  const onGone = () => finish('');
  const fail = () => {
    failure = usageError(
      `A line on standard input is longer than ${MAX_LINE.toLocaleString('en-US')} characters: give one value per line (the client secret, then the redirect URL or the code).`,
    );
    partial = '';
    stop();
    // The rest of the input is not wanted: a writer that goes on (`< /dev/zero`, a pipe left open) must not hold the run.
    input.destroy();
    for (const wake of waiting.splice(0)) wake.reject(failure);
  };

  return {
    next() {
      const line = buffered.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (failure) return Promise.reject(failure);
      if (ended) return Promise.resolve(undefined);
      if (!started) {
        started = true;
        input.setEncoding('utf8');
        input.on('data', onData);
        input.on('end', onEnd);
        input.on('close', onGone);
        input.on('error', onGone);
      }
      input.resume();
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close() {
      // Read from, stdin is let go: a writer that keeps its end open must not hold the run.
      if (started && !ended) {
        stop();
        input.destroy();
      }
      ended = true;
    },
  };
}
