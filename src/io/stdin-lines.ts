/**
 * Line-at-a-time reading of a piped stdin: the first line may carry the client
 * secret (`--client-secret-stdin`), the next one the pasted redirect. End of input
 * resolves `undefined`, which callers treat as a cancel (exit 130).
 */
import { createInterface } from 'node:readline';

export interface LineSource {
  next(): Promise<string | undefined>;
  close(): void;
}

export function stdinLines(input: NodeJS.ReadableStream): LineSource {
  const buffered: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let ended = false;
  let reader: ReturnType<typeof createInterface> | undefined;
  const start = () => {
    reader = createInterface({ input, crlfDelay: Infinity, terminal: false });
    reader.on('line', (line) => {
      const wake = waiting.shift();
      if (wake) wake(line);
      else buffered.push(line);
    });
    reader.on('close', () => {
      ended = true;
      for (const wake of waiting.splice(0)) wake(undefined);
    });
  };
  return {
    next() {
      if (!reader) start();
      const line = buffered.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      reader?.close();
    },
  };
}
