/**
 * Every entry of a service in the Secret Service (Linux), read in bulk for commands
 * that read many profiles. @napi-rs/keyring's search answers the same, but with a
 * D-Bus round trip or two per entry (0.9 s for 500 profiles); here one connection
 * sends one search, one GetSecrets for all the items found, and the items' attribute
 * reads, many sent ahead of their answers. A command that only says whether each secret
 * is there reads the accounts alone: no session, no GetSecrets, no secret in memory.
 *
 * Secrets cross the bus encrypted, in the session libsecret negotiates
 * (dh-ietf1024-sha256-aes128-cbc-pkcs7). The search comes before the session, so the
 * keyring daemon knows this client before it negotiates (gnome-keyring aborts on a
 * session opened by a client it has not registered yet: GNOME gnome-keyring#196).
 *
 * Answers undefined when some item is locked: the library then unlocks (it can prompt).
 */
import { createDecipheriv, createSecretKey, hkdfSync, randomBytes } from 'node:crypto';
import { openBus, type Bus } from './dbus.js';

const SECRETS = { destination: 'org.freedesktop.secrets', interface: 'org.freedesktop.Secret.Service', path: '/org/freedesktop/secrets' };
const ALGORITHM = 'dh-ietf1024-sha256-aes128-cbc-pkcs7';
/** Attribute reads sent ahead of their answers (500 profiles: 1.5 MB less than all at once, as fast; 8 is slower). */
const IN_FLIGHT = 32;

/** The IETF 1024-bit MODP group's prime (RFC 2409, the second Oakley group), generator 2. */
export const MODP2 = BigInt(
  '0xffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff',
);

const toBigInt = (bytes: Buffer): bigint => (bytes.length ? BigInt(`0x${bytes.toString('hex')}`) : 0n);
/** Big-endian, left-padded with zeros to the prime's 128 bytes (as libsecret writes both keys and the secret). */
const toBytes = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(256, '0'), 'hex');

function power(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) if (e & 1n) result = (result * b) % modulus;
  return result;
}

/**
 * One side of the session's Diffie-Hellman exchange, with a 256-bit private exponent
 * (twice the group's ~80-bit strength). In BigInt rather than node:crypto's DiffieHellman,
 * whose constructor checks the prime for 34 ms: a third of a 500-profile status. The key
 * only protects a transfer that this user's own processes could make themselves.
 */
export function dhSession(exponent = randomBytes(32)): { publicKey: Buffer; aesKey(peer: Buffer): Buffer } {
  const x = toBigInt(exponent);
  return {
    publicKey: toBytes(power(2n, x, MODP2)),
    aesKey: (peer) => {
      const y = toBigInt(peer);
      if (y <= 1n || y >= MODP2 - 1n) throw new Error('the Secret Service sent an invalid session key');
      return Buffer.from(hkdfSync('sha256', toBytes(power(y, x, MODP2)), Buffer.alloc(0), Buffer.alloc(0), 16));
    },
  };
}

/** Runs `use` on a connection to the bus at `address`, closed after; fails when the bus has not answered within `ms`. */
async function onBus<T>(address: string, ms: number, use: (bus: Bus) => Promise<T>): Promise<T> {
  const { bus, ready } = openBus(address);
  // From the connection on: a bus that accepts and never answers must not hold ms-auth.
  const timer = setTimeout(() => bus.close(new Error(`the Secret Service did not answer within ${ms / 1000} s`)), ms);
  try {
    await ready;
    return await use(bus);
  } finally {
    clearTimeout(timer);
    bus.close();
  }
}

/** The service's items: `[unlocked, locked]` object paths. */
const searchItems = (bus: Bus, service: string) =>
  bus.call({ ...SECRETS, member: 'SearchItems', signature: 'a{ss}', body: [[['service', service]]] }) as Promise<[string[], string[]]>;

type Found = Array<{ item: string; attributes: ReadonlyArray<[string, string]> }>;

/**
 * The items' attributes, IN_FLIGHT reads at a time: the daemon answers one after another,
 * and a window keeps it busy without holding 800 calls and their replies at once (less memory).
 */
async function attributesOf(bus: Bus, items: readonly string[]): Promise<Found> {
  const found: Found = [];
  let next = 0;
  const readAttributes = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) {
      const [[, attributes]] = (await bus.call({
        destination: SECRETS.destination,
        path: item,
        interface: 'org.freedesktop.DBus.Properties',
        member: 'Get',
        signature: 'ss',
        body: ['org.freedesktop.Secret.Item', 'Attributes'],
      })) as [[string, Array<[string, string]>]];
      found.push({ item, attributes });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, readAttributes));
  return found;
}

/** An item's account: its `username` attribute (an item without one is not ms-auth's). */
const accountOf = (attributes: ReadonlyArray<[string, string]>): string | undefined =>
  attributes.find(([name]) => name === 'username')?.[1];

/**
 * `[account, secret]` for every item whose `service` attribute is `service`; undefined
 * when one is locked (at the search, or by the time its secret is read). Fails when the
 * bus has not answered everything within `ms`. `asked` is called once the search, the
 * session, GetSecrets and the first IN_FLIGHT attribute reads are written (the other reads
 * follow the answers); not when the search finds nothing or a locked item.
 */
export function findSecrets(
  service: string,
  address: string,
  ms: number,
  asked?: () => void,
): Promise<Array<[string, string]> | undefined> {
  return onBus(address, ms, async (bus) => {
    const search = searchItems(bus, service);
    // This side of the session (about 1 ms) while the daemon searches.
    const dh = dhSession();
    const [unlocked, locked] = await search;
    if (locked.length) return undefined;
    if (!unlocked.length) return [];

    const [output, session] = (await bus.call({
      ...SECRETS,
      member: 'OpenSession',
      signature: 'sv',
      body: [ALGORITHM, ['ay', dh.publicKey]],
    })) as [[string, Buffer], string];
    // One key object for every item (a raw key is imported again on each decipher: 3× slower).
    const key = createSecretKey(dh.aesKey(output[1]));

    // The secrets first: the daemon answers in order, so their reply is read and deciphered
    // while it still answers the attribute reads, not after the last of them.
    const plaintexts = (
      bus.call({ ...SECRETS, member: 'GetSecrets', signature: 'aoo', body: [unlocked, session] }) as Promise<[Array<[string, Secret]>]>
    ).then(
      ([secrets]) =>
        new Map(
          secrets.map(([item, [, iv, encrypted]]) => {
            const decipher = createDecipheriv('aes-128-cbc', key, iv);
            return [item, Buffer.concat([decipher.update(encrypted), decipher.final()]).toString('utf8')];
          }),
        ),
    );
    const answers = Promise.all([plaintexts, attributesOf(bus, unlocked)]);
    asked?.();
    const [deciphered, found] = await answers;
    return pairSecrets(found, deciphered);
  });
}

/**
 * The account of every item whose `service` attribute is `service`, its secret left
 * unread (no session is opened): for commands that only say whether a secret is there.
 * Undefined when one is locked at the search; `asked` as for findSecrets.
 */
export function findAccounts(service: string, address: string, ms: number, asked?: () => void): Promise<string[] | undefined> {
  return onBus(address, ms, async (bus) => {
    const [unlocked, locked] = await searchItems(bus, service);
    if (locked.length) return undefined;
    if (!unlocked.length) return [];
    const found = attributesOf(bus, unlocked);
    asked?.();
    return (await found).flatMap(({ attributes }) => accountOf(attributes) ?? []);
  });
}

/** A secret as GetSecrets gives it: session, parameters (the IV), value, content type. */
type Secret = [string, Buffer, Buffer, string];

/**
 * `[account, secret]` for every item found, by its `username` attribute (an item without
 * one is not ms-auth's). Undefined when GetSecrets left an item out: it was locked since
 * the search, and the library's search reads it.
 */
export function pairSecrets(found: Readonly<Found>, plaintexts: ReadonlyMap<string, string>): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  for (const { item, attributes } of found) {
    const secret = plaintexts.get(item);
    if (secret === undefined) return undefined;
    const account = accountOf(attributes);
    if (account !== undefined) pairs.push([account, secret]);
  }
  return pairs;
}
