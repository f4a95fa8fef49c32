/**
 * Secrets of any length over a keychain with Windows Credential Manager's rules (at most
 * 2,560 bytes of UTF-16 per entry, target names compared without case), modelled in
 * memory: split into numbered entries, read back and deleted as one, a failed write
 * rolled back; and the helper's time limits and spawn options.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import {
  helperSpawnOptions,
  keychainTimeouts,
  partName,
  partedHeads,
  partedKeychain,
  splitValue,
  type NativeKeychain,
} from '../../src/io/secret-store.js';

const WINDOWS_PART = 1280;

/** Credential Manager in memory; `failOn` makes one set fail once, as a keychain can mid-way. */
function credentialManager() {
  const items = new Map<string, string>();
  let failOn: string | undefined;
  const native: NativeKeychain & { items: Map<string, string>; failNext(name: string): void } = {
    items,
    failNext: (name) => void (failOn = name.toLowerCase()),
    get: async (name) => items.get(name.toLowerCase()),
    set: async (name, value) => {
      if (Buffer.byteLength(value, 'utf16le') > 2560) throw new Error("Attribute 'password' is longer than platform limit of 2560 chars");
      if (failOn === name.toLowerCase()) {
        failOn = undefined;
        throw new Error('Access is denied.');
      }
      items.set(name.toLowerCase(), value);
    },
    delete: async (name) => items.delete(name.toLowerCase()),
  };
  return native;
}

/** A PEM-like value of `length` characters. */
const pem = (length: number, seed = 'A'): string => `-----BEGIN PRIVATE KEY-----\n${seed.repeat(length)}`.slice(0, length);

describe('secrets longer than one keychain entry', () => {
  it('an RSA-2048 key (1,704 characters) is split into entries Credential Manager accepts and read back whole', async () => {
    const native = credentialManager();
    const store = partedKeychain(native, WINDOWS_PART);
    const key = pem(1704);
    await store.set('p:certificate-key', key);
    expect(await store.get('p:certificate-key')).toBe(key);
    expect([...native.items.keys()].sort()).toEqual(['p:certificate-key', 'p:certificate-key#1', 'p:certificate-key#2']);
    for (const value of native.items.values()) expect(Buffer.byteLength(value, 'utf16le')).toBeLessThanOrEqual(2560);
  });

  it('a value of exactly one entry stays in one entry', async () => {
    const native = credentialManager();
    const store = partedKeychain(native, WINDOWS_PART);
    await store.set('p:refresh-token', 'x'.repeat(WINDOWS_PART));
    expect([...native.items.keys()]).toEqual(['p:refresh-token']);
  });

  it('characters outside the BMP are never cut in half', () => {
    const value = `${'a'.repeat(1279)}😀${'b'.repeat(10)}`;
    const parts = splitValue(value, WINDOWS_PART);
    expect(parts.join('')).toBe(value);
    expect(parts[0]).toBe('a'.repeat(1279));
    expect(parts.every((p) => p.length <= WINDOWS_PART && !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it('a value that looks like the manifest is stored and read back as itself', async () => {
    const store = partedKeychain(credentialManager(), WINDOWS_PART);
    await store.set('p:client-secret', 'ms-auth:parts:v1:3:abc');
    expect(await store.get('p:client-secret')).toBe('ms-auth:parts:v1:3:abc');
  });

  it('a shorter value replacing a split one leaves no part behind; delete removes every part', async () => {
    const native = credentialManager();
    const store = partedKeychain(native, WINDOWS_PART);
    await store.set('p:certificate-key', pem(3300));
    expect(native.items.size).toBe(4);
    await store.set('p:certificate-key', 'short');
    expect([...native.items.keys()]).toEqual(['p:certificate-key']);
    await store.set('p:certificate-key', pem(3300));
    expect(await store.delete('p:certificate-key')).toBe(true);
    expect(native.items.size).toBe(0);
  });

  it('delete also removes parts an interrupted run left above the ones it knows', async () => {
    const native = credentialManager();
    const store = partedKeychain(native, WINDOWS_PART);
    await store.set('p:refresh-token', pem(2000));
    native.items.set(partName('p:refresh-token', 3), 'left over');
    native.items.set(partName('p:refresh-token', 4), 'left over');
    await store.delete('p:refresh-token');
    expect(native.items.size).toBe(0);
  });

  it('a write that fails half-way is rolled back to the value before it', async () => {
    const native = credentialManager();
    const store = partedKeychain(native, WINDOWS_PART);
    await store.set('p:certificate-key', 'the old key');
    native.failNext(partName('p:certificate-key', 2));
    await expect(store.set('p:certificate-key', pem(2600))).rejects.toThrow('Access is denied.');
    expect([...native.items.entries()]).toEqual([['p:certificate-key', 'the old key']]);

    const old = pem(2000, 'O');
    await store.set('p:certificate-key', old);
    native.failNext('p:certificate-key');
    await expect(store.set('p:certificate-key', pem(3000, 'N'))).rejects.toThrow('Access is denied.');
    expect(await store.get('p:certificate-key')).toBe(old);
    expect(native.items.size).toBe(3);
  });

  it('a write that fails on a new secret leaves nothing', async () => {
    const native = credentialManager();
    const store = partedKeychain(native, WINDOWS_PART);
    native.failNext('p:refresh-token');
    await expect(store.set('p:refresh-token', pem(2000))).rejects.toThrow();
    expect(native.items.size).toBe(0);
  });

  it('a missing or changed part is reported as a damaged entry, and a new write replaces it', async () => {
    const native = credentialManager();
    const store = partedKeychain(native, WINDOWS_PART);
    await store.set('p:certificate-key', pem(2000));
    native.items.set('p:certificate-key#2', 'tampered');
    const error = await store.get('p:certificate-key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ kind: 'store', code: 'keychain_item_damaged' });
    expect((error as Error).message).not.toMatch(/unavailable|locked/);
    await store.set('p:certificate-key', 'fresh');
    expect([...native.items.entries()]).toEqual([['p:certificate-key', 'fresh']]);
  });
});

describe('keychain helper limits', () => {
  it('a call waits two minutes at a terminal, ten seconds otherwise; start-up has its own ten seconds', () => {
    expect(keychainTimeouts({}, true)).toEqual({ startupMs: 10_000, callMs: 120_000 });
    expect(keychainTimeouts({}, false)).toEqual({ startupMs: 10_000, callMs: 10_000 });
  });

  it('MS_AUTH_KEYCHAIN_TIMEOUT sets the call limit; a bad value is a usage error naming it', () => {
    expect(keychainTimeouts({ MS_AUTH_KEYCHAIN_TIMEOUT: '45' }, false)).toEqual({ startupMs: 10_000, callMs: 45_000 });
    expect(() => keychainTimeouts({ MS_AUTH_KEYCHAIN_TIMEOUT: 'soon' }, true)).toThrow(
      /MS_AUTH_KEYCHAIN_TIMEOUT takes a number of seconds/,
    );
  });

  it('the helper opens no console window on Windows and has its own process group elsewhere', () => {
    expect(helperSpawnOptions('win32')).toMatchObject({ windowsHide: true, detached: false });
    expect(helperSpawnOptions('darwin')).toMatchObject({ windowsHide: true, detached: true });
  });
});

describe('entries with parts, as a presence-only bulk read sees them', () => {
  it('every account with a part left is one to read whole, whichever parts are left; plain accounts are not', () => {
    expect(
      [
        ...partedHeads([
          'p:client-secret',
          'q:client-secret#1',
          'q:client-secret',
          'r:certificate-key#2',
          'xsoar-api-key:https://x.example',
        ]),
      ].sort(),
    ).toEqual(['q:client-secret', 'r:certificate-key']);
  });
});
