/**
 * The fetch every Entra request goes through (openid-client's `customFetch`):
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY honoured through undici's EnvHttpProxyAgent
 * (loaded only when a proxy is configured), and `--debug` logging of each request and
 * response with every secret, code and token redacted.
 * https://undici.nodejs.org/#/docs/api/EnvHttpProxyAgent
 */
import { sanitize } from '../core/sanitize.js';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Form and JSON fields whose values never reach a log. */
const SECRET_FIELDS = new Set([
  'client_secret',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'client_assertion',
  'device_code',
  'password',
  'assertion',
]);

function redactForm(body: string): string {
  const params = new URLSearchParams(body);
  for (const key of [...params.keys()]) if (SECRET_FIELDS.has(key)) params.set(key, '[redacted]');
  return decodeURIComponent(params.toString().replace(/\+/g, '%20'));
}

function redactJson(text: string): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    return JSON.stringify(parsed, (key, value: unknown) => (SECRET_FIELDS.has(key) ? '[redacted]' : value));
  } catch {
    return '(not JSON)';
  }
}

/** The proxy the environment names, if any (credentials in it are not shown). */
export function proxyOf(env: NodeJS.ProcessEnv): string | undefined {
  const value = env['HTTPS_PROXY'] || env['https_proxy'] || env['HTTP_PROXY'] || env['http_proxy'];
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return 'the configured proxy';
  }
}

const hasProxy = (env: NodeJS.ProcessEnv): boolean => proxyOf(env) !== undefined;

export interface HttpOptions {
  env: NodeJS.ProcessEnv;
  /** Where debug lines go; undefined when --debug is off. */
  debug?: ((line: string) => void) | undefined;
  /** Certificates (PEM) trusted besides the default ones, for a server with its own CA; verification stays on. */
  ca?: string | undefined;
}

/** Node's roots, NODE_EXTRA_CA_CERTS (which an explicit `ca` would otherwise drop), and the extra CA. */
async function trustedCas(env: NodeJS.ProcessEnv, extra: string): Promise<string[]> {
  const [{ rootCertificates }, { readFile }] = await Promise.all([import('node:tls'), import('node:fs/promises')]);
  const fromEnv = env['NODE_EXTRA_CA_CERTS'] ? await readFile(env['NODE_EXTRA_CA_CERTS'], 'utf8').catch(() => '') : '';
  return [...rootCertificates, ...(fromEnv ? [fromEnv] : []), extra];
}

export async function makeFetch(options: HttpOptions): Promise<Fetch> {
  let send: Fetch = (url, init) => fetch(url, init);
  if (hasProxy(options.env) || options.ca !== undefined) {
    const loaded = await import('undici');
    // In the bundle (dist/), this CommonJS package arrives as the default export only.
    const undici = 'EnvHttpProxyAgent' in loaded ? loaded : (loaded as unknown as { default: typeof loaded }).default;
    const tls = options.ca === undefined ? {} : { ca: await trustedCas(options.env, options.ca) };
    const dispatcher = new undici.EnvHttpProxyAgent({ connect: tls, requestTls: tls });
    send = (url, init) => undici.fetch(url, { ...(init as object), dispatcher });
  }
  const debug = options.debug;
  if (!debug) return send;
  return async (url, init) => {
    const started = Date.now();
    const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : '';
    // The secrets this request sent are scrubbed wherever they come back (a server that echoes them).
    const sent = [...new URLSearchParams(body)]
      .filter(([key, value]) => SECRET_FIELDS.has(key) && value.length >= 4)
      .map(([, value]) => value);
    const scrub = (text: string) =>
      sanitize(
        sent.reduce((out, value) => out.split(value).join('[redacted]'), text),
        { max: 4000 },
      );
    debug(scrub(`→ ${init.method ?? 'GET'} ${url}${body ? ` ${redactForm(body)}` : ''}`));
    try {
      const response = await send(url, init);
      const text = await response.clone().text();
      debug(scrub(`← ${response.status} ${url} in ${Date.now() - started} ms ${redactJson(text)}`));
      return response;
    } catch (error) {
      debug(scrub(`✗ ${url} after ${Date.now() - started} ms: ${(error as Error).name}: ${(error as Error).message}`));
      throw error;
    }
  };
}
