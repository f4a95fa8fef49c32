/**
 * The Secret Service session's Diffie-Hellman side, checked against node:crypto's own
 * (the bulk read against the real gnome-keyring is in test/e2e/secret-service.test.ts).
 */
import { createDiffieHellman, getDiffieHellman, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MODP2, dhSession, pairSecrets } from '../../src/io/secret-service.js';

const pad = (bytes: Buffer) => Buffer.concat([Buffer.alloc(128 - bytes.length), bytes]);

describe('dhSession', () => {
  it("uses RFC 2409's second Oakley group, as node:crypto knows it", () => {
    expect(MODP2.toString(16)).toBe(getDiffieHellman('modp2').getPrime('hex'));
  });

  it("computes node:crypto's public key and shared secret, and derives the AES key from the padded secret with HKDF-SHA256", () => {
    for (let round = 0; round < 5; round++) {
      const exponent = randomBytes(32);
      const ours = dhSession(exponent);
      const reference = createDiffieHellman(getDiffieHellman('modp2').getPrime(), 2);
      reference.setPrivateKey(exponent);
      reference.generateKeys();
      expect(ours.publicKey.toString('hex')).toBe(pad(reference.getPublicKey()).toString('hex'));
      const peer = getDiffieHellman('modp2');
      peer.generateKeys();
      const shared = pad(peer.computeSecret(ours.publicKey));
      expect(ours.aesKey(peer.getPublicKey()).toString('hex')).toBe(
        Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), Buffer.alloc(0), 16)).toString('hex'),
      );
    }
  });

  it('refuses a peer key outside the group (0, 1, p - 1, p)', () => {
    const ours = dhSession();
    const bytes = (n: bigint) => Buffer.from(n.toString(16).padStart(256, '0'), 'hex');
    for (const bad of [0n, 1n, MODP2 - 1n, MODP2]) expect(() => ours.aesKey(bytes(bad))).toThrow(/invalid session key/);
  });
});

describe('pairSecrets', () => {
  it("pairs each item's username with its secret, and skips an item without one", () => {
    expect(
      pairSecrets(
        [
          {
            item: '/i/1',
            attributes: [
              ['service', 'ms-auth'],
              ['username', 'p:client-secret'],
            ],
          },
          { item: '/i/2', attributes: [['service', 'ms-auth']] },
        ],
        new Map([
          ['/i/2', 'other'],
          ['/i/1', 's3cret'],
        ]),
      ),
    ).toEqual([['p:client-secret', 's3cret']]);
  });

  it('answers undefined when GetSecrets left an item out (locked since the search), so the library reads it', () => {
    expect(
      pairSecrets(
        [
          { item: '/i/1', attributes: [['username', 'p:client-secret']] },
          { item: '/i/2', attributes: [['username', 'p:refresh-token']] },
        ],
        new Map([['/i/1', 's3cret']]),
      ),
    ).toBeUndefined();
  });
});
