/**
 * The keychain helper across restarts: a helper that stops (a timeout kills it, the
 * keychain daemon takes it down) is started again on the next call, and ms-auth still
 * holds one process 'exit' listener for it, which kills whichever helper is current.
 * The helper is a fake child process that answers one call and then stops.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openKeychain } from '../../src/io/secret-store.js';

interface FakeHelper extends EventEmitter {
  killed: string | undefined;
  kill(signal: string): boolean;
  unref(): void;
  send(message: { id: number }): boolean;
  channel: { unref(): void };
}

const helpers: FakeHelper[] = [];
// Off: a helper keeps the call waiting, as one behind an open keychain dialog does.
let answering = true;

vi.mock('node:child_process', async (original) => ({
  ...(await original<typeof import('node:child_process')>()),
  spawn: () => {
    const helper = Object.assign(new EventEmitter(), {
      killed: undefined as string | undefined,
      kill(signal: string) {
        helper.killed = signal;
        setImmediate(() => helper.emit('exit', null, signal));
        return true;
      },
      unref: () => undefined,
      channel: { unref: () => undefined },
      // Answers the call (no such entry), then stops, as a helper taken down by its keychain does.
      send(message: { id: number }) {
        if (!answering) return true;
        setImmediate(() => {
          helper.emit('message', { id: message.id, ok: true, value: null });
          helper.emit('exit', 1, null);
        });
        return true;
      },
    });
    setImmediate(() => helper.emit('message', { ready: true, partSize: 1280, backend: 'os' }));
    helpers.push(helper);
    return helper;
  },
}));

const added: NodeJS.ExitListener[] = [];
afterEach(() => {
  for (const listener of added.splice(0)) process.removeListener('exit', listener);
  helpers.splice(0);
  answering = true;
});

describe('keychain helper restarts', () => {
  it('five helpers started one after another leave one process exit listener, which kills the current helper', async () => {
    const before = process.listeners('exit');
    const store = openKeychain({ timeouts: { startupMs: 5_000, callMs: 5_000 } });
    for (let i = 0; i < 5; i++) expect(await store.get(`restart-${i}`, 'client-secret')).toBeUndefined();
    expect(helpers).toHaveLength(5);
    const mine = process.listeners('exit').filter((listener) => !before.includes(listener));
    added.push(...mine);
    expect(process.listenerCount('exit')).toBe(before.length + 1);
    // A sixth helper is still busy when ms-auth exits: the listener kills it, and only it.
    answering = false;
    const sixth = store.get('restart-5', 'client-secret');
    await vi.waitFor(() => expect(helpers).toHaveLength(6));
    mine[0]?.(0);
    expect(helpers.map((helper) => helper.killed)).toEqual([undefined, undefined, undefined, undefined, undefined, 'SIGKILL']);
    await expect(sixth).rejects.toThrow(/the keychain helper stopped/);
  });
});
