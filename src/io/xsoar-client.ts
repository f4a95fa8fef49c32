/**
 * XSOAR's REST API, the calls a push needs: about, integration search, instance save
 * and delete, the Test button, War Room commands and the playground lookup. One fetch
 * per run (io/http.ts: proxies, an extra CA; TLS verification is never turned off),
 * a timeout on every request, the API key only ever in a header, and every failure
 * mapped to an exit-coded error with the server's text sanitized.
 * Facts: ../shared/docs/xsoar-api.md.
 */
import { randomBytes } from 'node:crypto';
import {
  errorDetail,
  isKeyRefused,
  isVersionConflict,
  looksLikeHtml,
  readEntries,
  readTestResult,
  type Outcome,
} from '../core/xsoar-answers.js';
import { readSearch, type ModuleInstance, type SearchResult } from '../core/xsoar-instance.js';
import { authHeaders, nonceFrom, readAbout, type About, type ApiKey, type XsoarTarget } from '../core/xsoar-server.js';
import { sanitize } from '../core/sanitize.js';
import { CliError } from '../errors.js';
import type { Fetch } from './http.js';

export interface XsoarClientOptions {
  target: XsoarTarget;
  apiKey: ApiKey;
  fetch: Fetch;
  /** Seconds for ordinary requests (--http-timeout). */
  timeout: number;
  /** Seconds for the test and War Room commands, which start the integration's container. */
  longTimeout: number;
  /** The proxy requests go through, if any: named when a connection fails. */
  proxy?: string | undefined;
  /** Whether an extra CA was given (--xsoar-ca-file): changes the TLS hint. */
  caFile?: string | undefined;
  /** `--debug` lines: method, path, status and time only (bodies carry secrets). */
  debug?: ((line: string) => void) | undefined;
}

/** Thrown by `save` when XSOAR refused the save because the instance changed since it was read. */
export class VersionConflict extends Error {
  constructor(readonly detail: string) {
    super('version conflict');
    this.name = 'VersionConflict';
  }
}

export interface XsoarClient {
  readonly target: XsoarTarget;
  about(): Promise<About>;
  search(): Promise<SearchResult>;
  save(body: object): Promise<ModuleInstance>;
  remove(id: string): Promise<void>;
  test(body: object): Promise<Outcome>;
  execute(investigationId: string, command: string): Promise<Outcome>;
  /** XSOAR 6: the API key owner's playground, if the server can tell. */
  playground(): Promise<string | undefined>;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO/;

function connectionFailure(error: unknown, options: XsoarClientOptions, timeout: number): CliError {
  const where = options.target.url;
  const e = error as { name?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new CliError('network', 'xsoar_timeout', `No answer from the XSOAR server ${where} within ${timeout} s.`, [
      'Check the URL and the network, or allow more time with --http-timeout.',
    ]);
  }
  const code = sanitize(String(e.cause?.code ?? 'connection failed'), { max: 60 });
  if (TLS_CODES.test(code)) {
    return new CliError('network', 'xsoar_tls', `The TLS certificate of the XSOAR server ${where} is not trusted (${code}).`, [
      options.caFile
        ? `--xsoar-ca-file ${sanitize(options.caFile, { max: 200 })} does not vouch for it: pass the CA that signed the server's certificate (PEM).`
        : "For a server with its own (e.g. self-signed) CA, pass that CA's certificate with --xsoar-ca-file PATH (PEM). Verification is never turned off.",
    ]);
  }
  const proxy = options.proxy ? ` through the proxy ${options.proxy}` : '';
  return new CliError('network', 'xsoar_unreachable', `Cannot reach the XSOAR server ${where}${proxy} (${code}).`, [
    'Check --xsoar-url (or MS_AUTH_XSOAR_URL), the network and the proxy settings (HTTPS_PROXY, NO_PROXY).',
  ]);
}

const refused = (message: string, hints: string[] = [], code = 'xsoar_refused'): CliError => new CliError('xsoar', code, message, hints);

export function xsoarClient(options: XsoarClientOptions): XsoarClient {
  const { target } = options;

  async function call(
    method: string,
    path: string,
    body: unknown,
    timeout: number,
  ): Promise<{ status: number; text: string; contentType: string }> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...authHeaders(options.apiKey, { nonce: nonceFrom(randomBytes(64)), timestamp: Date.now() }),
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    };
    const started = Date.now();
    let response: Response;
    try {
      response = await options.fetch(`${target.base}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeout * 1000),
        redirect: 'manual',
      });
    } catch (error) {
      options.debug?.(`✗ XSOAR ${method} ${path} after ${Date.now() - started} ms`);
      throw connectionFailure(error, options, timeout);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw connectionFailure(error, options, timeout);
    }
    options.debug?.(`← XSOAR ${method} ${path} ${response.status} in ${Date.now() - started} ms`);
    return { status: response.status, text, contentType: response.headers.get('content-type') ?? '' };
  }

  /** A JSON answer of a 2xx, or the error that says why there is none. */
  async function json(method: string, path: string, body?: unknown, timeout = options.timeout): Promise<unknown> {
    const { status, text, contentType } = await call(method, path, body, timeout);
    if (isKeyRefused(status)) {
      const v6 = target.generation === 6;
      throw refused(
        `The XSOAR server ${target.url} refused the API key (HTTP ${status}${errorDetail(text) ? `: ${errorDetail(text)}` : ''}).`,
        [
          v6 && status === 401
            ? 'XSOAR 8 and XSIAM keys need their ID: pass --xsoar-key-id ID (and --xsoar-key-type advanced for an advanced key).'
            : 'Check the key (MS_AUTH_XSOAR_API_KEY, or the one stored for this server), its key ID and type, and that it is not expired or revoked.',
        ],
        'xsoar_key_refused',
      );
    }
    if (status >= 300 && status < 400) {
      throw refused(
        `The XSOAR server ${target.url} redirected ${path} (HTTP ${status}): is this the API URL?`,
        ['XSOAR 8 / XSIAM: use the URL of "Copy API URL" (https://api-<tenant>) and --xsoar-key-id.'],
        'xsoar_redirect',
      );
    }
    if (looksLikeHtml(contentType, text)) {
      throw refused(
        `${target.url} answered ${path} with a web page, not the API: this looks like the UI URL, not the API URL.`,
        [
          'XSOAR 8 / XSIAM: pass --xsoar-key-id (the API URL is https://api-<tenant>, from "Copy API URL"); XSOAR 6 multi-tenant: --xsoar-account NAME.',
        ],
        'xsoar_not_api',
      );
    }
    if (status < 200 || status >= 300) {
      if (method === 'PUT' && isVersionConflict(status, text)) throw new VersionConflict(errorDetail(text));
      const detail = errorDetail(text);
      throw refused(
        `The XSOAR server refused ${method} ${path} (HTTP ${status}${detail ? `: ${detail}` : ''}).`,
        status === 404 && path === '/about'
          ? [
              target.generation === 6
                ? 'An XSOAR 8 / XSIAM server? Pass --xsoar-key-id ID.'
                : 'An XSOAR 6 server? Leave out --xsoar-key-id.',
            ]
          : [],
      );
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw refused(
        `The XSOAR server ${target.url} answered ${path} with something that is not JSON (${sanitize(text, { max: 80 })}).`,
        [],
        'xsoar_garbage',
      );
    }
  }

  const garbage = (problem: string): CliError =>
    refused(`The XSOAR server ${target.url} answered, but ${problem}.`, ['Is this an XSOAR server, and its API URL?'], 'xsoar_garbage');

  return {
    target,
    async about() {
      const about = readAbout(await json('GET', '/about'));
      if ('problem' in about) throw garbage(about.problem);
      return about;
    },
    async search() {
      const found = readSearch(await json('POST', '/settings/integration/search', { size: 1000 }));
      if ('problem' in found) throw garbage(found.problem);
      return found;
    },
    async save(body) {
      const saved = await json('PUT', '/settings/integration', body);
      if (
        typeof saved !== 'object' ||
        saved === null ||
        typeof (saved as ModuleInstance).id !== 'string' ||
        (saved as ModuleInstance).id === ''
      ) {
        throw garbage('its answer to the instance save carries no instance id');
      }
      return saved as ModuleInstance;
    },
    async remove(id) {
      await json('DELETE', `/settings/integration/${encodeURIComponent(id)}`);
    },
    async test(body) {
      const result = readTestResult(await json('POST', '/settings/integration/test', body, options.longTimeout));
      if ('problem' in result) throw garbage(result.problem);
      return result;
    },
    async execute(investigationId, command) {
      const result = readEntries(await json('POST', '/entry/execute/sync', { investigationId, data: command }, options.longTimeout));
      if ('problem' in result) throw garbage(result.problem);
      return result;
    },
    async playground() {
      const found = await json('POST', '/investigations/search', { filter: { type: [9], page: 0 } });
      const list = (found as { data?: unknown } | undefined)?.data;
      const playgrounds = Array.isArray(list)
        ? list.filter((p): p is { id: string; creatingUserId?: unknown } => typeof (p as { id?: unknown })?.id === 'string')
        : [];
      if (playgrounds.length <= 1) return playgrounds[0]?.id;
      const user = (await json('GET', '/user')) as { username?: unknown; id?: unknown } | undefined;
      const mine = playgrounds.find(
        (p) => p.creatingUserId !== undefined && (p.creatingUserId === user?.username || p.creatingUserId === user?.id),
      );
      return mine?.id;
    },
  };
}
