/**
 * A tiny XSOAR API client for the stand-in's own tests: JSON in, status and JSON (or text) out,
 * with the key headers of each generation. Deliberately plain, so each test states what it sends.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { XsoarStandin } from './xsoar-standin.js';

export interface Answer {
  status: number;
  body: any;
  text: string;
  contentType: string;
}

export interface CallOptions {
  /** Headers replacing the key headers (e.g. a wrong key, or none: `{}`). */
  headers?: Record<string, string>;
  /** Raw body text instead of JSON. */
  raw?: string;
  /** Path prefix for the generation (default: '' for v6, '/xsoar' for v8). */
  prefix?: string;
}

const NONCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The headers of an XSOAR 8 advanced key (xsoar-api.md 1.2). */
export function advancedHeaders(apiKey: string, keyId: string, opts: { nonce?: string; timestamp?: string } = {}): Record<string, string> {
  const nonce = opts.nonce ?? [...randomBytes(64)].map((b) => NONCE_CHARS[b % NONCE_CHARS.length]).join('');
  const timestamp = opts.timestamp ?? String(Date.now());
  return {
    authorization: createHash('sha256').update(`${apiKey}${nonce}${timestamp}`).digest('hex'),
    'x-xdr-auth-id': keyId,
    'x-xdr-nonce': nonce,
    'x-xdr-timestamp': timestamp,
  };
}

export function keyHeaders(s: XsoarStandin): Record<string, string> {
  if (s.mode === 'v6') return { authorization: s.apiKey };
  if (s.keyKind === 'advanced') return advancedHeaders(s.apiKey, s.apiKeyId ?? '');
  return { authorization: s.apiKey, 'x-xdr-auth-id': s.apiKeyId ?? '' };
}

export async function call(s: XsoarStandin, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Answer> {
  const prefix = opts.prefix ?? (s.mode === 'v8' ? '/xsoar' : '');
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? keyHeaders(s)) };
  let payload: string | undefined = opts.raw;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${s.url}${prefix}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text, contentType: response.headers.get('content-type') ?? '' };
}

/** A module configuration from the search answer, by brand. */
export async function configurationOf(s: XsoarStandin, brand: string, prefix?: string): Promise<any> {
  const search = await call(s, 'POST', '/settings/integration/search', { size: 500 }, prefix === undefined ? {} : { prefix });
  const config = search.body.configurations.find((c: { name: string }) => c.name === brand);
  if (!config) throw new Error(`no configuration ${brand}`);
  return config;
}

/**
 * A full instance body the way the vendor's SDK builds one: every parameter definition copied
 * into `data`, `values` set (type 9 values given as objects), defaults copied otherwise.
 */
export function instanceBody(
  config: any,
  name: string,
  values: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const data = config.configuration.map((field: any) => {
    const entry: Record<string, unknown> = { ...field };
    if (field.name in values) Object.assign(entry, { value: values[field.name], hasvalue: true });
    else if (field.defaultValue !== '')
      Object.assign(entry, { value: field.type === 8 ? field.defaultValue === 'true' : field.defaultValue, hasvalue: true });
    return entry;
  });
  return {
    name,
    brand: config.name,
    category: config.category,
    configuration: config,
    data,
    enabled: 'true',
    engine: '',
    id: '',
    version: 0,
    isIntegrationScript: true,
    passwordProtected: false,
    incomingMapperId: config.defaultMapperIn,
    mappingId: config.defaultClassifier,
    outgoingMapperId: config.defaultMapperOut,
    defaultIgnore: false,
    propagationLabels: ['all'],
    ...extra,
  };
}

/** The stored instance from a search, as the server answers it. */
export async function searchedInstance(s: XsoarStandin, name: string): Promise<any> {
  const search = await call(s, 'POST', '/settings/integration/search', {});
  return search.body.instances.find((i: { name: string }) => i.name === name);
}

export const pwd = (password: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  credential: '',
  identifier: '',
  password,
  passwordChanged: false,
  ...extra,
});

export async function execute(s: XsoarStandin, command: string, investigationId = s.playgroundId): Promise<Answer> {
  return call(s, 'POST', '/entry/execute/sync', { investigationId, data: command });
}
