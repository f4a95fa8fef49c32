/**
 * Ctrl-C outside a prompt (while waiting on Entra, say) ends the run with exit 130
 * and nothing written. The one place that must not be cut in half is the final save
 * of secrets and profile: an interrupt there waits the few milliseconds it takes, so
 * the store is never left with one without the other.
 */
let shieldDepth = 0;
let interruptedWhileShielded = false;
let onInterrupt: (() => void) | undefined;

export function installInterruptHandler(cancel: () => void): void {
  onInterrupt = cancel;
  process.on('SIGINT', () => {
    if (shieldDepth > 0) interruptedWhileShielded = true;
    else cancel();
  });
}

/** True once Ctrl-C arrived during shielded work that has not finished yet. */
export const interruptPending = (): boolean => interruptedWhileShielded;

export async function shielded<T>(work: () => Promise<T>): Promise<T> {
  shieldDepth += 1;
  try {
    return await work();
  } finally {
    shieldDepth -= 1;
    if (shieldDepth === 0 && interruptedWhileShielded) {
      interruptedWhileShielded = false;
      onInterrupt?.();
    }
  }
}
