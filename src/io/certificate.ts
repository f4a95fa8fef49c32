/**
 * Certificate credentials from a file: PEM (private key and certificate in one file)
 * or PFX/PKCS#12 with a passphrase. Node reads PEM itself; PKCS#12 is read with
 * node-forge, loaded only for a PFX. The key leaves as PKCS#8 PEM (for the keychain),
 * with the certificate's thumbprints: SHA-1 hex as the Azure portal shows it (for
 * XSOAR), base64url SHA-1/SHA-256 for the assertion's x5t headers.
 * https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials
 */
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CliError, usageError } from '../errors.js';
import type { CertificateCredential } from './oauth.js';

export interface LoadedCertificate extends CertificateCredential {
  /** SHA-1 of the DER certificate, upper-case hex, as Azure lists it. */
  thumbprint: string;
  notAfter: string;
}

function fromParts(keyPem: string, certPem: string, path: string): LoadedCertificate {
  let certificate: X509Certificate;
  let key: ReturnType<typeof createPrivateKey>;
  try {
    certificate = new X509Certificate(certPem);
    key = createPrivateKey(keyPem);
  } catch (error) {
    throw usageError(`--certificate: ${path} holds no readable certificate and private key (${(error as Error).message}).`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw usageError('--certificate: Entra client assertions here use RS256: the key must be RSA.');
  if (!certificate.checkPrivateKey(key)) throw usageError(`--certificate: the private key in ${path} does not belong to its certificate.`);
  if (Date.parse(certificate.validTo) < Date.now()) {
    throw new CliError('usage', 'certificate_expired', `--certificate: the certificate expired on ${certificate.validTo}.`, [
      'Create a new one and upload it to the app registration (Certificates & secrets).',
    ]);
  }
  const der = certificate.raw;
  return {
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    notAfter: certificate.validTo,
  };
}

const block = (text: string, label: RegExp): string | undefined => {
  const match = new RegExp(`-----BEGIN (${label.source})-----[\\s\\S]+?-----END \\1-----`).exec(text);
  return match?.[0];
};

const isPfx = (bytes: Buffer): boolean => !bytes.toString('latin1').includes('-----BEGIN');

/** Reads a PEM file; for a PFX, `passphrase` is asked for by the caller. */
export async function loadCertificate(path: string, passphrase: () => Promise<string>): Promise<LoadedCertificate> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw usageError(`--certificate: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (!isPfx(bytes)) {
    const text = bytes.toString('utf8');
    const keyPem = block(text, /(?:RSA |ENCRYPTED )?PRIVATE KEY/);
    const certPem = block(text, /CERTIFICATE/);
    if (!keyPem || !certPem)
      throw usageError(`--certificate: ${path} must hold both the private key and the certificate (PEM), or be a PFX.`);
    if (keyPem.includes('ENCRYPTED'))
      throw usageError('--certificate: the PEM private key is encrypted; decrypt it (openssl pkey) or use a PFX.');
    return fromParts(keyPem, certPem, path);
  }
  const { default: forge } = await import('node-forge');
  let p12: ReturnType<typeof forge.pkcs12.pkcs12FromAsn1>;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), await passphrase());
  } catch {
    throw usageError(`--certificate: cannot open ${path}: wrong passphrase, or not a PFX file.`);
  }
  const bag = (oid: string | undefined) => (oid ? (p12.getBags({ bagType: oid })[oid] ?? []) : [])[0];
  const { pkcs8ShroudedKeyBag, keyBag, certBag } = forge.pki.oids;
  const key = bag(pkcs8ShroudedKeyBag)?.key ?? bag(keyBag)?.key;
  const cert = bag(certBag)?.cert;
  if (!key || !cert) throw usageError(`--certificate: ${path} holds no private key and certificate.`);
  return fromParts(forge.pki.privateKeyToPem(key), forge.pki.certificateToPem(cert), path);
}

/** The credential from a stored PKCS#8 key and the SHA-1 thumbprint saved in the profile. */
export function storedCertificate(keyPem: string, thumbprint: string): CertificateCredential {
  return { keyPem, x5t: Buffer.from(thumbprint, 'hex').toString('base64url') };
}
