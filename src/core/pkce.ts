/**
 * PKCE (RFC 7636) with S256, and the `state` value, from Node's own crypto: a few
 * lines that keep openid-client out of the fast `authorize-url` path.
 * https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
import { createHash, randomBytes } from 'node:crypto';

export const randomToken = (): string => randomBytes(32).toString('base64url');

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function createPkce(verifier: string = randomToken()): Pkce {
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
