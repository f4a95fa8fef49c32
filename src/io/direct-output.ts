/**
 * Output straight to a descriptor, for runs in which nothing but ms-auth's own output
 * writes to stdout and stderr (the fast path's help, version and authorize-url).
 */

/** Where a write goes: a stream, or a descriptor written directly. */
export interface Output {
  /** Never a terminal: terminals get Node's streams. */
  readonly isTTY: false;
  write(text: string): boolean;
}

/**
 * A descriptor that is no terminal (a pipe, a file), written to directly: setting up
 * process.stdout or stderr for a pipe costs a few milliseconds of a short run. Undefined
 * for a terminal (or when it cannot tell), which gets Node's stream. A reader that went
 * away calls `onClosed` (the run ends with 141).
 */
export function directOutput(fd: 1 | 2, onClosed: () => void): Output | undefined {
  // Not `import from 'node:fs'`: that module's ESM face loads Node's streams.
  const { fstatSync, writeSync } = process.getBuiltinModule('node:fs');
  try {
    if (fstatSync(fd).isCharacterDevice()) return undefined;
  } catch {
    return undefined;
  }
  return {
    isTTY: false,
    write(text) {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length;) {
        try {
          at += writeSync(fd, bytes, at);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') {
            onClosed();
            return false;
          }
          if (code !== 'EAGAIN') throw error;
        }
      }
      return true;
    },
  };
}
