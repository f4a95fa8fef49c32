/**
 * Every entry of a service in the Secret Service (Linux), read in bulk for commands
 * that read many profiles. @napi-rs/keyring's search answers the same, but with a
 * D-Bus round trip or two per entry (0.9 s for 500 profiles); here one connection
 * sends one search, one GetSecrets for all the items found, and the items' attribute
 * reads without waiting for each other.
 *
 * Secrets cross the bus encrypted, in the session libsecret negotiates
 * (dh-ietf1024-sha256-aes128-cbc-pkcs7). The search comes before the session, so the
 * keyring daemon knows this client before it negotiates (gnome-keyring aborts on a
 * session opened by a client it has not registered yet: GNOME gnome-keyring#196).
 *
 * Answers undefined when some item is locked: the library then unlocks (it can prompt).
 */
import { createDecipheriv, getDiffieHellman, hkdfSync } from 'node:crypto';
import { openBus, type Bus, type Value } from './dbus.js';

const SECRETS = { destination: 'org.freedesktop.secrets', interface: 'org.freedesktop.Secret.Service', path: '/org/freedesktop/secrets' };
const ALGORITHM = 'dh-ietf1024-sha256-aes128-cbc-pkcs7';

/** `[account, secret]` for every item whose `service` attribute is `service`; undefined when one is locked. */
export async function findSecrets(service: string, address: string): Promise<Array<[string, string]> | undefined> {
  const bus = await openBus(address);
  try {
    return await read(bus, service);
  } finally {
    bus.close();
  }
}

async function read(bus: Bus, service: string): Promise<Array<[string, string]> | undefined> {
  const [unlocked, locked] = (await bus.call({
    ...SECRETS,
    member: 'SearchItems',
    signature: 'a{ss}',
    body: [[['service', service]]],
  })) as [string[], string[]];
  if (locked.length) return undefined;
  if (!unlocked.length) return [];

  // The IETF 1024-bit MODP group (RFC 2409's second Oakley group), generator 2.
  const dh = getDiffieHellman('modp2');
  const [output, session] = (await bus.call({
    ...SECRETS,
    member: 'OpenSession',
    signature: 'sv',
    body: [ALGORITHM, ['ay', dh.generateKeys()]],
  })) as [[string, Buffer], string];
  const shared = dh.computeSecret(output[1]);
  // The shared secret is padded to the prime's length before the key is derived (as libsecret does).
  const ikm = Buffer.concat([Buffer.alloc(Math.max(0, 128 - shared.length)), shared]);
  const key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), Buffer.alloc(0), 16));

  const [attributes, [secrets]] = await Promise.all([
    Promise.all(
      unlocked.map((item) =>
        bus.call({
          destination: SECRETS.destination,
          path: item,
          interface: 'org.freedesktop.DBus.Properties',
          member: 'Get',
          signature: 'ss',
          body: ['org.freedesktop.Secret.Item', 'Attributes'],
        }),
      ),
    ),
    bus.call({ ...SECRETS, member: 'GetSecrets', signature: 'aoo', body: [unlocked, session] }) as Promise<
      [Array<[string, [string, Buffer, Buffer, string]]>]
    >,
  ]);
  const byItem = new Map(secrets.map(([item, secret]) => [item, secret]));
  const found: Array<[string, string]> = [];
  for (const [i, item] of unlocked.entries()) {
    const [[, pairs]] = attributes[i] as [[string, Value[]]];
    const account = (pairs as Array<[string, string]>).find(([name]) => name === 'username')?.[1];
    const secret = byItem.get(item);
    if (account === undefined || !secret) continue;
    const decipher = createDecipheriv('aes-128-cbc', key, secret[1]);
    found.push([account, Buffer.concat([decipher.update(secret[2]), decipher.final()]).toString('utf8')]);
  }
  return found;
}
