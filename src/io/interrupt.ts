/**
 * Ctrl-C outside a prompt (while waiting on Entra, say) ends the run with exit 130
 * and nothing written. The one place that must not be cut in half is the final save
 * of secrets and profile: an interrupt there waits the few milliseconds it takes, so
 * the store is never left with one without the other.
 */
let shieldDepth = 0;
let interruptedWhileShielded = false;
let onInterrupt: (() => void) | undefined;
const cleanups = new Set<() => Promise<void>>();

/** How long Ctrl-C waits for clean-ups (undoing a remote change) before the run ends anyway. */
const CLEANUP_MS = 10_000;

async function cleanUpThen(cancel: () => void): Promise<void> {
  if (cleanups.size === 0) return cancel();
  const pending = [...cleanups].map((cleanup) => cleanup().catch(() => undefined));
  cleanups.clear();
  await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, CLEANUP_MS).unref())]);
  cancel();
}

export function installInterruptHandler(cancel: () => void): void {
  onInterrupt = () => void cleanUpThen(cancel);
  process.on('SIGINT', () => {
    if (shieldDepth > 0) interruptedWhileShielded = true;
    else onInterrupt?.();
  });
}

/**
 * Work to undo if Ctrl-C ends the run now (an XSOAR instance this run created); runs
 * before the run exits. Returns the function that removes it once the work is kept.
 */
export function onCancel(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => void cleanups.delete(cleanup);
}

/** True once Ctrl-C arrived during shielded work that has not finished yet. */
export const interruptPending = (): boolean => interruptedWhileShielded;

let quietExit: number | undefined;

/** Ends the run without a word (its output has nowhere to go), once no shielded work is under way. */
export function endQuietly(code: number): void {
  if (shieldDepth > 0) quietExit ??= code;
  else process.exit(code);
}

export async function shielded<T>(work: () => Promise<T>): Promise<T> {
  shieldDepth += 1;
  try {
    return await work();
  } finally {
    shieldDepth -= 1;
    if (shieldDepth === 0 && quietExit !== undefined) process.exit(quietExit);
    if (shieldDepth === 0 && interruptedWhileShielded) {
      interruptedWhileShielded = false;
      onInterrupt?.();
    }
  }
}
