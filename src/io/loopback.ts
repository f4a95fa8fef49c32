/**
 * Takes the browser's redirect on a loopback listener (`setup --listen`) instead of a
 * paste, as native apps do per RFC 8252 §7.3 (https://www.rfc-editor.org/rfc/rfc8252#section-7.3)
 * and as `az login`, `gh` and MSAL do: Entra sends the browser to http://localhost:PORT/path
 * with the code, and this process is the one listening there.
 *
 * The accepted callback is answered with a 302 to the same path with `?done=1`, and only
 * that second request gets the "you can close this tab" page. The code and state thus
 * leave the address bar and the history at once: a reload, a synced history or a
 * screenshot of the tab cannot replay or reveal them.
 *
 * The browser is sent to a one-time start page on the listener, which redirects to the
 * authorize URL: the authorize URL and its `state` never appear in the argv of the
 * browser or its launcher, which every local user can read.
 *
 * Any local user can connect to a loopback port, so the listener bounds what one can
 * hold: at most MAX_CONNECTIONS sockets (the oldest one without a request in flight
 * makes room for a new one), and sockets that stay silent are closed.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isLoopbackHost } from '../core/authority.js';
import { parseCallback, type Callback } from '../core/callback.js';
import { sanitize } from '../core/sanitize.js';
import { CliError, cancelled, usageError } from '../errors.js';
import { listenDeniedHint } from './listen-hint.js';

/** What the listener can accept: a code, an error, or an admin-consent answer. */
export type LoopbackCallback = Exclude<Callback, { kind: 'invalid' }>;

export interface LoopbackOptions {
  /** http://localhost:PORT/path, http://127.0.0.1:PORT/path or http://[::1]:PORT/path; PORT explicit. */
  redirectUri: string;
  expectedState: string;
  /** The caller decides the default (5 minutes). */
  timeoutSeconds: number;
}

export interface LoopbackListener {
  /** The accepted callback, whose `state` equals expectedState. Rejects with CliError on timeout, abort or close(). */
  result: Promise<LoopbackCallback>;
  /** Stops listening; after an acceptance, first lets the browser fetch its page (up to GRACE_MS). */
  close(): Promise<void>;
  /**
   * A one-time URL on the listener that redirects to `target` (the authorize URL): what
   * the browser is opened with. A second visit gets a 410.
   */
  startPage(target: string): string;
}

const REGISTER_HINT =
  'Register http://localhost:PORT/... (a fixed port above 1024) as a redirect URI of the app, and pass the same URI with --redirect-uri.';
// How long after an acceptance the browser may take to follow the 302 before we stop serving.
const GRACE_MS = 2000;
// What one local user can hold open on the listener.
const MAX_CONNECTIONS = 32;
const IDLE_MS = 5_000;
const MISMATCH = 'This sign-in does not belong to the ms-auth run that is waiting; nothing was done.';
// Every answer: never cached, never sent on as a Referer, no script, style or fetch of anything.
const HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'",
};

/** Checks the redirect URI for --listen; a usage error saying what to register otherwise. */
export function listenTarget(redirectUri: string): { hostname: string; port: number; pathname: string } {
  const shown = sanitize(redirectUri);
  let url: URL;
  try {
    url = new URL(redirectUri.trim());
  } catch {
    throw usageError(`--listen needs a redirect URI like http://localhost:8400/callback (got "${shown}").`, [REGISTER_HINT]);
  }
  // RFC 8252 §7.3: loopback redirects are plain http; the listener has no certificate to serve https.
  if (url.protocol !== 'http:')
    throw usageError(`--listen needs an http: loopback redirect URI; it cannot receive "${shown}".`, [REGISTER_HINT]);
  // Only this machine may deliver the code: never 0.0.0.0 or a LAN address.
  if (!isLoopbackHost(url.hostname)) {
    throw usageError(
      `--listen only listens on loopback: the redirect URI's host must be localhost, 127.0.0.1 or [::1] (got "${url.hostname}").`,
      [REGISTER_HINT],
    );
  }
  if (url.username || url.password || url.hash) throw usageError('A redirect URI must not carry user:password@ or a #fragment.');
  // The URL parser drops an explicit default port, so ":80" is looked for in the text itself.
  const port = url.port ? Number(url.port) : /^http:\/\/[^/?#]*:80(?=[/?#]|$)/i.test(redirectUri.trim()) ? 80 : 0;
  // Entra sends the browser to the registered URI: without a fixed port there is nothing to bind.
  if (port === 0) {
    throw usageError(`--listen needs an explicit port in the redirect URI, as in http://localhost:8400${url.pathname} (got "${shown}").`, [
      REGISTER_HINT,
    ]);
  }
  return { hostname: url.hostname, port, pathname: url.pathname };
}

/** Starts listening; binding errors are thrown from here, before any browser is opened. */
export async function listenForRedirect(options: LoopbackOptions): Promise<LoopbackListener> {
  const { hostname, port, pathname } = listenTarget(options.redirectUri);
  if (!(options.timeoutSeconds > 0)) throw usageError('--timeout must be a positive number of seconds.');

  let accepted: LoopbackCallback | undefined;
  let settle!: { resolve: (value: LoopbackCallback) => void; reject: (error: CliError) => void };
  const result = new Promise<LoopbackCallback>((resolve, reject) => (settle = { resolve, reject }));
  // A timeout before the caller awaits `result` must not crash the process as unhandled.
  result.catch(() => undefined);
  const servers: Server[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closeDone!: () => void;
  const closed = new Promise<void>((resolve) => (closeDone = resolve));
  let closing = false;

  // Every outcome ends here: no timer, no socket left open.
  const shutdown = (): Promise<void> => {
    if (closing) return closed;
    closing = true;
    clearTimeout(timer);
    void Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            // A browser's keep-alive connection would otherwise hold the process open.
            server.closeAllConnections();
          }),
      ),
    ).then(closeDone);
    return closed;
  };
  const fail = (error: CliError): Promise<void> => {
    settle.reject(error);
    return shutdown();
  };

  // Start pages: random path → the authorize URL it redirects to once.
  const starts = new Map<string, string | undefined>();
  // Every socket, oldest first, and whether a request on it is being answered.
  const sockets = new Map<Socket, { busy: boolean }>();
  const admit = (socket: Socket): void => {
    if (sockets.size >= MAX_CONNECTIONS) {
      const idle = [...sockets].find(([, state]) => !state.busy)?.[0];
      if (!idle) {
        socket.destroy();
        return;
      }
      idle.destroy();
      sockets.delete(idle);
    }
    sockets.set(socket, { busy: false });
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const state = sockets.get(req.socket);
    if (state) {
      state.busy = true;
      res.once('close', () => (state.busy = false));
    }
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '', 'http://loopback');
    } catch {
      url = undefined;
    }
    if (req.method === 'GET' && url && starts.has(url.pathname)) {
      const target = starts.get(url.pathname);
      starts.set(url.pathname, undefined);
      if (target === undefined || accepted) return page(res, 410, 'This start link was already used; nothing more was done.');
      res.writeHead(302, { ...HEADERS, Location: target, 'Content-Length': 0 }).end();
      return;
    }
    // Only a GET on the registered path is ours; browsers also ask for /favicon.ico.
    if (req.method !== 'GET' || url?.pathname !== pathname) return page(res, 404, 'Not found.');
    if (accepted) {
      if (url.search === '?done=1') {
        res.on('finish', () => void shutdown());
        return page(res, 200, donePage(accepted));
      }
      // One code per run: a replayed or late callback changes nothing.
      return page(res, 410, 'This sign-in was already received; nothing more was done.');
    }
    // A forged or stale callback (another tab, another run) must not end the wait.
    if (url.searchParams.get('state') !== options.expectedState) return page(res, 400, MISMATCH);
    const callback = parseCallback(url.search);
    if (callback.kind === 'invalid') return page(res, 400, 'This request carried no sign-in answer; nothing was done.');
    accepted = callback;
    settle.resolve(callback);
    clearTimeout(timer);
    // Kept referenced: when the browser never comes back for its page (its connection
    // closed after the redirect), this timer is what ends the wait in close().
    timer = setTimeout(() => void shutdown(), GRACE_MS);
    for (const server of servers) server.unref();
    res.writeHead(302, { ...HEADERS, Location: `${pathname}?done=1`, 'Content-Length': 0 }).end();
  };

  // `localhost` may resolve to either family in the browser, so both are bound.
  const hosts = hostname === '127.0.0.1' ? ['127.0.0.1'] : hostname === '[::1]' ? ['::1'] : ['127.0.0.1', '::1'];
  for (const host of hosts) {
    const server = createServer({ headersTimeout: IDLE_MS, requestTimeout: IDLE_MS * 2, keepAliveTimeout: 1_000 }, handle);
    server.on('connection', admit);
    try {
      await bind(server, host, port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A machine without IPv6 loopback still reaches us on 127.0.0.1.
      if (hostname === 'localhost' && host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      await shutdown();
      throw bindError(code, host, port);
    }
    server.on('error', () => undefined); // late accept errors must not crash the run
    servers.push(server);
  }

  timer = setTimeout(
    () => {
      const uri = sanitize(options.redirectUri);
      void fail(
        new CliError('auth', 'timeout', `No sign-in reached ${uri} within ${options.timeoutSeconds} s.`, [
          'Sign in at the URL above, or run again with a longer --timeout.',
        ]),
      );
    },
    Math.min(options.timeoutSeconds * 1000, 2 ** 31 - 1),
  ).unref(); // the servers keep the process up

  const origin = `http://${hostname}:${port}`;
  return {
    result,
    close: () => (accepted ? closed : fail(cancelled())),
    startPage: (target) => {
      const path = `/ms-auth-start-${randomBytes(16).toString('base64url')}`;
      starts.set(path, target);
      return `${origin}${path}`;
    },
  };
}

function bind(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function bindError(code: string | undefined, host: string, port: number): CliError {
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new CliError('usage', 'port_in_use', `Port ${port} is already in use (${where}), so --listen cannot receive the sign-in.`, [
      `Stop the program using port ${port}, or register another loopback redirect URI (http://localhost:PORT/...) on the app and pass it with --redirect-uri.`,
    ]);
  }
  const hint = code === 'EACCES' ? listenDeniedHint(port, process.platform) : REGISTER_HINT;
  return new CliError('usage', 'listen_failed', `Cannot listen on ${where} (${code ?? 'unknown error'}).`, [hint]);
}

function donePage(callback: LoopbackCallback): string {
  if (callback.kind === 'code') return 'Signed in. You can close this tab and return to the terminal.';
  if (callback.kind === 'admin-consent') {
    return callback.granted
      ? 'Admin consent granted. You can close this tab and return to the terminal.'
      : 'Admin consent was not granted. Return to the terminal.';
  }
  const description = callback.description ? `: ${sanitize(callback.description)}` : '';
  return `Sign-in failed: ${sanitize(callback.error, { max: 100 })}${description}. Return to the terminal.`;
}

// A self-contained page; everything it shows is escaped, so a crafted query cannot inject markup.
function page(res: ServerResponse, status: number, text: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ms-auth</title></head><body><p>${escapeHtml(text)}</p></body></html>\n`;
  res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
