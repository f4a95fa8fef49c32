/**
 * The XSOAR stand-in's rules for integration instances (xsoar-api.md sections 3 and 8): the
 * checks a `PUT /settings/integration` body goes through, in the order a Go server meets them
 * (unmarshal, then brand, id, version, name, each `data` entry), the full-replacement update,
 * and the masking of secrets on every read.
 */
import { PARAM_TYPE, type ConfigField, type ModuleConfiguration } from './xsoar-definitions.js';

/** What the stand-in shows instead of a stored secret (type 4/14 values, type 9 password halves). */
export const XSOAR_MASK = '******';

/** An error answer in XSOAR 6's shape (xsoar-api.md section 7). */
export interface XsoarError {
  status: number;
  id: string;
  title: string;
  detail: string;
  error: string;
}
export const errorBody = (e: XsoarError): Record<string, unknown> => ({
  id: e.id,
  status: e.status,
  title: e.title,
  detail: e.detail,
  error: e.error,
  encrypted: false,
  multires: null,
});
const bad = (id: string, title: string, detail: string, error = detail): XsoarError => ({ status: 400, id, title, detail, error });

export const notWellFormed = (error: string): XsoarError =>
  bad('bad_request', 'Bad request', 'Request body is not well-formed. It must be JSON.', error);

export interface StoredCredential {
  id: string;
  name: string;
  user: string;
  password: string;
  workgroup: string;
  sshkey: string;
  version: number;
  modified: string;
}

export interface DataEntry extends ConfigField {
  value: unknown;
  hasvalue: boolean;
}

/** An instance as stored: the secrets in clear (masked only when answered). */
export interface StoredInstance {
  id: string;
  name: string;
  brand: string;
  category: string;
  enabled: string;
  version: number;
  data: DataEntry[];
  configuration: ModuleConfiguration;
  isIntegrationScript: boolean;
  engine: string;
  engineGroup: string;
  defaultIgnore: boolean;
  incomingMapperId: string;
  mappingId: string;
  outgoingMapperId: string;
  propagationLabels: string[];
  integrationLogLevel: string;
  passwordProtected: boolean;
  canSample: boolean;
  isLongRunning: boolean;
  modified: string;
  sequenceNumber: number;
  primaryTerm: number;
  cacheVersn: number;
  sizeInBytes: number;
  packID: string;
  packName: string;
  itemVersion: string;
}

/** Go's JSON kinds, as its unmarshal errors name them. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

type GoType = 'string' | 'bool' | 'int64' | '[]interface {}' | '[]string' | 'map[string]interface {}';
const INSTANCE_FIELDS: Record<string, GoType> = {
  id: 'string',
  name: 'string',
  brand: 'string',
  category: 'string',
  enabled: 'string',
  version: 'int64',
  data: '[]interface {}',
  configuration: 'map[string]interface {}',
  isIntegrationScript: 'bool',
  engine: 'string',
  engineGroup: 'string',
  defaultIgnore: 'bool',
  incomingMapperId: 'string',
  mappingId: 'string',
  outgoingMapperId: 'string',
  propagationLabels: '[]string',
  integrationLogLevel: 'string',
  passwordProtected: 'bool',
  canSample: 'bool',
  isLongRunning: 'bool',
};

function fitsGo(v: unknown, type: GoType): boolean {
  if (v === null) return true; // null leaves a Go field at its zero value
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int64':
      return typeof v === 'number' && Number.isInteger(v);
    case '[]interface {}':
      return Array.isArray(v);
    case '[]string':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'map[string]interface {}':
      return typeof v === 'object' && !Array.isArray(v);
  }
}

/** The unmarshal step: a body field of the wrong JSON kind fails the whole request as Go's decoder does. */
export function unmarshalInstance(body: unknown): XsoarError | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return notWellFormed(`json: cannot unmarshal ${jsonKind(body)} into Go value of type entity.ModuleInstance`);
  }
  const o = body as Record<string, unknown>;
  for (const [field, type] of Object.entries(INSTANCE_FIELDS)) {
    if (field in o && !fitsGo(o[field], type)) {
      const what = typeof o[field] === 'number' && type === 'int64' ? `number ${String(o[field])}` : jsonKind(o[field]);
      return notWellFormed(`json: cannot unmarshal ${what} into Go struct field ModuleInstance.${field} of type ${type}`);
    }
  }
  const data = o['data'];
  if (Array.isArray(data)) {
    for (const entry of data) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
        return notWellFormed(
          `json: cannot unmarshal ${jsonKind(entry)} into Go struct field ModuleInstance.data of type entity.ConfigDataField`,
        );
      const e = entry as Record<string, unknown>;
      if ('name' in e && !fitsGo(e['name'], 'string'))
        return notWellFormed(`json: cannot unmarshal ${jsonKind(e['name'])} into Go struct field ConfigDataField.data.name of type string`);
      if ('hasvalue' in e && !fitsGo(e['hasvalue'], 'bool'))
        return notWellFormed(
          `json: cannot unmarshal ${jsonKind(e['hasvalue'])} into Go struct field ConfigDataField.data.hasvalue of type bool`,
        );
    }
  }
  return undefined;
}

const isEncrypted = (f: ConfigField): boolean => f.type === PARAM_TYPE.encrypted || f.type === PARAM_TYPE.encryptedTextArea;
const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '';

/** The value a parameter gets when `data` leaves it out: its default, in its type's shape. */
function defaultFor(f: ConfigField): unknown {
  if (f.type === PARAM_TYPE.credentials) return { credential: '', identifier: '', password: '', passwordChanged: false };
  if (f.type === PARAM_TYPE.boolean) return f.defaultValue === '' ? false : f.defaultValue.toLowerCase() === 'true';
  return f.defaultValue;
}

/** Checks one `data` value against its definition's type; the problem as text, or undefined. */
function kindProblem(f: ConfigField, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  switch (f.type) {
    case PARAM_TYPE.boolean:
      return v === true || v === false || v === 'true' || v === 'false'
        ? undefined
        : `must be true or false (a checkbox), got ${JSON.stringify(v)}`;
    case PARAM_TYPE.credentials: {
      if (typeof v !== 'object' || Array.isArray(v))
        return `must be an object with identifier and password (credentials), got ${jsonKind(v)}`;
      const o = v as Record<string, unknown>;
      for (const k of ['identifier', 'password', 'credential'])
        if (k in o && o[k] !== null && typeof o[k] !== 'string') return `${k} must be a string`;
      if ('passwordChanged' in o && typeof o['passwordChanged'] !== 'boolean') return 'passwordChanged must be true or false';
      return undefined;
    }
    case PARAM_TYPE.singleSelect:
      if (typeof v !== 'string') return `must be a string, got ${jsonKind(v)}`;
      return v === '' || !f.options || f.options.includes(v)
        ? undefined
        : `must be one of ${f.options.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(v)}`;
    case PARAM_TYPE.multiSelect: {
      const values = Array.isArray(v) ? v : typeof v === 'string' ? (v === '' ? [] : v.split(',')) : undefined;
      if (!values || !values.every((x) => typeof x === 'string')) return `must be a list of strings, got ${jsonKind(v)}`;
      const unknown = f.options ? values.find((x) => !f.options?.includes(x)) : undefined;
      return unknown === undefined ? undefined : `${JSON.stringify(unknown)} is not one of its options`;
    }
    default:
      return typeof v === 'string' ? undefined : `must be a string, got ${jsonKind(v)}`;
  }
}

export interface ResolveInput {
  body: Record<string, unknown>;
  configuration: ModuleConfiguration;
  /** The stored instance being updated (or tested by id): masks and unchanged passwords keep its values. */
  existing: StoredInstance | undefined;
  credentials: Map<string, StoredCredential>;
  /** Things the stand-in did quietly (an ignored password), for the request log. */
  notes: string[];
}

/** The instance's `data` after the rules of section 8, or the 400 the server answers. */
export function resolveData(input: ResolveInput): DataEntry[] | XsoarError {
  const { configuration, existing, credentials, notes } = input;
  const sent = Array.isArray(input.body['data']) ? (input.body['data'] as Record<string, unknown>[]) : [];
  const byName = new Map<string, Record<string, unknown>>();
  const defined = new Map(configuration.configuration.map((f) => [f.name, f]));
  for (const entry of sent) {
    const name = typeof entry['name'] === 'string' ? entry['name'] : '';
    if (!defined.has(name)) {
      return bad(
        'errInvalidParameter',
        'Invalid integration parameter',
        `Integration "${configuration.name}" has no parameter named "${name}"`,
      );
    }
    if (byName.has(name))
      return bad('errInvalidParameter', 'Invalid integration parameter', `Parameter "${name}" appears more than once in data`);
    byName.set(name, entry);
  }
  const old = new Map((existing?.data ?? []).map((d) => [d.name, d]));
  const out: DataEntry[] = [];
  for (const f of configuration.configuration) {
    const entry = byName.get(f.name);
    const raw = entry?.['value'];
    const problem = kindProblem(f, raw);
    if (problem) return bad('errInvalidParameterValue', 'Invalid integration parameter value', `Parameter "${f.name}" ${problem}`);
    const previous = old.get(f.name)?.value;
    let value: unknown;
    if (f.type === PARAM_TYPE.credentials) {
      const given = (raw ?? {}) as Record<string, unknown>;
      const before = (previous ?? {}) as Record<string, unknown>;
      const credential = typeof given['credential'] === 'string' ? given['credential'] : '';
      if (credential && !credentials.has(credential)) {
        return bad(
          'errCredentialNotFound',
          'Credential not found',
          `Parameter "${f.name}" names the credential "${credential}", which does not exist`,
        );
      }
      const identifier = typeof given['identifier'] === 'string' ? given['identifier'] : '';
      let password = typeof given['password'] === 'string' ? given['password'] : '';
      const stored = typeof before['password'] === 'string' ? before['password'] : '';
      if (existing && entry !== undefined) {
        if (password === XSOAR_MASK) password = stored;
        else if (given['passwordChanged'] !== true && password !== stored) {
          notes.push(`${f.name}: password ignored (passwordChanged is not true); the stored password is kept`);
          password = stored;
        }
      }
      value = { credential, identifier, password, passwordChanged: false };
      if (credential) Object.assign(value as object, { credentials: credentialStub(credentials.get(credential)) });
    } else if (isEmpty(raw)) {
      value = defaultFor(f);
    } else if (isEncrypted(f) && raw === XSOAR_MASK && existing) {
      value = previous ?? '';
    } else if (f.type === PARAM_TYPE.boolean) {
      value = raw === true || raw === 'true';
    } else {
      value = raw;
    }
    if (f.required && f.defaultValue === '' && valueIsEmpty(f, value)) {
      return bad(
        'errMissingRequiredParameter',
        'Missing required parameter',
        `Parameter "${f.name}" (${f.display || f.displayPassword}) is required`,
      );
    }
    out.push({ ...f, value, hasvalue: entry !== undefined && !isEmpty(raw) });
  }
  return out;
}

function valueIsEmpty(f: ConfigField, v: unknown): boolean {
  if (f.type === PARAM_TYPE.credentials) {
    const o = v as Record<string, unknown>;
    return !o['credential'] && !o['identifier'] && !o['password'];
  }
  if (f.type === PARAM_TYPE.boolean) return false;
  return isEmpty(v) || (Array.isArray(v) && v.length === 0);
}

function credentialStub(c: StoredCredential | undefined): Record<string, unknown> {
  return {
    id: c?.id ?? '',
    name: c?.name ?? '',
    user: c?.user ?? '',
    workgroup: c?.workgroup ?? '',
    version: c?.version ?? 0,
    locked: false,
    vaultInstanceId: '',
  };
}

/** A copy of a stored instance as the server answers it: secrets replaced by the mask. */
export function maskInstance(instance: StoredInstance): Record<string, unknown> {
  const copy = structuredClone<StoredInstance>(instance);
  for (const d of copy.data) {
    if (isEncrypted(d) && typeof d.value === 'string' && d.value !== '') d.value = XSOAR_MASK;
    if (d.type === PARAM_TYPE.credentials && d.value && typeof d.value === 'object') {
      const v = d.value as Record<string, unknown>;
      if (typeof v['password'] === 'string' && v['password'] !== '') v['password'] = XSOAR_MASK;
    }
  }
  return copy as unknown as Record<string, unknown>;
}

/** The parameters an integration's code receives (`demisto.params()`): type 9 values resolved from the credentials store. */
export function paramsOf(data: DataEntry[], credentials: Map<string, StoredCredential>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const d of data) {
    if (d.type === PARAM_TYPE.credentials && d.value && typeof d.value === 'object') {
      const v = d.value as Record<string, unknown>;
      const stored = typeof v['credential'] === 'string' && v['credential'] ? credentials.get(v['credential']) : undefined;
      params[d.name] = stored
        ? { identifier: stored.user, password: stored.password, credential: stored.name }
        : { identifier: v['identifier'] ?? '', password: v['password'] ?? '' };
    } else {
      params[d.name] = d.value;
    }
  }
  return params;
}
