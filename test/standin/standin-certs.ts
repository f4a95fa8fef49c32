/**
 * Certificate credentials for the Entra stand-in: a test certificate made with the `openssl`
 * CLI, and the check of a client assertion (private_key_jwt) by Entra's rules:
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { assertionError, type EntraError } from './standin-errors.js';

export interface TestCertificate {
  /** The private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  keyPem: string;
  /** The self-signed X.509 certificate, PEM: what gets uploaded to the app registration. */
  certPem: string;
  /** Key and certificate as a PKCS#12 file, encrypted with `pfxPassphrase`. */
  pfx: Buffer;
  pfxPassphrase: string;
  /** SHA-1 of the DER certificate, upper-case hex without separators, as the Azure portal shows it. */
  sha1Thumbprint: string;
}

const OPENSSL_MISSING =
  'makeTestCertificate: the `openssl` command was not found on PATH. Install it ' +
  '(Debian/Ubuntu: apt-get install -y openssl; Alpine: apk add openssl; macOS: brew install openssl) and run the tests again.';

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, timeout: 30_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error(OPENSSL_MISSING));
      reject(new Error(`makeTestCertificate: openssl ${args[0]} failed: ${String(stderr).trim() || err.message}`));
    });
  });
}

/**
 * A fresh RSA key (2048 bits unless `bits` says otherwise) and a self-signed certificate for it (`openssl req -x509`), plus a
 * passphrase-protected PFX (`openssl pkcs12 -export`), made in a temporary directory that is
 * removed afterwards. Throws with an install hint when the `openssl` CLI is missing.
 */
export async function makeTestCertificate(
  opts: { commonName?: string; days?: number; bits?: 2048 | 3072 | 4096 } = {},
): Promise<TestCertificate> {
  const commonName = opts.commonName ?? 'ms-auth stand-in test';
  const days = opts.days ?? 30;
  if (!/^[\w .@-]+$/.test(commonName))
    throw new Error(`makeTestCertificate: commonName must be plain text, got ${JSON.stringify(commonName)}`);
  const dir = await mkdtemp(join(tmpdir(), 'standin-cert-'));
  try {
    const pfxPassphrase = randomBytes(12).toString('base64url');
    await openssl(
      [
        'req',
        '-x509',
        '-newkey',
        `rsa:${opts.bits ?? 2048}`,
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        String(days),
        '-subj',
        `/CN=${commonName}`,
        '-sha256',
      ],
      dir,
    );
    // `pkey` writes PKCS#8 whatever `req` chose.
    await openssl(['pkey', '-in', 'key.pem', '-out', 'key8.pem'], dir);
    await openssl(
      [
        'pkcs12',
        '-export',
        '-inkey',
        'key8.pem',
        '-in',
        'cert.pem',
        '-out',
        'cert.pfx',
        '-passout',
        `pass:${pfxPassphrase}`,
        '-name',
        commonName,
      ],
      dir,
    );
    const [keyPem, certPem, pfx] = await Promise.all([
      readFile(join(dir, 'key8.pem'), 'utf8'),
      readFile(join(dir, 'cert.pem'), 'utf8'),
      readFile(join(dir, 'cert.pfx')),
    ]);
    return { keyPem, certPem, pfx, pfxPassphrase, sha1Thumbprint: certificateThumbprints(certPem).sha1Hex };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The thumbprints of a PEM certificate: `x5t` (base64url SHA-1 of the DER), `x5t#S256`, and the portal's hex form. */
export function certificateThumbprints(certPem: string): { x5t: string; x5tS256: string; sha1Hex: string } {
  const der = new X509Certificate(certPem).raw;
  const sha1 = createHash('sha1').update(der).digest();
  return {
    x5t: sha1.toString('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    sha1Hex: sha1.toString('hex').toUpperCase(),
  };
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SKEW_SECONDS = 300;

/** The thumbprint text Entra quotes in AADSTS700027: upper-case hex of what the header named. */
function quotedThumbprint(header: Record<string, unknown>): string {
  const t = typeof header['x5t'] === 'string' ? header['x5t'] : typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : '';
  return Buffer.from(t, 'base64url').toString('hex').toUpperCase();
}

function entraValidity(cert: X509Certificate): string {
  const fmt = (d: string): string => {
    const date = new Date(d);
    const p = (n: number): string => String(n).padStart(2, '0');
    return `${p(date.getUTCMonth() + 1)}/${p(date.getUTCDate())}/${date.getUTCFullYear()} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}`;
  };
  return `Start=${fmt(cert.validFrom)}, End=${fmt(cert.validTo)}`;
}

/**
 * Checks a client assertion the way Entra does; undefined when it is good.
 * - header: `alg` RS256 or PS256; `x5t` or `x5t#S256` naming the registered certificate;
 * - signature: verified with the certificate's public key;
 * - claims: `iss` = `sub` = client id; `aud` one of `audiences`; `exp` in the future, `nbf` not
 *   in the future (5 minutes of skew either way); `jti` present.
 */
export async function verifyClientAssertion(
  jwt: string,
  o: { clientId: string; certificatePem: string | undefined; audiences: string[]; now?: Date },
): Promise<EntraError | undefined> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    return assertionError.malformed('The client assertion is not a compact JWS.');
  }
  const alg = typeof header['alg'] === 'string' ? header['alg'] : '';
  if (alg !== 'RS256' && alg !== 'PS256') return assertionError.badAlgorithm(alg, o.clientId);
  if (typeof header['x5t'] !== 'string' && typeof header['x5t#S256'] !== 'string') return assertionError.keyNotFound('', o.clientId);
  if (!o.certificatePem) return assertionError.keyNotFound(quotedThumbprint(header), o.clientId);
  const cert = new X509Certificate(o.certificatePem);
  const { x5t, x5tS256 } = certificateThumbprints(o.certificatePem);
  const named = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] === x5tS256 : header['x5t'] === x5t;
  if (!named) return assertionError.keyNotFound(quotedThumbprint(header), o.clientId);

  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(jwt, cert.publicKey, { algorithms: [alg] }));
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_JWS_INVALID')
      return assertionError.malformed('The client assertion is not a compact JWS.');
    return assertionError.badSignature(quotedThumbprint(header), o.clientId, entraValidity(cert));
  }
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payloadBytes).toString('utf8')) as Record<string, unknown>;
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new Error('not an object');
  } catch {
    return assertionError.malformed('The client assertion payload is not a JSON object.');
  }
  if (claims['iss'] !== claims['sub']) return assertionError.subjectMismatch();
  if (claims['iss'] !== o.clientId) return assertionError.wrongClient();
  const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
  const wanted = new Set(o.audiences.map((a) => a.toLowerCase()));
  if (!audiences.some((a) => typeof a === 'string' && wanted.has(a.toLowerCase()))) return assertionError.wrongAudience();
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] : undefined;
  const nbf = typeof claims['nbf'] === 'number' ? claims['nbf'] : undefined;
  if (exp === undefined) return assertionError.malformed("The client assertion has no 'exp' claim.");
  const now = o.now ?? new Date();
  const nowSeconds = now.getTime() / 1000;
  if (exp < nowSeconds - SKEW_SECONDS || (nbf !== undefined && nbf > nowSeconds + SKEW_SECONDS))
    return assertionError.outsideTime(now, nbf, exp);
  if (typeof claims['jti'] !== 'string' || !claims['jti']) return assertionError.malformed("The client assertion has no 'jti' claim.");
  return undefined;
}
