/**
 * The integration instance a push sends: the full body the vendor's own tools send
 * (demisto-sdk's create_integration_instance), built from the server's definition of
 * the integration, the hand-off's values and, on update, the instance read back.
 * Values take the shape each parameter's type asks for; parameters the push does not
 * set keep the existing instance's value (or their default on create). Pure.
 * Facts: ../shared/docs/xsoar-api.md sections 2 and 3.
 */
import { mask } from './redact.js';

/** A parameter definition, as `configurations[].configuration[]` carries it; other fields are kept as read. */
export interface ConfigField {
  name: string;
  type: number;
  display?: string;
  displayPassword?: string;
  required?: boolean;
  defaultValue?: unknown;
  options?: unknown;
  hidden?: boolean;
  hiddenUsername?: boolean;
  hiddenPassword?: boolean;
  [key: string]: unknown;
}

/** An installed integration (a "module configuration"): `name` is the brand. */
export interface ModuleConfiguration {
  name: string;
  configuration: ConfigField[];
  [key: string]: unknown;
}

export interface DataEntry extends ConfigField {
  value?: unknown;
  hasvalue?: boolean;
}

export interface ModuleInstance {
  id: string;
  name: string;
  brand: string;
  version?: number;
  data: DataEntry[];
  [key: string]: unknown;
}

export interface SearchResult {
  configurations: ModuleConfiguration[];
  instances: ModuleInstance[];
}

export const PARAM_TYPES = {
  string: 0,
  number: 1,
  encrypted: 4,
  boolean: 8,
  credentials: 9,
  textArea: 12,
  encryptedTextArea: 14,
  select: 15,
} as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readField(raw: unknown): ConfigField | undefined {
  if (!isObject(raw) || typeof raw['name'] !== 'string' || typeof raw['type'] !== 'number') return undefined;
  return raw as ConfigField;
}

/**
 * The search answer, read tolerantly: extra keys and fields are kept, malformed
 * entries skipped; only `configurations` must be an array.
 */
export function readSearch(body: unknown): SearchResult | { problem: string } {
  if (!isObject(body) || !Array.isArray(body['configurations']))
    return { problem: 'its integration search answer has no "configurations" list' };
  const configurations = body['configurations']
    .filter((c): c is Record<string, unknown> => isObject(c) && typeof c['name'] === 'string')
    .map(
      (c) =>
        ({
          ...c,
          configuration: (Array.isArray(c['configuration']) ? c['configuration'] : [])
            .map(readField)
            .filter((f): f is ConfigField => f !== undefined),
        }) as ModuleConfiguration,
    );
  const instances = (Array.isArray(body['instances']) ? body['instances'] : [])
    .filter((i): i is Record<string, unknown> => isObject(i) && typeof i['name'] === 'string' && typeof i['brand'] === 'string')
    .map(
      (i) =>
        ({
          ...i,
          id: typeof i['id'] === 'string' ? i['id'] : typeof i['id'] === 'number' ? String(i['id']) : '',
          data: (Array.isArray(i['data']) ? i['data'] : []).map(readField).filter((f): f is DataEntry => f !== undefined),
        }) as ModuleInstance,
    );
  return { configurations, instances };
}

/** The installed integration with this brand (its YAML `commonfields.id`), compared case-insensitively as a fallback. */
export function findConfiguration(search: SearchResult, brand: string): ModuleConfiguration | undefined {
  return (
    search.configurations.find((c) => c.name === brand) ?? search.configurations.find((c) => c.name.toLowerCase() === brand.toLowerCase())
  );
}

/** A value the push sets: one parameter, or one half of a credentials parameter. */
export interface PushField {
  param: string;
  credential?: 'identifier' | 'password' | undefined;
  value: string | boolean;
  secret: boolean;
}

export interface Credentials {
  credential: string;
  identifier: string;
  password: string;
  passwordChanged: boolean;
  [key: string]: unknown;
}

export interface Change {
  param: string;
  label: string;
  before: string;
  after: string;
}

export interface BuiltInstance {
  body: ModuleInstance & Record<string, unknown>;
  changes: Change[];
  /** Required parameters left without a value (asked for, or a usage error naming them). */
  missing: ConfigField[];
  /** Values the server's version cannot take: a select value not among its options, a bad boolean. */
  problems: string[];
  /** Hand-off values whose parameter the server's version of the integration does not have. */
  skipped: PushField[];
}

export interface BuildInput {
  configuration: ModuleConfiguration;
  existing?: ModuleInstance | undefined;
  name: string;
  fields: PushField[];
  /** Authentication parameters this push owns: those it does not set go back to their default. */
  owned: string[];
}

export const labelOf = (field: ConfigField): string =>
  (typeof field.display === 'string' && field.display) ||
  (typeof field.displayPassword === 'string' && field.displayPassword) ||
  field.name;

const isSecretType = (type: number): boolean => type === PARAM_TYPES.encrypted || type === PARAM_TYPES.encryptedTextArea;

/**
 * The parameter a hand-off value goes to on this server. Older integration versions
 * name a credentials parameter's predecessor without the `creds_` / `credentials_`
 * prefix (e.g. Sentinel's `tenant_id` before `creds_tenant_id`).
 */
function resolveParam(byName: Map<string, ConfigField>, param: string): ConfigField | undefined {
  const found = byName.get(param);
  if (found) return found;
  const legacy = param.replace(/^(creds|credentials)_/, '');
  return legacy !== param ? byName.get(legacy) : undefined;
}

const asCredentials = (value: unknown): Partial<Credentials> => (isObject(value) ? value : {});

function defaultFor(field: ConfigField): unknown {
  const fallback = field.defaultValue;
  if (field.type === PARAM_TYPES.boolean) return fallback === true || fallback === 'true';
  if (field.type === PARAM_TYPES.credentials) return { credential: '', identifier: '', password: '', passwordChanged: false };
  if (typeof fallback === 'string') return fallback;
  if (typeof fallback === 'number' || typeof fallback === 'boolean') return String(fallback);
  if (Array.isArray(fallback)) return fallback.join(',');
  return fallback === undefined || fallback === null ? '' : JSON.stringify(fallback);
}

export function hasValue(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value === 'string') return value !== '';
  if (isObject(value)) return [value['credential'], value['identifier'], value['password']].some((v) => typeof v === 'string' && v !== '');
  return value !== undefined && value !== null;
}

interface Wanted {
  identifier?: string;
  password?: string;
  scalar?: string | boolean;
  secret: boolean;
}

/** One value in the shape the parameter's type asks for, or the reason it cannot take it. */
function shape(field: ConfigField, wanted: Wanted, existing: unknown): { value: unknown } | { problem: string } {
  if (field.type === PARAM_TYPES.credentials) {
    // A stored-credential reference gives way to the inline halves this push sets.
    const { credentials: _stored, ...before } = asCredentials(existing);
    let { identifier, password } = wanted;
    if (wanted.scalar !== undefined) {
      const text = String(wanted.scalar);
      // A plain value for a credentials parameter goes to the half the form shows.
      if (wanted.secret || field.hiddenUsername === true) password = text;
      else identifier = text;
    }
    return {
      value: {
        ...before,
        credential: '',
        identifier: identifier ?? (typeof before.identifier === 'string' && !before.credential ? before.identifier : ''),
        password: password ?? (typeof before.password === 'string' && !before.credential ? before.password : ''),
        passwordChanged: password !== undefined,
      },
    };
  }
  const text = wanted.scalar ?? wanted.password ?? wanted.identifier ?? '';
  if (field.type === PARAM_TYPES.boolean) {
    if (typeof text === 'boolean') return { value: text };
    if (text === 'true' || text === 'false') return { value: text === 'true' };
    return { problem: `${field.name} is a checkbox; it cannot take "${text}"` };
  }
  const value = String(text);
  const options = Array.isArray(field.options) ? field.options.filter((o): o is string => typeof o === 'string') : [];
  if (field.type === PARAM_TYPES.select && options.length > 0 && !options.includes(value)) {
    return { problem: `${field.name} takes one of ${options.map((o) => `"${o}"`).join(', ')}; this server's version has no "${value}"` };
  }
  return { value };
}

/** A value as the plan shows it: secrets masked, empty said so. */
function describe(field: ConfigField, value: unknown, secret: boolean, readBack: boolean): string {
  if (field.type === PARAM_TYPES.credentials) {
    const c = asCredentials(value);
    if (c.credential) return `stored credential "${c.credential}"`;
    const password = typeof c.password === 'string' && c.password !== '' ? (readBack ? '(set)' : mask(c.password)) : '(empty)';
    return field.hiddenUsername === true ? password : `${c.identifier ? JSON.stringify(c.identifier) : '(empty)'} / ${password}`;
  }
  if (!hasValue(value)) return '(empty)';
  if (typeof value === 'boolean') return String(value);
  const text = String(value);
  if (secret || isSecretType(field.type)) return readBack ? '(set)' : mask(text);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}

/**
 * The body of a create (no existing instance) or update (the instance read back, its
 * other parameters kept, its `version` sent so a concurrent edit is refused).
 */
export function buildInstance(input: BuildInput): BuiltInstance {
  const { configuration, existing } = input;
  const byName = new Map(configuration.configuration.map((f) => [f.name, f]));
  const wanted = new Map<string, Wanted>();
  const skipped: PushField[] = [];
  for (const field of input.fields) {
    const target = resolveParam(byName, field.param);
    if (!target) {
      skipped.push(field);
      continue;
    }
    const entry = wanted.get(target.name) ?? { secret: false };
    entry.secret ||= field.secret;
    if (field.credential && typeof field.value === 'string') entry[field.credential] = field.value;
    else entry.scalar = field.value;
    wanted.set(target.name, entry);
  }
  const owned = new Set(input.owned.map((name) => resolveParam(byName, name)?.name ?? name));
  const before = new Map((existing?.data ?? []).map((d) => [d.name, d]));
  const data: DataEntry[] = [];
  const changes: Change[] = [];
  const problems: string[] = [];
  const missing: ConfigField[] = [];
  for (const field of configuration.configuration) {
    const old = before.get(field.name);
    const want = wanted.get(field.name);
    let value: unknown;
    if (want) {
      const shaped = shape(field, want, old?.value);
      if ('problem' in shaped) {
        problems.push(shaped.problem);
        continue;
      }
      value = shaped.value;
    } else if (old && !owned.has(field.name)) {
      value = old.value;
    } else {
      value = defaultFor(field);
    }
    if (field.required === true && !hasValue(value) && field.type !== PARAM_TYPES.boolean) missing.push(field);
    data.push({ ...old, ...field, value, hasvalue: hasValue(value) });
    const secret = want?.secret ?? false;
    const was = old ? describe(field, old.value, false, true) : undefined;
    const now = describe(field, value, secret, !want);
    const changed = want ? true : was !== now;
    if (changed && (want || old)) changes.push({ param: field.name, label: labelOf(field), before: was ?? '(new)', after: now });
  }
  const body = existing
    ? { ...existing, configuration, data, enabled: 'true', version: typeof existing.version === 'number' ? existing.version : -1 }
    : newInstanceBody(configuration, input.name, data);
  if (existing && existing['enabled'] !== 'true' && existing['enabled'] !== true)
    changes.push({ param: '(instance)', label: 'Enabled', before: 'false', after: 'true' });
  return { body, changes, missing, problems, skipped };
}

const stringOr = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

function newInstanceBody(configuration: ModuleConfiguration, name: string, data: DataEntry[]): ModuleInstance & Record<string, unknown> {
  return {
    id: '',
    name,
    brand: configuration.name,
    category: stringOr(configuration['category']),
    configuration,
    data,
    enabled: 'true',
    engine: '',
    engineGroup: '',
    version: 0,
    isIntegrationScript: configuration['integrationScript'] !== undefined && configuration['integrationScript'] !== null,
    passwordProtected: false,
    incomingMapperId: stringOr(configuration['defaultMapperIn']),
    mappingId: stringOr(configuration['defaultClassifier']),
    outgoingMapperId: stringOr(configuration['defaultMapperOut']),
    defaultIgnore: false,
    canSample: configuration['canGetSamples'] === true,
    propagationLabels: ['all'],
    integrationLogLevel: '',
  };
}

/** Fills required parameters the operator supplied (by name), shaped like any other value. */
export function withValues(input: BuildInput, values: Record<string, string>): BuildInput {
  const extra = Object.entries(values).map(([param, value]): PushField => ({ param, value, secret: false }));
  return { ...input, fields: [...input.fields.filter((f) => values[f.param] === undefined), ...extra] };
}

/** The plan as lines: what would be created or changed, secrets masked. */
export function formatPlan(name: string, brand: string, created: boolean, changes: Change[]): string {
  const lines = [created ? `Would create instance "${name}" of ${brand}:` : `Would update instance "${name}" of ${brand}:`];
  if (changes.length === 0) lines.push('  (no parameter changes)');
  for (const c of changes)
    lines.push(created ? `  + ${c.label} [${c.param}]: ${c.after}` : `  ~ ${c.label} [${c.param}]: ${c.before} → ${c.after}`);
  return lines.join('\n');
}

/** Whether a parameter takes a secret on this server: pushing it with `--param` is refused. */
export const takesSecret = (field: ConfigField): boolean => isSecretType(field.type) || field.type === PARAM_TYPES.credentials;
