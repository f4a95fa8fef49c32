/**
 * saveProfile() and forgetProfile(): never a profile without its secrets or secrets
 * without a profile, whatever fails, and Ctrl-C during the save undoes it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetProfile, saveProfile } from '../../src/io/persist.js';
import { installInterruptHandler } from '../../src/io/interrupt.js';
import type { Profile } from '../../src/core/profile.js';
import { memoryStore } from '../fakes.js';

const profile: Profile = {
  method: 'self-deployed',
  integration: null,
  flow: 'auth-code',
  cloud: 'worldwide',
  tenantId: 't',
  clientId: 'c',
  redirectUri: 'https://localhost/myapp',
  scopes: ['User.Read'],
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:00.000Z',
};
let dir: string;
const config = async () =>
  JSON.parse(await readFile(join(dir, 'config.json'), 'utf8').catch(() => '{"profiles":{}}')) as { profiles: Record<string, Profile> };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ms-auth-persist-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('saveProfile()', () => {
  it('stores secrets and profile, and clears what an earlier --insecure-storage run left', async () => {
    const store = memoryStore();
    const leftovers = memoryStore({ 'p1:client-secret': 'old-plaintext', 'p2:client-secret': 'other-profile' });
    await saveProfile(dir, store, 'p1', profile, { 'client-secret': 's1', 'refresh-token': 'r1' }, leftovers);
    expect(Object.fromEntries(store.items)).toEqual({ 'p1:client-secret': 's1', 'p1:refresh-token': 'r1' });
    expect((await config()).profiles['p1']).toEqual(profile);
    expect(Object.fromEntries(leftovers.items)).toEqual({ 'p2:client-secret': 'other-profile' });
  });

  it('a config write that fails puts every secret back as it was', async () => {
    const store = memoryStore({ 'p1:client-secret': 'before', 'p1:xsoar-key': 'stale' });
    const blocked = join(dir, 'file');
    await (await import('node:fs/promises')).writeFile(blocked, 'not a directory');
    await expect(saveProfile(join(blocked, 'sub'), store, 'p1', profile, { 'client-secret': 'after' })).rejects.toThrow();
    expect(Object.fromEntries(store.items)).toEqual({ 'p1:client-secret': 'before', 'p1:xsoar-key': 'stale' });
  });

  it('Ctrl-C during the save waits for it, undoes it, then cancels', async () => {
    const cancel = vi.fn();
    installInterruptHandler(cancel);
    const store = memoryStore({ 'p1:client-secret': 'before' });
    const set = store.set;
    store.set = async (...args) => {
      process.emit('SIGINT', 'SIGINT');
      await new Promise((r) => setTimeout(r, 20));
      return set(...args);
    };
    await saveProfile(dir, store, 'p1', profile, { 'client-secret': 'after' });
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(Object.fromEntries(store.items)).toEqual({ 'p1:client-secret': 'before' });
    expect((await config()).profiles['p1']).toBeUndefined();
    process.removeAllListeners('SIGINT');
  });
});

describe('forgetProfile()', () => {
  it('removes the profile and all its secrets, in both stores, and leaves other profiles alone', async () => {
    const store = memoryStore();
    await saveProfile(dir, store, 'p1', profile, { 'client-secret': 's1', 'refresh-token': 'r1' });
    await saveProfile(dir, store, 'p2', profile, { 'client-secret': 's2' });
    const leftovers = memoryStore({ 'p1:xsoar-token': 'plaintext' });
    expect(await forgetProfile(dir, store, 'p1', leftovers)).toEqual(['client-secret', 'refresh-token']);
    expect(Object.fromEntries(store.items)).toEqual({ 'p2:client-secret': 's2' });
    expect(Object.keys((await config()).profiles)).toEqual(['p2']);
    expect(leftovers.items.size).toBe(0);
  });
});
