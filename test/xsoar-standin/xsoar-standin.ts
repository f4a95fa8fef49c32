/**
 * A stand-in for Cortex XSOAR's REST API, for tests: an HTTP(S) server on 127.0.0.1 that
 * implements what `ms-auth push` uses, for both server generations, as strictly as
 * ../shared/docs/xsoar-api.md section 8 asks ("What a faithful test double does"):
 *
 * - `v6`: endpoints at the root (multi-tenant accounts under `/acc_<name>/`), `Authorization:
 *   <key>`; a bad or missing key gets 403 with the CSRF body. `v8`: `/xsoar/<path>` and (for
 *   search, PUT and execute) `/xsoar/public/v1/<path>`, root paths 404, `x-xdr-auth-id` required,
 *   a standard or an advanced key (hash of key + nonce + timestamp, 5 minutes, single-use nonce);
 *   a bad key gets 401.
 * - `/about`, `/health/server` (v8 also `/public_api/v1/healthcheck`); `POST
 *   /settings/integration/search`, `PUT /settings/integration`, `DELETE /settings/integration/{id}`,
 *   `POST /settings/integration/test`, `POST /entry/execute/sync`, `POST /investigations/search`,
 *   `GET /user`, the credentials store (`POST|PUT /settings/credentials`, `POST
 *   /settings/credentials/delete`).
 * - Integration definitions from XSOAR's own YAMLs (xsoar-definitions.ts); instance rules,
 *   masking and conflicts in xsoar-instances.ts; the test and commands run the integration's
 *   authentication against the Entra stand-in as MicrosoftApiModule does (xsoar-auth.ts), with a
 *   per-instance integration context.
 * - A request log (bodies with secrets as sent, in memory only) and fault injection.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogEntry, runCommand, type IntegrationContext, type TokenRequestRecord } from './xsoar-auth.js';
import { knownBrands, moduleConfiguration, type ModuleConfiguration } from './xsoar-definitions.js';
import {
  errorBody,
  maskInstance,
  notWellFormed,
  paramsOf,
  resolveData,
  unmarshalInstance,
  type StoredCredential,
  type StoredInstance,
  type XsoarError,
} from './xsoar-instances.js';
import { makeServerCertificate } from './xsoar-tls.js';
import { INTEGRATIONS } from '../../src/core/catalog.js';

export { XSOAR_MASK } from './xsoar-instances.js';
export { withOrganizationsAlias, type IntegrationContext } from './xsoar-auth.js';

export type XsoarMode = 'v6' | 'v8';

export interface XsoarStandinOptions {
  /** Server generation (default v6). */
  mode?: XsoarMode;
  /** Serve https with a certificate from a throwaway CA; `caFile`/`caPem` give the CA to trust. */
  https?: boolean;
  /** The API key (default: 32 random hex characters). */
  apiKey?: string;
  /** v8: the key's numeric ID (default '7'). */
  apiKeyId?: string;
  /** v8: 'standard' (the key itself) or 'advanced' (hashed with nonce and timestamp); default standard. */
  keyKind?: 'standard' | 'advanced';
  /** v6 multi-tenant: account names reachable as `/acc_<name>/...`, each with its own instances. */
  accounts?: string[];
  /** Replaces the whole `/about` answer (e.g. `{demistoVersion: '6.2.0'}` for an older server). */
  about?: Record<string, unknown>;
  /**
   * Installed integrations, by brand (`commonfields.id`, e.g. 'Microsoft Graph User') or catalog id
   * ('msgraph-user'); `edit` may change the definition (e.g. add a parameter a newer version has).
   * Default: every integration of ms-auth's catalog that the shared content holds.
   */
  integrations?: (string | { brand: string; edit?: (c: ModuleConfiguration) => void })[];
  /** The Entra stand-in's URL: every cloud's login host, for the integrations' token requests. */
  entraUrl?: string;
  /** The key owner's username (default 'admin'). */
  username?: string;
  /** Other investigations a command may run in (XSOAR 8: the operator's playground ID is the key owner's playground). */
  investigations?: string[];
}

/** One request the stand-in received. */
export interface XsoarRequestRecord {
  method: string;
  /** The path as sent, with any query. */
  path: string;
  /** v6 multi-tenant: the account of an `/acc_<name>/` path. */
  account?: string;
  headers: Record<string, string>;
  /** The JSON body as sent (secrets included), or the raw text when it is not JSON. */
  body?: unknown;
  status?: number;
  /** Things the stand-in did quietly, e.g. a password ignored because `passwordChanged` was not true. */
  notes: string[];
  /** Token requests the integration code made to Entra while answering (test, commands). */
  tokenRequests: TokenRequestRecord[];
}

/** A fault for the next matching request. */
export type XsoarFault =
  /** 200 with a login page (a proxy or the UI URL instead of the API). */
  | 'html'
  /** 200 `application/json` whose body does not parse. */
  | 'garbage'
  /** The connection is cut without an answer. */
  | 'reset'
  /** The next PUT of an existing instance finds it saved by someone else meanwhile (its version moved on). */
  | 'conflict'
  | { status: number; body?: string }
  /** Wait, then answer normally. */
  | { delayMs: number };

export interface XsoarStandin {
  /** The server URL an operator gives (`http(s)://127.0.0.1:PORT`). */
  url: string;
  /** v8: the API URL (same origin here; loopback has no `api-` host). */
  apiUrl?: string;
  mode: XsoarMode;
  apiKey: string;
  apiKeyId?: string;
  /** v8: which kind of key the server expects. */
  keyKind?: 'standard' | 'advanced';
  /** https: the CA certificate to trust, as PEM and as a file (removed on close). */
  caPem?: string;
  caFile?: string;
  /** The key owner's playground (v8 cannot look it up: pass it as the investigation). */
  playgroundId: string;
  log: XsoarRequestRecord[];
  /** Makes the next request (or the next matching one) fail this way. */
  failNext(fault: XsoarFault, match?: { method?: string; path?: string | RegExp }): void;
  /** Stored instances with their secrets in clear (copies), of the main tenant or an account. */
  instances(account?: string): StoredInstance[];
  instance(name: string, account?: string): StoredInstance | undefined;
  /** An instance's integration context (a copy); undefined when the instance does not exist. */
  context(name: string, account?: string): IntegrationContext | undefined;
  setContext(name: string, context: IntegrationContext, account?: string): void;
  /** Someone else saves the instance: its version moves on (optionally with changed data values). */
  editInstance(name: string, values?: Record<string, unknown>, account?: string): void;
  close(): Promise<void>;
}

interface TenantState {
  instances: Map<string, StoredInstance>;
  contexts: Map<string, IntegrationContext>;
  credentials: Map<string, StoredCredential>;
}

const CSRF_FORBIDDEN: XsoarError = {
  status: 403,
  id: 'forbidden',
  title: 'Forbidden',
  detail: 'Issue with CSRF code',
  error: 'http: named cookie not present',
};
const unauthorized = (error: string): XsoarError => ({
  status: 401,
  id: 'unauthorized',
  title: 'Unauthorized',
  detail: 'Public API request unauthorized',
  error,
});
const ADVANCED_WINDOW_MS = 5 * 60 * 1000;
/** Paths seen under `/xsoar/public/v1/` (xsoar-api.md 1.2); the others exist only under `/xsoar/`. */
const PUBLIC_V1 = new Set(['settings/integration/search', 'settings/integration', 'entry/execute/sync']);
const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Cortex XSOAR</title></head><body><div id="app">Sign in to Cortex XSOAR</div></body></html>';

const DEFAULT_ABOUT: Record<XsoarMode, Record<string, unknown>> = {
  v6: {
    demistoVersion: '6.13.0',
    buildNum: '1234567',
    productMode: 'xsoar',
    deploymentMode: 'opp',
    platform: 'linux',
    edition: 'Enterprise',
  },
  v8: { demistoVersion: '8.9.0', buildNum: '9876543', productMode: 'xsoar', deploymentMode: 'saas', platform: 'linux' },
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
const sendError = (res: ServerResponse, e: XsoarError): void => sendJson(res, e.status, errorBody(e));
/** Go's http.NotFound. */
function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end('404 page not found\n');
}

/** `!cmd a=1 b="x y" using="inst"` → command and arguments (quotes: ", ' or `). */
function parseCommandLine(line: string): { command: string; args: Record<string, string> } | undefined {
  const m = /^!(\S+)\s*(.*)$/s.exec(line.trim());
  if (!m) return undefined;
  const args: Record<string, string> = {};
  const re = /([\w-]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+))/g;
  for (const a of (m[2] ?? '').matchAll(re)) args[a[1] ?? ''] = a[2]?.replace(/\\(.)/g, '$1') ?? a[3] ?? a[4] ?? a[5] ?? '';
  return { command: m[1] ?? '', args };
}

export async function startXsoarStandin(options: XsoarStandinOptions = {}): Promise<XsoarStandin> {
  const mode = options.mode ?? 'v6';
  const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
  const apiKeyId = options.apiKeyId ?? '7';
  const keyKind = options.keyKind ?? 'standard';
  const username = options.username ?? 'admin';
  const marketplaces = mode === 'v6' ? ['xsoar', 'xsoar_on_prem'] : ['xsoar', 'xsoar_saas'];
  const playgroundId = `playground-${username}`;
  const openInvestigations = new Set([playgroundId, ...(options.investigations ?? [])]);
  const otherPlayground = { id: 'playground-analyst', creatingUserId: 'analyst', type: 9, name: 'Playground', status: 0 };

  const installable = new Set(knownBrands());
  const defaults = INTEGRATIONS.map((i) => i.xsoarId).filter((brand) => installable.has(brand));
  const configurations: ModuleConfiguration[] = (options.integrations ?? defaults).map((spec) => {
    const { brand, edit } = typeof spec === 'string' ? { brand: spec, edit: undefined } : spec;
    const config = moduleConfiguration(INTEGRATIONS.find((i) => i.id === brand)?.xsoarId ?? brand, marketplaces);
    edit?.(config);
    return config;
  });
  const configByBrand = new Map(configurations.map((c) => [c.name, c]));

  const newTenant = (): TenantState => ({ instances: new Map(), contexts: new Map(), credentials: new Map() });
  const tenants = new Map<string, TenantState>([['', newTenant()]]);
  for (const account of options.accounts ?? []) tenants.set(account, newTenant());
  const tenantOf = (account?: string): TenantState => {
    const t = tenants.get(account ?? '');
    if (!t) throw new Error(`xsoar stand-in: no account ${JSON.stringify(account)}`);
    return t;
  };

  const log: XsoarRequestRecord[] = [];
  const faults: { fault: XsoarFault; match?: { method?: string; path?: string | RegExp } }[] = [];
  const usedNonces = new Set<string>();
  const sockets = new Set<import('node:net').Socket>();
  let sequence = 0;
  let entrySequence = 0;

  /** Checks the key; the error to answer, or undefined. */
  function authenticate(req: IncomingMessage): XsoarError | undefined {
    const authorization = req.headers.authorization ?? '';
    if (mode === 'v6') return authorization === apiKey ? undefined : CSRF_FORBIDDEN;
    const header = (name: string): string => {
      const v = req.headers[name];
      return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    };
    if (header('x-xdr-auth-id') !== apiKeyId) return unauthorized('missing or unknown x-xdr-auth-id');
    if (keyKind === 'standard') return authorization === apiKey ? undefined : unauthorized('invalid api key');
    const nonce = header('x-xdr-nonce');
    const timestamp = header('x-xdr-timestamp');
    if (!/^[A-Za-z0-9]{64}$/.test(nonce)) return unauthorized('x-xdr-nonce must be 64 characters [A-Za-z0-9]');
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > ADVANCED_WINDOW_MS)
      return unauthorized('x-xdr-timestamp missing or outside the allowed window');
    const expected = createHash('sha256').update(`${apiKey}${nonce}${timestamp}`, 'utf8').digest('hex');
    if (authorization !== expected) return unauthorized('invalid api key');
    if (usedNonces.has(nonce)) return unauthorized('nonce already used');
    usedNonces.add(nonce);
    return undefined;
  }

  /** The endpoint path (without prefixes) and account, or undefined for a path this generation does not serve. */
  function route(pathname: string): { path: string; account?: string; public?: boolean } | undefined {
    if (mode === 'v8') {
      if (pathname === '/public_api/v1/healthcheck') return { path: 'public_api/v1/healthcheck' };
      const pub = /^\/xsoar\/public\/v1\/(.+)$/.exec(pathname);
      if (pub)
        return PUBLIC_V1.has((pub[1] ?? '').replace(/\/$/, '')) ? { path: (pub[1] ?? '').replace(/\/$/, ''), public: true } : undefined;
      const x = /^\/xsoar\/(.+)$/.exec(pathname);
      return x ? { path: (x[1] ?? '').replace(/\/$/, '') } : undefined;
    }
    const acc = /^\/acc_([^/]+)\/(.+)$/.exec(pathname);
    if (acc) return tenants.has(acc[1] ?? '') && acc[1] ? { path: (acc[2] ?? '').replace(/\/$/, ''), account: acc[1] } : undefined;
    return { path: pathname.replace(/^\/+|\/+$/g, '') };
  }

  function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; error: XsoarError } {
    try {
      return { ok: true, value: JSON.parse(raw) as unknown };
    } catch (err) {
      return { ok: false, error: notWellFormed((err as Error).message) };
    }
  }

  function saveInstance(
    tenant: TenantState,
    body: Record<string, unknown>,
    notes: string[],
    conflictPending: boolean,
  ): StoredInstance | XsoarError {
    const brand = typeof body['brand'] === 'string' ? body['brand'] : '';
    const configuration = configByBrand.get(brand);
    if (!configuration) {
      const byDisplay = configurations.find((c) => c.display === brand);
      const hint = byDisplay ? ` ("${brand}" is the display name of "${byDisplay.name}"; brand takes the name)` : '';
      return {
        status: 400,
        id: 'errUnknownIntegration',
        title: 'Unknown integration',
        detail: `No integration "${brand}" is installed${hint}`,
        error: `integration ${brand} not found`,
      };
    }
    const id = typeof body['id'] === 'string' ? body['id'] : '';
    const existing = id ? tenant.instances.get(id) : undefined;
    if (id && !existing)
      return {
        status: 400,
        id: 'errInstanceNotFound',
        title: 'Instance not found',
        detail: `No integration instance with id "${id}"`,
        error: `instance ${id} not found`,
      };
    if (existing && conflictPending) {
      existing.version += 1;
      notes.push(`conflict injected: ${existing.name} saved by someone else (version now ${existing.version})`);
    }
    const version = typeof body['version'] === 'number' ? body['version'] : 0;
    const current = existing?.version ?? 0;
    if (version !== -1 && version !== current) {
      return {
        status: 400,
        id: 'errVersionMismatch',
        title: 'Version mismatch',
        detail: `The integration instance was modified by someone else (version ${version}, current ${current}). Reload and try again.`,
        error: 'version mismatch',
      };
    }
    const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
    if (!name)
      return {
        status: 400,
        id: 'errMissingInstanceName',
        title: 'Missing instance name',
        detail: 'An integration instance needs a name',
        error: 'empty name',
      };
    const clash = [...tenant.instances.values()].find((i) => i.name === name && i.id !== id);
    if (clash)
      return {
        status: 400,
        id: 'errDuplicateInstanceName',
        title: 'Duplicate instance name',
        detail: `An integration instance named "${name}" already exists`,
        error: `instance name ${name} already exists`,
      };
    const enabled = body['enabled'] === null || body['enabled'] === undefined ? 'false' : body['enabled'];
    if (enabled !== 'true' && enabled !== 'false')
      return notWellFormed(`invalid value ${JSON.stringify(enabled)} for enabled: want "true" or "false"`);
    const data = resolveData({ body, configuration, existing, credentials: tenant.credentials, notes });
    if ('status' in data) return data;
    const str = (k: string, fallback = ''): string => (typeof body[k] === 'string' ? body[k] : fallback);
    const bool = (k: string, fallback = false): boolean => (typeof body[k] === 'boolean' ? body[k] : fallback);
    sequence += 1;
    const saved: StoredInstance = {
      id:
        existing?.id ??
        randomBytes(8)
          .toString('hex')
          .replace(/^(.{8})(.{4})(.{4})$/, '$1-$2-$3'),
      name,
      brand,
      category: configuration.category,
      enabled,
      version: current + 1,
      data,
      configuration: structuredClone(configuration),
      isIntegrationScript: bool('isIntegrationScript', true),
      engine: str('engine'),
      engineGroup: str('engineGroup'),
      defaultIgnore: bool('defaultIgnore'),
      incomingMapperId: str('incomingMapperId', configuration.defaultMapperIn),
      mappingId: str('mappingId', configuration.defaultClassifier),
      outgoingMapperId: str('outgoingMapperId', configuration.defaultMapperOut),
      propagationLabels: Array.isArray(body['propagationLabels']) ? (body['propagationLabels'] as string[]) : ['all'],
      integrationLogLevel: str('integrationLogLevel'),
      passwordProtected: bool('passwordProtected'),
      canSample: bool('canSample'),
      isLongRunning: bool('isLongRunning'),
      modified: new Date().toISOString(),
      sequenceNumber: sequence,
      primaryTerm: 1,
      cacheVersn: 0,
      sizeInBytes: 0,
      packID: configuration.packID,
      packName: configuration.packName,
      itemVersion: '',
    };
    saved.sizeInBytes = JSON.stringify(saved).length;
    tenant.instances.set(saved.id, saved);
    if (!tenant.contexts.has(saved.id)) tenant.contexts.set(saved.id, {});
    return saved;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: XsoarRequestRecord, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const target = route(url.pathname);
    if (!target) return notFound(res);
    if (target.account !== undefined) record.account = target.account;
    const tenant = tenantOf(target.account);
    const method = req.method ?? 'GET';
    const denied = authenticate(req);
    if (denied) return sendError(res, denied);

    const jsonBody = (): { ok: true; value: unknown } | { ok: false; error: XsoarError } => parseJson(raw);
    const wrongMethod = (allowed: string[]): boolean => {
      if (allowed.includes(method)) return false;
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: allowed.join(', ') });
      res.end('Method Not Allowed\n');
      return true;
    };
    const path = target.path;

    if (path === 'about') {
      if (wrongMethod(['GET'])) return;
      return sendJson(res, 200, options.about ?? DEFAULT_ABOUT[mode]);
    }
    if (path === 'health/server' || (mode === 'v8' && path === 'public_api/v1/healthcheck')) {
      if (wrongMethod(['GET'])) return;
      return path === 'health/server' ? sendJson(res, 200, { status: 'ok' }) : sendJson(res, 200, { status: 'available' });
    }
    if (path === 'settings/integration/search') {
      if (wrongMethod(['POST'])) return;
      const body = jsonBody();
      if (!body.ok) return sendError(res, body.error);
      if (body.value === null || typeof body.value !== 'object' || Array.isArray(body.value))
        return sendError(
          res,
          notWellFormed(
            `json: cannot unmarshal ${Array.isArray(body.value) ? 'array' : typeof body.value} into Go value of type entity.IntegrationSearch`,
          ),
        );
      return sendJson(res, 200, {
        configurations: configurations.map((c) => structuredClone(c)),
        instances: [...tenant.instances.values()].map(maskInstance),
        engines: { total: 0, engines: [] },
        health: {},
      });
    }
    if (path === 'settings/integration') {
      if (wrongMethod(['PUT'])) return;
      const body = jsonBody();
      if (!body.ok) return sendError(res, body.error);
      const unmarshalError = unmarshalInstance(body.value);
      if (unmarshalError) return sendError(res, unmarshalError);
      const conflictIndex = faults.findIndex((f) => f.fault === 'conflict');
      const b = body.value as Record<string, unknown>;
      const conflict = conflictIndex >= 0 && typeof b['id'] === 'string' && b['id'] !== '' && tenant.instances.has(b['id']);
      if (conflict) faults.splice(conflictIndex, 1);
      const saved = saveInstance(tenant, b, record.notes, conflict);
      if ('status' in saved) return sendError(res, saved);
      return sendJson(res, 200, maskInstance(saved));
    }
    const del = /^settings\/integration\/(.+)$/.exec(path);
    if (del && del[1] !== 'search' && del[1] !== 'test') {
      if (wrongMethod(['DELETE'])) return;
      const id = decodeURIComponent(del[1] ?? '');
      if (!tenant.instances.delete(id))
        return sendError(res, {
          status: 400,
          id: 'errInstanceNotFound',
          title: 'Instance not found',
          detail: `No integration instance with id "${id}"`,
          error: `instance ${id} not found`,
        });
      tenant.contexts.delete(id);
      return sendJson(res, 200, {});
    }
    if (path === 'settings/integration/test') {
      if (wrongMethod(['POST'])) return;
      const body = jsonBody();
      if (!body.ok) return sendError(res, body.error);
      const unmarshalError = unmarshalInstance(body.value);
      if (unmarshalError) return sendError(res, unmarshalError);
      const b = body.value as Record<string, unknown>;
      const brand = typeof b['brand'] === 'string' ? b['brand'] : '';
      const configuration = configByBrand.get(brand);
      if (!configuration)
        return sendError(res, {
          status: 400,
          id: 'errUnknownIntegration',
          title: 'Unknown integration',
          detail: `No integration "${brand}" is installed`,
          error: `integration ${brand} not found`,
        });
      const existing = typeof b['id'] === 'string' && b['id'] ? tenant.instances.get(b['id']) : undefined;
      const data = resolveData({ body: b, configuration, existing, credentials: tenant.credentials, notes: record.notes });
      if ('status' in data) return sendError(res, data);
      // The Test button runs test-module with the form's values; the context it sees is never kept.
      const commands = configuration.integrationScript.commands.map((c) => c.name);
      const result = await runCommand({
        brand,
        command: 'test-module',
        commands,
        params: paramsOf(data, tenant.credentials),
        context: {},
        entraUrl: options.entraUrl,
        tokenRequests: record.tokenRequests,
      });
      return sendJson(res, 200, { success: result.ok, message: result.ok ? '' : result.message });
    }
    if (path === 'entry/execute/sync') {
      if (wrongMethod(['POST'])) return;
      const body = jsonBody();
      if (!body.ok) return sendError(res, body.error);
      const b = body.value as Record<string, unknown> | null;
      if (!b || typeof b !== 'object' || Array.isArray(b))
        return sendError(res, notWellFormed('json: cannot unmarshal into Go value of type entity.ExecuteEntry'));
      if (typeof b['investigationId'] !== 'string' || typeof b['data'] !== 'string')
        return sendError(res, notWellFormed('investigationId and data must be strings'));
      const investigationId = b['investigationId'];
      if (!openInvestigations.has(investigationId))
        return sendError(res, {
          status: 400,
          id: 'errInvestigationNotFound',
          title: 'Investigation not found',
          detail: `Could not find investigation "${investigationId}"`,
          error: `investigation ${investigationId} not found`,
        });
      return sendJson(res, 200, await execute(tenant, investigationId, b['data'], record));
    }
    if (path === 'investigations/search') {
      if (wrongMethod(['POST'])) return;
      const body = jsonBody();
      if (!body.ok) return sendError(res, body.error);
      if (mode === 'v8') return sendJson(res, 200, { total: 0 });
      const filter = (body.value as { filter?: { type?: unknown } } | null)?.filter;
      const types = Array.isArray(filter?.type) ? filter.type : undefined;
      const all = [{ id: playgroundId, creatingUserId: username, type: 9, name: 'Playground', status: 0 }, otherPlayground];
      const data = types ? all.filter((i) => types.includes(i.type)) : all;
      return sendJson(res, 200, { total: data.length, data });
    }
    if (path === 'user') {
      if (wrongMethod(['GET'])) return;
      return sendJson(res, 200, {
        id: username,
        username,
        name: username,
        email: `${username}@example.com`,
        roles: { demisto: ['Administrator'] },
      });
    }
    if (path === 'settings/credentials') {
      if (wrongMethod(['POST', 'PUT'])) return;
      const body = jsonBody();
      if (!body.ok) return sendError(res, body.error);
      if (method === 'POST') {
        const list = [...tenant.credentials.values()].map((c) => ({
          id: c.id,
          name: c.name,
          user: c.user,
          workgroup: c.workgroup,
          hasPassword: c.password !== '',
          hasCertificate: c.sshkey !== '',
          version: c.version,
          modified: c.modified,
        }));
        return sendJson(res, 200, { credentials: list, total: list.length });
      }
      return putCredential(tenant, body.value, res);
    }
    if (path === 'settings/credentials/delete') {
      if (wrongMethod(['POST'])) return;
      const body = jsonBody();
      if (!body.ok) return sendError(res, body.error);
      const id = (body.value as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || !tenant.credentials.delete(id))
        return sendError(res, {
          status: 400,
          id: 'errCredentialNotFound',
          title: 'Credential not found',
          detail: `No credential "${String(id)}"`,
          error: 'credential not found',
        });
      return sendJson(res, 200, {});
    }
    return notFound(res);
  }

  function putCredential(tenant: TenantState, value: unknown, res: ServerResponse): void {
    const b = value as Record<string, unknown> | null;
    if (!b || typeof b !== 'object' || Array.isArray(b) || typeof b['name'] !== 'string' || !b['name'])
      return sendError(res, notWellFormed('a credential needs a name'));
    const name = b['name'];
    const existing = tenant.credentials.get(name);
    const hasId = typeof b['id'] === 'string' && b['id'] !== '';
    if (hasId && !existing)
      return sendError(res, {
        status: 400,
        id: 'errCredentialNotFound',
        title: 'Credential not found',
        detail: `No credential "${String(b['id'])}"`,
        error: 'credential not found',
      });
    if (hasId && existing && b['version'] !== -1 && b['version'] !== existing.version) {
      return sendError(res, {
        status: 400,
        id: 'errVersionMismatch',
        title: 'Version mismatch',
        detail: `The credential was modified by someone else (version ${String(b['version'])}, current ${existing.version})`,
        error: 'version mismatch',
      });
    }
    const str = (k: string): string => (typeof b[k] === 'string' ? b[k] : '');
    const saved: StoredCredential = {
      id: name,
      name,
      user: str('user'),
      password: str('password'),
      workgroup: str('workgroup'),
      sshkey: str('sshkey'),
      version: (existing?.version ?? 0) + 1,
      modified: new Date().toISOString(),
    };
    tenant.credentials.set(name, saved);
    sendJson(res, 200, {
      id: saved.id,
      name,
      user: saved.user,
      workgroup: saved.workgroup,
      hasPassword: saved.password !== '',
      hasCertificate: saved.sshkey !== '',
      version: saved.version,
    });
  }

  async function execute(
    tenant: TenantState,
    investigationId: string,
    line: string,
    record: XsoarRequestRecord,
  ): Promise<Record<string, unknown>[]> {
    const entry = (type: number, contents: string, instance?: StoredInstance): Record<string, unknown> => {
      entrySequence += 1;
      const now = new Date().toISOString();
      return {
        id: `${entrySequence}@${investigationId}`,
        type,
        contents,
        contentsFormat: type === 4 ? 'text' : 'markdown',
        format: type === 4 ? 'text' : 'markdown',
        parentContent: line,
        parentEntryTruncated: false,
        investigationId,
        brand: instance?.brand ?? 'none',
        instance: instance?.name ?? '',
        created: now,
        modified: now,
        version: 1,
        note: false,
        user: username,
      };
    };
    const parsed = parseCommandLine(line);
    if (!parsed) return [entry(4, `Failed to execute: "${line}" is not a command (it must start with !)`)];
    const { command, args } = parsed;
    const implementing = (i: StoredInstance): boolean => i.configuration.integrationScript.commands.some((c) => c.name === command);
    let targets: StoredInstance[];
    if (args['using'] !== undefined) {
      const named = [...tenant.instances.values()].find((i) => i.name === args['using']);
      if (!named) return [entry(4, `Instance "${args['using']}" was not found`)];
      if (named.enabled !== 'true') return [entry(4, `The instance "${named.name}" is disabled. Enable it to run commands.`, named)];
      targets = [named];
    } else {
      targets = [...tenant.instances.values()].filter(
        (i) => i.enabled === 'true' && (args['using-brand'] === undefined || i.brand === args['using-brand']),
      );
    }
    targets = targets.filter(implementing);
    if (!targets.length) return [entry(4, `Unsupported Command : ${command}, or no enabled instance runs it`)];
    const entries: Record<string, unknown>[] = [];
    for (const instance of targets) {
      const context = tenant.contexts.get(instance.id) ?? {};
      tenant.contexts.set(instance.id, context);
      if (!catalogEntry(instance.brand)) {
        entries.push(entry(4, `The XSOAR stand-in does not emulate the integration ${instance.brand}.`, instance));
        continue;
      }
      const commands = instance.configuration.integrationScript.commands.map((c) => c.name);
      const result = await runCommand({
        brand: instance.brand,
        command,
        commands,
        params: paramsOf(instance.data, tenant.credentials),
        context,
        entraUrl: options.entraUrl,
        tokenRequests: record.tokenRequests,
      });
      entries.push(entry(result.ok ? 1 : 4, result.message, instance));
    }
    return entries;
  }

  function takeFault(req: IncomingMessage): XsoarFault | undefined {
    const i = faults.findIndex(({ fault, match }) => {
      if (fault === 'conflict') return false;
      if (match?.method && match.method.toUpperCase() !== req.method) return false;
      if (match?.path !== undefined) {
        const path = req.url ?? '';
        if (typeof match.path === 'string' ? !path.includes(match.path) : !match.path.test(path)) return false;
      }
      return true;
    });
    if (i < 0) return undefined;
    const [taken] = faults.splice(i, 1);
    return taken?.fault;
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const raw = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const record: XsoarRequestRecord = { method: req.method ?? 'GET', path: req.url ?? '/', headers, notes: [], tokenRequests: [] };
      if (raw) {
        try {
          record.body = JSON.parse(raw) as unknown;
        } catch {
          record.body = raw;
        }
      }
      log.push(record);
      res.on('finish', () => (record.status = res.statusCode));
      const fault = takeFault(req);
      if (fault !== undefined) {
        record.notes.push(`fault: ${JSON.stringify(fault)}`);
        if (fault === 'html') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(LOGIN_PAGE);
          return;
        }
        if (fault === 'garbage') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"configurations": [ {"id": "Microsoft Gr');
          return;
        }
        if (fault === 'reset') {
          req.socket.destroy();
          return;
        }
        if (typeof fault === 'object' && 'status' in fault) {
          res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(fault.body ?? `${fault.status} stand-in fault`);
          return;
        }
        if (typeof fault === 'object' && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      }
      await handle(req, res, record, raw);
    })().catch((err: unknown) => {
      if (!res.headersSent)
        sendJson(
          res,
          500,
          errorBody({ status: 500, id: 'internal', title: 'Internal error', detail: 'xsoar stand-in failed', error: String(err) }),
        );
      else res.destroy();
    });
  };

  let tls: { caPem: string; caFile: string; dir: string } | undefined;
  let server: Server;
  if (options.https) {
    const cert = await makeServerCertificate();
    const dir = await mkdtemp(join(tmpdir(), 'xsoar-standin-ca-'));
    const caFile = join(dir, 'xsoar-ca.pem');
    await writeFile(caFile, cert.caPem);
    tls = { caPem: cert.caPem, caFile, dir };
    server = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, onRequest);
  } else {
    server = createHttpServer(onRequest);
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `${options.https ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const byName = (name: string, account?: string): StoredInstance | undefined =>
    [...tenantOf(account).instances.values()].find((i) => i.name === name);

  return {
    url,
    ...(mode === 'v8' ? { apiUrl: url, apiKeyId, keyKind } : {}),
    mode,
    apiKey,
    ...(tls ? { caPem: tls.caPem, caFile: tls.caFile } : {}),
    playgroundId,
    log,
    failNext(fault, match) {
      faults.push({ fault, ...(match ? { match } : {}) });
    },
    instances: (account) => [...tenantOf(account).instances.values()].map((i) => structuredClone(i)),
    instance: (name, account) => {
      const i = byName(name, account);
      return i ? structuredClone(i) : undefined;
    },
    context: (name, account) => {
      const i = byName(name, account);
      return i ? structuredClone(tenantOf(account).contexts.get(i.id) ?? {}) : undefined;
    },
    setContext(name, context, account) {
      const i = byName(name, account);
      if (!i) throw new Error(`xsoar stand-in: no instance ${JSON.stringify(name)}`);
      tenantOf(account).contexts.set(i.id, structuredClone(context));
    },
    editInstance(name, values = {}, account) {
      const i = byName(name, account);
      if (!i) throw new Error(`xsoar stand-in: no instance ${JSON.stringify(name)}`);
      for (const d of i.data) if (d.name in values) d.value = values[d.name];
      i.version += 1;
      i.modified = new Date().toISOString();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      if (tls) await rm(tls.dir, { recursive: true, force: true });
    },
  };
}
