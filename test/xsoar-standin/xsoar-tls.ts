/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost, made
 * with the `openssl` CLI, so the XSOAR stand-in can answer over https the way an on-prem server
 * with its own CA does: a client trusts it only when given the CA file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerCertificate {
  /** The CA certificate (PEM): what a client must trust (`--xsoar-ca-file`). */
  caPem: string;
  /** The server's certificate (PEM), signed by the CA, for 127.0.0.1 and localhost. */
  certPem: string;
  keyPem: string;
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, timeout: 30_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(new Error('xsoar stand-in: the `openssl` command was not found on PATH (apt-get install -y openssl).'));
      reject(new Error(`xsoar stand-in: openssl ${args[0]} failed: ${String(stderr).trim() || err.message}`));
    });
  });
}

/** A CA and a server certificate signed by it; the temporary folder is removed afterwards. */
export async function makeServerCertificate(): Promise<ServerCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'xsoar-standin-tls-'));
  try {
    await openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '2',
        '-subj',
        '/CN=XSOAR stand-in test CA',
        '-sha256',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
    await openssl(
      ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1', '-sha256'],
      dir,
    );
    await writeFile(
      join(dir, 'ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
    );
    await openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.pem',
        '-days',
        '2',
        '-sha256',
        '-extfile',
        'ext.cnf',
      ],
      dir,
    );
    const [caPem, certPem, keyPem] = await Promise.all(['ca.pem', 'server.pem', 'server.key'].map((f) => readFile(join(dir, f), 'utf8')));
    return { caPem: caPem ?? '', certPem: certPem ?? '', keyPem: keyPem ?? '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
