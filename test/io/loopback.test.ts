import { connect, createServer, Server, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/errors.js';
import { listenForRedirect, listenTarget, type LoopbackListener, type LoopbackOptions } from '../../src/io/loopback.js';

const STATE = 'state-abc123';
const CODE = '0.AXoA-code_value~123';

/** A port that was free a moment ago: bind port 0, note it, let it go. */
async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function canBindIpv6(): Promise<boolean> {
  try {
    await freePort('::1');
    return true;
  } catch {
    return false;
  }
}

const open: LoopbackListener[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((listener) => listener.close()));
});

async function listen(extra: Partial<LoopbackOptions> = {}, host = '127.0.0.1') {
  const port = await freePort();
  const base = `http://${host}:${port}`;
  const listener = await listenForRedirect({ redirectUri: `${base}/cb`, expectedState: STATE, timeoutSeconds: 30, ...extra });
  open.push(listener);
  return { listener, port, base };
}

const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });

/** Settles to 'pending' if the promise has not settled by the next macrotask. */
async function peek<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 50))]);
}

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('listenForRedirect()', () => {
  it('code callback: 302 to a code-free address, then a 200 done page; the result is the code', async () => {
    const { listener, base } = await listen();
    const redirect = await get(`${base}/cb?code=${CODE}&state=${STATE}&session_state=x`);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location).toBe('/cb?done=1');
    expect(location).not.toContain(CODE);
    expect(location).not.toContain(STATE);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    expect(redirect.headers.get('referrer-policy')).toBe('no-referrer');
    await expect(listener.result).resolves.toEqual({ kind: 'code', code: CODE, state: STATE });

    const done = await get(new URL(location, base).href);
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(done.headers.get('cache-control')).toBe('no-store');
    expect(done.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await done.text();
    expect(html).toContain('Signed in. You can close this tab and return to the terminal.');
    expect(html).not.toMatch(/<script|<link|<img|src=|href=/i);
    expect(html).not.toContain(CODE);
    // Serving the done page ends the listener.
    await listener.close();
    await expect(get(`${base}/cb`)).rejects.toThrow();
  });

  it('wrong or missing state: 400 and the wait goes on; then the right one is accepted', async () => {
    const { listener, base } = await listen();
    for (const query of [`?code=forged&state=other`, `?code=forged`, '']) {
      const response = await get(`${base}/cb${query}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('This sign-in does not belong to the ms-auth run that is waiting; nothing was done.');
    }
    expect(await peek(listener.result)).toBe('pending');
    expect((await get(`${base}/cb?code=${CODE}&state=${STATE}`)).status).toBe(302);
    await expect(listener.result).resolves.toMatchObject({ kind: 'code', code: CODE });
    expect((await get(`${base}/cb?done=1`)).status).toBe(200);
  });

  it('matching state without a code, error or consent answer: 400 and the wait goes on', async () => {
    const { listener, base } = await listen();
    expect((await get(`${base}/cb?state=${STATE}`)).status).toBe(400);
    expect(await peek(listener.result)).toBe('pending');
  });

  it('wrong path, /favicon.ico and other methods: 404, ignored', async () => {
    const { listener, base } = await listen();
    expect((await get(`${base}/other?code=${CODE}&state=${STATE}`)).status).toBe(404);
    expect((await get(`${base}/cb/extra?code=${CODE}&state=${STATE}`)).status).toBe(404);
    expect((await get(`${base}/favicon.ico`)).status).toBe(404);
    expect((await get(`${base}/cb?code=${CODE}&state=${STATE}`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await get(`${base}/cb?code=${CODE}&state=${STATE}`, { method: 'HEAD' })).status).toBe(404);
    expect(await peek(listener.result)).toBe('pending');
  });

  it('error callback: the result is the error, and the page escapes what it echoes', async () => {
    const { listener, base } = await listen();
    const description = encodeURIComponent('AADSTS65004: <script>alert("x")</script> & more\u001b[31m');
    const redirect = await get(`${base}/cb?error=access_denied&error_description=${description}&state=${STATE}`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/cb?done=1');
    await expect(listener.result).resolves.toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'AADSTS65004: <script>alert("x")</script> & more\u001b[31m',
      state: STATE,
    });
    const html = await (await get(`${base}/cb?done=1`)).text();
    expect(html).toContain(
      'Sign-in failed: access_denied: AADSTS65004: &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; more. Return to the terminal.',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('\u001b');
  });

  it('admin consent callback is accepted like a code', async () => {
    const { listener, base } = await listen();
    expect((await get(`${base}/cb?admin_consent=True&tenant=t1&state=${STATE}`)).status).toBe(302);
    await expect(listener.result).resolves.toEqual({ kind: 'admin-consent', granted: true, tenant: 't1', state: STATE });
    expect(await (await get(`${base}/cb?done=1`)).text()).toContain('Admin consent granted. You can close this tab');
  });

  it('a second callback after acceptance: 410 and ignored', async () => {
    const { listener, base } = await listen();
    expect((await get(`${base}/cb?code=${CODE}&state=${STATE}`)).status).toBe(302);
    const second = await get(`${base}/cb?code=other-code&state=${STATE}`);
    expect(second.status).toBe(410);
    expect(await second.text()).not.toContain('other-code');
    await expect(listener.result).resolves.toMatchObject({ code: CODE });
    expect((await get(`${base}/cb?done=1`)).status).toBe(200);
  });

  it('after acceptance, close() gives the browser a grace period to fetch its page, then closes', async () => {
    const { listener, base } = await listen();
    expect((await get(`${base}/cb?code=${CODE}&state=${STATE}`)).status).toBe(302);
    await listener.result;
    const started = Date.now();
    await listener.close();
    expect(Date.now() - started).toBeGreaterThan(1500);
    await expect(get(`${base}/cb?done=1`)).rejects.toThrow();
  });

  it('timeout: rejects with an auth error naming the redirect URI, and closes', async () => {
    const { listener, base } = await listen({ timeoutSeconds: 1 });
    const error = await rejection(listener.result);
    expect(error).toMatchObject({ kind: 'auth', code: 'timeout', message: `No sign-in reached ${base}/cb within 1 s.` });
    expect(error.hints).toEqual(['Sign in at the URL above, or run again with a longer --timeout.']);
    await listener.close();
    await expect(get(`${base}/cb`)).rejects.toThrow();
  });

  it('close() while waiting destroys a browser keep-alive connection', async () => {
    const { listener, port } = await listen();
    // A browser-like keep-alive connection that stays open after its answer.
    const socket = connect(port, '127.0.0.1');
    const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const answered = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())));
    socket.write(`GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
    expect(await answered).toMatch(/^HTTP\/1\.1 404/);

    await listener.close();
    expect(await rejection(listener.result)).toMatchObject({ kind: 'cancelled', code: 'cancelled' });
    await socketClosed;
  });

  it('close() while waiting rejects the result with cancelled', async () => {
    const { listener, base } = await listen();
    await listener.close();
    expect(await rejection(listener.result)).toMatchObject({ kind: 'cancelled' });
    await expect(get(`${base}/cb`)).rejects.toThrow();
  });

  it('port in use: a usage error port_in_use naming the port and the way out', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const error = await rejection(
        listenForRedirect({ redirectUri: `http://localhost:${port}/cb`, expectedState: STATE, timeoutSeconds: 5 }),
      );
      expect(error).toMatchObject({ kind: 'usage', code: 'port_in_use' });
      expect(error.message).toContain(`Port ${port} is already in use`);
      expect(error.hints.join(' ')).toMatch(/Stop the program using port \d+, or register another loopback redirect URI/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('localhost: answers on 127.0.0.1, and on ::1 when the machine has it', async () => {
    const { listener, port } = await listen({}, 'localhost');
    expect((await get(`http://127.0.0.1:${port}/cb?state=wrong`)).status).toBe(400);
    // Some CI containers have no IPv6 loopback; the listener then runs on 127.0.0.1 alone,
    // and only this one assertion is skipped.
    if (await canBindIpv6()) expect((await get(`http://[::1]:${port}/cb?state=wrong`)).status).toBe(400);
    expect((await get(`http://127.0.0.1:${port}/cb?code=${CODE}&state=${STATE}`)).status).toBe(302);
    await expect(listener.result).resolves.toMatchObject({ kind: 'code' });
    expect((await get(`http://127.0.0.1:${port}/cb?done=1`)).status).toBe(200);
  });

  /**
   * Makes binding ::1 fail with `code`, as on a machine without IPv6 loopback (or with
   * `code` of our choosing), while every other bind is real.
   */
  function failIpv6Bind(code: string) {
    const original = Server.prototype.listen as (...args: unknown[]) => Server;
    return vi.spyOn(Server.prototype, 'listen').mockImplementation(function (this: Server, ...args: unknown[]) {
      const first = args[0] as { host?: string } | undefined;
      if (typeof first === 'object' && first?.host === '::1') {
        process.nextTick(() => this.emit('error', Object.assign(new Error(`listen ${code} ::1`), { code })));
        return this;
      }
      return original.apply(this, args);
    } as typeof Server.prototype.listen);
  }

  it.each(['EADDRNOTAVAIL', 'EAFNOSUPPORT'])('localhost without IPv6 loopback (%s): carries on with 127.0.0.1', async (code) => {
    const spy = failIpv6Bind(code);
    try {
      const { listener, port } = await listen({}, 'localhost');
      expect((await get(`http://127.0.0.1:${port}/cb?code=${CODE}&state=${STATE}`)).status).toBe(302);
      await expect(listener.result).resolves.toMatchObject({ kind: 'code' });
      expect((await get(`http://127.0.0.1:${port}/cb?done=1`)).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
  });

  it('[::1] redirect URI on a machine without IPv6 loopback: listen_failed with the code', async () => {
    const spy = failIpv6Bind('EADDRNOTAVAIL');
    try {
      const error = await rejection(listenForRedirect({ redirectUri: 'http://[::1]:8400/cb', expectedState: STATE, timeoutSeconds: 5 }));
      expect(error).toMatchObject({ kind: 'usage', code: 'listen_failed', message: 'Cannot listen on [::1]:8400 (EADDRNOTAVAIL).' });
    } finally {
      spy.mockRestore();
    }
  });

  it('localhost whose ::1 port is taken: port_in_use, and the 127.0.0.1 half is released', async () => {
    const spy = failIpv6Bind('EADDRINUSE');
    const port = await freePort();
    try {
      const error = await rejection(
        listenForRedirect({ redirectUri: `http://localhost:${port}/cb`, expectedState: STATE, timeoutSeconds: 5 }),
      );
      expect(error).toMatchObject({ kind: 'usage', code: 'port_in_use' });
      expect(error.message).toContain(`[::1]:${port}`);
    } finally {
      spy.mockRestore();
    }
    await expect(get(`http://127.0.0.1:${port}/cb`)).rejects.toThrow();
  });

  it('127.0.0.1: binds that address only, never every interface', async () => {
    const { port } = await listen();
    // 0.0.0.0 or :: would have taken the IPv6 loopback too.
    if (await canBindIpv6()) await expect(get(`http://[::1]:${port}/cb`)).rejects.toThrow();
  });
});

describe('listenTarget()', () => {
  it('returns host, port and path of a loopback redirect URI', () => {
    expect(listenTarget('http://localhost:8400/callback')).toEqual({ hostname: 'localhost', port: 8400, pathname: '/callback' });
    expect(listenTarget('http://127.0.0.1:53682/')).toEqual({ hostname: '127.0.0.1', port: 53682, pathname: '/' });
    expect(listenTarget('http://[::1]:9000/a/b')).toEqual({ hostname: '[::1]', port: 9000, pathname: '/a/b' });
    expect(listenTarget('http://localhost:80/cb')).toEqual({ hostname: 'localhost', port: 80, pathname: '/cb' });
  });

  it.each([
    ['https', 'https://localhost:8400/cb', /--listen needs an http: loopback redirect URI/],
    ['a non-loopback host', 'http://example.com:8400/cb', /host must be localhost, 127\.0\.0\.1 or \[::1\] \(got "example\.com"\)/],
    ['0.0.0.0', 'http://0.0.0.0:8400/cb', /host must be localhost, 127\.0\.0\.1 or \[::1\] \(got "0\.0\.0\.0"\)/],
    ['no port', 'http://localhost/cb', /--listen needs an explicit port in the redirect URI, as in http:\/\/localhost:8400\/cb/],
    ['port 0', 'http://localhost:0/cb', /--listen needs an explicit port/],
    ['not a URL', 'not a url', /--listen needs a redirect URI like http:\/\/localhost:8400\/callback/],
  ])('rejects %s as a usage error', (_, uri, message) => {
    let thrown: unknown;
    try {
      listenTarget(uri);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect(thrown).toMatchObject({ kind: 'usage' });
    expect((thrown as CliError).message).toMatch(message);
    expect((thrown as CliError).hints.join(' ')).toContain('http://localhost:PORT/');
  });
});
