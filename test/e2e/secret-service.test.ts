/**
 * The Secret Service bulk read (src/io/secret-service.ts) against the suite's real
 * gnome-keyring: it finds what @napi-rs/keyring wrote and finds, secrets decrypted from
 * the negotiated session byte for byte, or the accounts alone; and it hands a locked
 * keyring back to the library.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { afterAll, describe, expect, it } from 'vitest';
import { findAccounts, findSecrets } from '../../src/io/secret-service.js';
import { privateKeyring, requireSecretService } from './harness.js';

const exec = promisify(execFile);
// A service of this file's own, so other files' entries never mix in.
const SERVICE = `ms-auth-bulk-${process.pid}`;
const entry = (service: string, account: string) => new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
const written: Array<[string, string]> = [];

afterAll(async () => {
  for (const [account] of written) await entry(SERVICE, account).deleteCredential();
  await entry(`${SERVICE}-other`, 'elsewhere').deleteCredential();
});

const sorted = (pairs: Array<[string, string]>) => [...pairs].sort(([a], [b]) => a.localeCompare(b));

describe('Secret Service bulk read', () => {
  it('finds nothing for a service with no entries', async () => {
    requireSecretService();
    expect(await findSecrets(SERVICE, process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '', 10_000)).toEqual([]);
    expect(await findAccounts(SERVICE, process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '', 10_000)).toEqual([]);
  });

  it("returns every entry of the service, as the library's search does, and only those, after saying it has asked for them", async () => {
    requireSecretService();
    const secrets = [
      'a',
      'exactly-16-bytes',
      'välue with ünïcode ✓ and 🔑',
      'x'.repeat(8192),
      '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
    ];
    for (let i = 0; i < 60; i++) {
      const pair: [string, string] = [
        `customer-${i}:${i % 2 ? 'refresh-token' : 'client-secret'}`,
        secrets[i % secrets.length] + String(i),
      ];
      written.push(pair);
      // One at a time: gnome-keyring aborts on sessions opened at once.
      await entry(SERVICE, pair[0]).setPassword(pair[1]);
    }
    await entry(`${SERVICE}-other`, 'elsewhere').setPassword('not this service');
    const order: string[] = [];
    const found = await findSecrets(SERVICE, process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '', 10_000, () => order.push('asked')).then(
      (pairs) => (order.push('found'), pairs),
    );
    expect(order).toEqual(['asked', 'found']);
    expect(sorted(found ?? [])).toEqual(sorted(written));
    const library = (await findCredentialsAsync(SERVICE)).map(({ account, password }): [string, string] => [account, password]);
    expect(sorted(found ?? [])).toEqual(sorted(library));
  });

  it('finds the accounts of the same entries without their secrets, after saying it has asked for them', async () => {
    requireSecretService();
    expect(written.length).toBeGreaterThan(0);
    const order: string[] = [];
    const accounts = await findAccounts(SERVICE, process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '', 10_000, () => order.push('asked')).then(
      (found) => (order.push('found'), found),
    );
    expect(order).toEqual(['asked', 'found']);
    expect([...(accounts ?? [])].sort()).toEqual(written.map(([account]) => account).sort());
  });

  it('answers undefined when the items are locked (secrets or accounts alone), so the library can ask to unlock them', async () => {
    requireSecretService();
    // A keyring of its own on a private bus: locking the suite's would stop the other files.
    const keyring = await privateKeyring('pw');
    try {
      const store = spawn('secret-tool', ['store', '--label', 'locked', 'service', SERVICE, 'username', 'p:client-secret'], {
        env: keyring.env,
      });
      store.stdin.end('kept');
      await new Promise((resolve) => store.once('exit', resolve));
      expect(await findSecrets(SERVICE, keyring.address, 10_000)).toEqual([['p:client-secret', 'kept']]);
      expect(await findAccounts(SERVICE, keyring.address, 10_000)).toEqual(['p:client-secret']);
      await exec(
        'gdbus',
        [
          'call',
          '--session',
          '--dest',
          'org.freedesktop.secrets',
          '--object-path',
          '/org/freedesktop/secrets',
          '--method',
          'org.freedesktop.Secret.Service.Lock',
          "['/org/freedesktop/secrets/collection/login']",
        ],
        { env: keyring.env },
      );
      expect(await findSecrets(SERVICE, keyring.address, 10_000)).toBeUndefined();
      expect(await findAccounts(SERVICE, keyring.address, 10_000)).toBeUndefined();
    } finally {
      await keyring.stop();
    }
  });
});
