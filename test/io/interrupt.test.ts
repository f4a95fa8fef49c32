import { afterEach, describe, expect, it, vi } from 'vitest';
import { installInterruptHandler, onCancel } from '../../src/io/interrupt.js';

afterEach(() => void process.removeAllListeners('SIGINT'));

describe('onCancel()', () => {
  it('Ctrl-C runs the registered clean-ups before the run is cancelled', async () => {
    const order: string[] = [];
    const cancelled = new Promise<void>((resolve) => installInterruptHandler(() => (order.push('cancel'), resolve())));
    onCancel(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('cleanup');
    });
    process.emit('SIGINT', 'SIGINT');
    await cancelled;
    expect(order).toEqual(['cleanup', 'cancel']);
  });

  it('a removed clean-up does not run; without clean-ups the cancel is immediate', () => {
    const cancel = vi.fn();
    installInterruptHandler(cancel);
    const cleanup = vi.fn(async () => undefined);
    onCancel(cleanup)();
    process.emit('SIGINT', 'SIGINT');
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(cleanup).not.toHaveBeenCalled();
  });
});
