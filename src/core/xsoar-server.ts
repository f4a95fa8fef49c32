/**
 * Which XSOAR answers, and how to address it: the API base URL for XSOAR 6 (paths at
 * the root, `/acc_NAME` for a multi-tenant account) and XSOAR 8 / XSIAM (`api-` host,
 * paths under `/xsoar`), the server kind read from `GET /about`, and the auth headers
 * of standard and advanced API keys. Pure: values in, values out.
 * Facts: ../shared/docs/xsoar-api.md sections 1.1-1.3 (demisto-sdk, demisto-py, Core REST API).
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

export const KEY_TYPES = ['standard', 'advanced'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export interface XsoarTarget {
  /** The server URL as the operator gave it, after any `api-` rewrite (no trailing slash). */
  url: string;
  /** `scheme://host[:port]`: what the API key is stored under in the keychain. */
  origin: string;
  /** 8 for XSOAR 8 / XSIAM (a key ID was given), else 6. */
  generation: 6 | 8;
  /** Where the endpoints hang: `{url}`, `{url}/acc_NAME` or `{url}/xsoar`. */
  base: string;
  /** The `api-` rewrite, when one was made: said on stderr. */
  rewrittenFrom?: string | undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const ACCOUNT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The target for a server URL. A key ID means XSOAR 8 / XSIAM: its API host is the
 * tenant's FQDN with an `api-` prefix, added when missing as demisto-py does (not for
 * IP addresses or `localhost`, which have no such sibling).
 */
export function xsoarTarget(
  raw: string,
  options: { keyId?: string | undefined; account?: string | undefined },
): { target: XsoarTarget } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { problem: 'is not a URL (e.g. https://xsoar.example.com).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'must be an https: URL.' };
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    return { problem: 'must be https: (http: only for localhost, 127.0.0.1 and [::1]).' };
  if (url.username || url.password)
    return { problem: 'must not carry a user name or password: the API key goes in MS_AUTH_XSOAR_API_KEY, the keychain or the prompt.' };
  if (url.search || url.hash) return { problem: 'must not have a query or fragment.' };
  const generation = options.keyId !== undefined ? 8 : 6;
  if (options.account !== undefined) {
    if (!ACCOUNT.test(options.account)) return { problem: `--xsoar-account must match ${ACCOUNT.source}.` };
    if (generation === 8)
      return { problem: '--xsoar-account applies to multi-tenant XSOAR 6 only; XSOAR 8 / XSIAM tenants have their own URL.' };
  }
  let rewrittenFrom: string | undefined;
  const host = url.hostname;
  if (generation === 8 && !host.startsWith('api-') && !isIP(host.replace(/^\[|\]$/g, '')) && !LOOPBACK.has(host)) {
    rewrittenFrom = url.origin;
    url = new URL(`https://api-${url.host}${url.pathname}`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  const given = `${url.origin}${path}`;
  const base =
    generation === 8 ? (path.endsWith('/xsoar') ? given : `${given}/xsoar`) : options.account ? `${given}/acc_${options.account}` : given;
  return { target: { url: given, origin: url.origin, generation, base, ...(rewrittenFrom && { rewrittenFrom }) } };
}

export type ServerKind = 'xsoar-6' | 'xsoar-8' | 'xsiam';

export interface About {
  version: string;
  kind: ServerKind;
  /** "XSOAR 6.13.0", "XSIAM 8.6.0": what the operator is told. */
  label: string;
}

/**
 * The server kind from `/about`, as demisto-sdk decides it. Only `demistoVersion` is
 * required: older servers send nothing else, and extra fields are ignored.
 */
export function readAbout(body: unknown): About | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problem: 'its /about answer is not a JSON object' };
  const fields = body as Record<string, unknown>;
  const version = fields['demistoVersion'];
  if (typeof version !== 'string' || !/^\d+(\.\d+)*/.test(version)) return { problem: 'its /about answer has no demistoVersion' };
  const productMode = typeof fields['productMode'] === 'string' ? fields['productMode'].toLowerCase() : undefined;
  const deploymentMode = typeof fields['deploymentMode'] === 'string' ? fields['deploymentMode'].toLowerCase() : undefined;
  const major = Number.parseInt(version, 10);
  const kind: ServerKind = productMode === 'xsiam' ? 'xsiam' : deploymentMode === 'saas' || major >= 8 ? 'xsoar-8' : 'xsoar-6';
  const name = kind === 'xsiam' ? 'XSIAM' : 'XSOAR';
  return { version, kind, label: `${name} ${version.slice(0, 40)}` };
}

export interface ApiKey {
  key: string;
  keyId?: string | undefined;
  keyType: KeyType;
}

/** 64 characters of [A-Za-z0-9] from random bytes (the advanced key's nonce). */
export function nonceFrom(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(bytes.subarray(0, 64), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * The auth headers of one request. XSOAR 6 and standard keys send the key itself;
 * an advanced key sends SHA-256(key + nonce + timestamp) in lowercase hex with the
 * nonce and the millisecond timestamp, so a captured request cannot be replayed.
 */
export function authHeaders(apiKey: ApiKey, fresh: { nonce: string; timestamp: number }): Record<string, string> {
  if (apiKey.keyId === undefined) return { Authorization: apiKey.key };
  if (apiKey.keyType === 'standard') return { Authorization: apiKey.key, 'x-xdr-auth-id': apiKey.keyId };
  const timestamp = String(fresh.timestamp);
  return {
    Authorization: createHash('sha256').update(`${apiKey.key}${fresh.nonce}${timestamp}`, 'utf8').digest('hex'),
    'x-xdr-auth-id': apiKey.keyId,
    'x-xdr-nonce': fresh.nonce,
    'x-xdr-timestamp': timestamp,
  };
}

/** Checks a key ID: the numeric ID XSOAR 8 / XSIAM shows next to the key. */
export const checkKeyId = (value: string): string | undefined =>
  /^\d{1,12}$/.test(value) ? undefined : 'must be the API key\'s numeric ID (the "ID" column of the API keys page).';

/** The keychain account of a server's API key (contract: Storage, v2). */
export const apiKeyAccount = (origin: string): string => `xsoar-api-key:${origin}`;
