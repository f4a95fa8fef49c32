/**
 * Line-at-a-time reading of a piped stdin: the first line may carry the client
 * secret (`--client-secret-stdin`), the next one the pasted redirect. End of input
 * resolves `undefined`, which callers treat as a cancel (exit 130). A line longer than
 * any redirect or secret (MAX_LINE) is a usage error rather than memory without bound:
 * readline keeps a line whole however long it grows (`< /dev/zero` ended in a RangeError).
 */
import type { Readable } from 'node:stream';
import { usageError } from '../errors.js';

export interface LineSource {
  next(): Promise<string | undefined>;
  close(): void;
}

/** Characters in one line: an authorization code's redirect is a few kB. */
export const MAX_LINE = 64 * 1024;

export function stdinLines(input: Readable): LineSource {
  const buffered: string[] = [];
  const waiting: Array<{ resolve: (line: string | undefined) => void; reject: (error: Error) => void }> = [];
  let partial = '';
  let ended = false;
  let failure: Error | undefined;
  let started = false;

  const push = (line: string) => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    const wake = waiting.shift();
    if (wake) wake.resolve(text);
    else buffered.push(text);
  };
  const onData = (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.length > MAX_LINE) {
        fail();
        return;
      }
      push(line);
    }
    if (partial.length > MAX_LINE) fail();
  };
  const stop = () => {
    input.removeListener('data', onData);
    input.removeListener('end', onEnd);
    input.pause();
  };
  const onEnd = () => {
    if (partial) push(partial);
    partial = '';
    ended = true;
    stop();
    for (const wake of waiting.splice(0)) wake.resolve(undefined);
  };
  const fail = () => {
    failure = usageError(
      `A line on standard input is longer than ${MAX_LINE / 1024} KiB: give one value per line (the client secret, then the redirect URL or the code).`,
    );
    partial = '';
    ended = true;
    stop();
    // The rest of the input is not wanted: a writer that goes on (`< /dev/zero`, a pipe left open) must not hold the run.
    input.destroy();
    for (const wake of waiting.splice(0)) wake.reject(failure);
  };

  return {
    next() {
      if (!started) {
        started = true;
        input.setEncoding('utf8');
        input.on('data', onData);
        input.on('end', onEnd);
      }
      const line = buffered.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (failure) return Promise.reject(failure);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close() {
      if (started && !ended) stop();
    },
  };
}
