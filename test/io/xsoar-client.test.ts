import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xsoarTarget, type XsoarTarget } from '../../src/core/xsoar-server.js';
import { CliError } from '../../src/errors.js';
import { makeFetch, type Fetch } from '../../src/io/http.js';
import { VersionConflict, xsoarClient } from '../../src/io/xsoar-client.js';

const target = (url: string, keyId?: string): XsoarTarget => {
  const found = xsoarTarget(url, { keyId });
  if ('problem' in found) throw new Error(found.problem);
  return found.target;
};

/** A fetch that answers every request with one response, and records what was asked. */
function cannedFetch(
  status: number,
  body: string,
  contentType = 'application/json',
): Fetch & { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status, headers: { 'content-type': contentType } });
  }) as Fetch & { calls: typeof calls };
  fetch.calls = calls;
  return fetch;
}

const client = (fetch: Fetch, url = 'https://xsoar.example.com', keyId?: string) =>
  xsoarClient({
    target: target(url, keyId),
    apiKey: { key: 'API-KEY-123456', keyId, keyType: 'standard' },
    fetch,
    timeout: 5,
    longTimeout: 5,
  });

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('xsoarClient() requests', () => {
  it('sends the key in the Authorization header only, JSON in and out, at the base URL', async () => {
    const fetch = cannedFetch(200, '{"demistoVersion":"6.13.0"}');
    await expect(client(fetch).about()).resolves.toMatchObject({ kind: 'xsoar-6' });
    const [call] = fetch.calls;
    expect(call?.url).toBe('https://xsoar.example.com/about');
    expect(call?.init.headers).toMatchObject({ Authorization: 'API-KEY-123456', Accept: 'application/json' });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('XSOAR 8: /xsoar paths and the key ID header', async () => {
    const fetch = cannedFetch(200, '{"configurations":[],"instances":[]}');
    await client(fetch, 'https://api-t.example.com', '12').search();
    expect(fetch.calls[0]?.url).toBe('https://api-t.example.com/xsoar/settings/integration/search');
    expect(fetch.calls[0]?.init.headers).toMatchObject({ 'x-xdr-auth-id': '12' });
    expect(JSON.parse(String(fetch.calls[0]?.init.body))).toEqual({ size: 1000 });
  });

  it('deletes by URL-escaped id', async () => {
    const fetch = cannedFetch(200, '');
    await client(fetch).remove('a/b c');
    expect(fetch.calls[0]).toMatchObject({ url: 'https://xsoar.example.com/settings/integration/a%2Fb%20c', init: { method: 'DELETE' } });
  });
});

describe('xsoarClient() failures', () => {
  it('XSOAR 6 403 CSRF body: the key was refused (exit 7), no key in the message', async () => {
    const error = await failure(
      client(cannedFetch(403, '{"id":"forbidden","status":403,"title":"Forbidden","detail":"Issue with CSRF code"}')).about(),
    );
    expect(error).toMatchObject({ kind: 'xsoar', code: 'xsoar_key_refused' });
    expect(error.message).toContain('refused the API key (HTTP 403: Forbidden: Issue with CSRF code');
    expect(`${error.message}${error.hints}`).not.toContain('API-KEY-123456');
  });

  it('a 401 on XSOAR 6 paths suggests --xsoar-key-id', async () => {
    const error = await failure(client(cannedFetch(401, '')).about());
    expect(error.hints.join(' ')).toContain('--xsoar-key-id');
  });

  it('a web page where JSON was expected: the UI URL, not the API URL', async () => {
    const error = await failure(client(cannedFetch(200, '<!doctype html><html>login</html>', 'text/html')).about());
    expect(error).toMatchObject({ kind: 'xsoar', code: 'xsoar_not_api' });
    expect(error.message).toContain('UI URL, not the API URL');
  });

  it('garbage: not JSON, sanitized in the message', async () => {
    const error = await failure(client(cannedFetch(200, 'ok\u001b[31m not json', 'text/plain')).about());
    expect(error).toMatchObject({ kind: 'xsoar', code: 'xsoar_garbage' });
    expect(error.message).not.toContain('\u001b');
  });

  it('JSON without demistoVersion from /about is garbage too', async () => {
    expect(await failure(client(cannedFetch(200, '{"hello":1}')).about())).toMatchObject({ code: 'xsoar_garbage' });
  });

  it('a 404 on /about without a key ID hints at XSOAR 8', async () => {
    const error = await failure(client(cannedFetch(404, '')).about());
    expect(error.hints.join(' ')).toContain('--xsoar-key-id');
  });

  it('a save refused for its version is a VersionConflict, other 400s are exit 7 with the detail', async () => {
    await expect(client(cannedFetch(400, '{"id":"errVersionMismatch","detail":"version mismatch"}')).save({})).rejects.toBeInstanceOf(
      VersionConflict,
    );
    expect(
      await failure(client(cannedFetch(400, '{"id":"bad_request","title":"Bad request","detail":"unknown brand"}')).save({})),
    ).toMatchObject({ kind: 'xsoar', message: expect.stringContaining('unknown brand') });
  });

  it('a refused connection is a network failure (exit 6) naming the server', async () => {
    const fetch = await makeFetch({ env: {} });
    const error = await failure(client(fetch, 'http://127.0.0.1:9').about());
    expect(error).toMatchObject({ kind: 'network', code: 'xsoar_unreachable' });
    expect(error.message).toContain('http://127.0.0.1:9');
  });

  it('no answer within the timeout is a network failure', async () => {
    const slow = (async (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as Fetch;
    const c = xsoarClient({
      target: target('https://x.example.com'),
      apiKey: { key: 'k', keyType: 'standard' },
      fetch: slow,
      timeout: 0.05,
      longTimeout: 0.05,
    });
    expect(await failure(c.about())).toMatchObject({ kind: 'network', code: 'xsoar_timeout' });
  });
});

describe('xsoarClient() over TLS with its own CA', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xsoar-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"demistoVersion":"6.12.0"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an untrusted certificate is exit 6 with a hint naming --xsoar-ca-file', async () => {
    const error = await failure(client(await makeFetch({ env: {} }), url).about());
    expect(error).toMatchObject({ kind: 'network', code: 'xsoar_tls' });
    expect(error.hints.join(' ')).toContain('--xsoar-ca-file');
  });

  it('with the CA given, the same server is trusted (verification stays on)', async () => {
    const fetch = await makeFetch({ env: {}, ca: readFileSync(join(dir, 'cert.pem'), 'utf8') });
    await expect(client(fetch, url).about()).resolves.toMatchObject({ version: '6.12.0' });
  });
});
