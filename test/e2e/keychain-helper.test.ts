/**
 * The built keychain helper as ms-auth starts it: it outlives a Ctrl-C delivered to the
 * whole console (Windows has no separate process group for it), so a save can finish or
 * roll back; it ends when ms-auth goes away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helperSpawnOptions } from '../../src/io/secret-store.js';
import { KEYCHAIN_HELPER, ROOT, baseEnv, tempDir, type TempDir } from './harness.js';

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => dir?.remove());

function startHelper(): { child: ChildProcess; next(): Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, [KEYCHAIN_HELPER], {
    ...helperSpawnOptions(process.platform),
    env: baseEnv({
      MS_AUTH_KEYCHAIN_DOUBLE: join(ROOT, 'test/keychain-double/keychain-double.mjs'),
      MS_AUTH_KEYCHAIN_DOUBLE_DIR: dir.path,
      MS_AUTH_KEYCHAIN_DOUBLE_PLATFORM: 'win32',
    }),
  });
  const queue: Array<Record<string, unknown>> = [];
  const waiting: Array<(m: Record<string, unknown>) => void> = [];
  child.on('message', (m: Record<string, unknown>) => (waiting.shift() ?? ((x) => queue.push(x)))(m));
  return {
    child,
    next: () => new Promise((resolve) => (queue.length ? resolve(queue.shift() as Record<string, unknown>) : waiting.push(resolve))),
  };
}

describe('keychain helper process', () => {
  it('says it is ready with the entry size of its keychain (the Windows double: 1,280)', async () => {
    const helper = startHelper();
    try {
      expect(await helper.next()).toEqual({ ready: true, partSize: 1280, backend: 'double' });
    } finally {
      helper.child.kill('SIGKILL');
    }
  });

  it('ignores Ctrl-C and still answers; exits once ms-auth disconnects', async () => {
    const helper = startHelper();
    await helper.next();
    helper.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    expect(helper.child.exitCode).toBeNull();
    helper.child.send({ id: 1, op: 'set', service: 'ms-auth', account: 'p:client-secret', value: 'kept' });
    expect(await helper.next()).toEqual({ id: 1, ok: true });
    const exited = new Promise((resolve) => helper.child.once('exit', (code) => resolve(code)));
    helper.child.disconnect();
    expect(await exited).toBe(0);
  });

  it('answers calls sent at once one after another (the double fails overlapping calls, as gnome-keyring aborts on them)', async () => {
    const helper = startHelper();
    try {
      await helper.next();
      for (let id = 1; id <= 4; id++)
        helper.child.send({ id, op: 'set', service: 'ms-auth', account: `p${id}:client-secret`, value: `v${id}` });
      helper.child.send({ id: 5, op: 'get', service: 'ms-auth', account: 'p3:client-secret' });
      const replies = [];
      for (let n = 0; n < 5; n++) replies.push(await helper.next());
      expect(replies).toEqual([
        { id: 1, ok: true },
        { id: 2, ok: true },
        { id: 3, ok: true },
        { id: 4, ok: true },
        { id: 5, ok: true, value: 'v3' },
      ]);
    } finally {
      helper.child.kill('SIGKILL');
    }
  });

  it('tries a call once more when the keychain daemon vanished during it', async () => {
    const helper = startHelper();
    try {
      await helper.next();
      helper.child.send({ id: 1, op: 'set', service: 'ms-auth', account: 'q:client-secret', value: 'kept' });
      expect(await helper.next()).toEqual({ id: 1, ok: true });
      writeFileSync(join(dir.path, 'vanish'), '');
      helper.child.send({ id: 2, op: 'get', service: 'ms-auth', account: 'q:client-secret' });
      expect(await helper.next()).toEqual({ id: 2, ok: true, value: 'kept' });
      expect(existsSync(join(dir.path, 'vanish'))).toBe(false);
    } finally {
      helper.child.kill('SIGKILL');
    }
  });

  it('does not try a delete again when the daemon vanished during it (it may have been done)', async () => {
    const helper = startHelper();
    try {
      await helper.next();
      helper.child.send({ id: 1, op: 'set', service: 'ms-auth', account: 'd:client-secret', value: 'kept' });
      expect(await helper.next()).toEqual({ id: 1, ok: true });
      writeFileSync(join(dir.path, 'vanish'), '');
      helper.child.send({ id: 2, op: 'delete', service: 'ms-auth', account: 'd:client-secret' });
      expect(await helper.next()).toMatchObject({ id: 2, ok: false, message: expect.stringMatching(/disconnected from message bus/) });
    } finally {
      helper.child.kill('SIGKILL');
    }
  });
});
