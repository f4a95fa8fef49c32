/**
 * Integration definitions for the XSOAR stand-in: XSOAR's own integration YAMLs (kept read-only
 * in the shared `xsoar-content` folder next to the repository) turned into the module
 * configurations a real server lists in `POST /settings/integration/search`: camelCase keys
 * (`defaultValue`, `displayPassword`, `hiddenUsername`, `info` from `additionalinfo`), booleans
 * for `required`/`hidden`, string defaults, `options` or null, and `integrationScript` with the
 * command names. index.json lacks `hiddenusername` and `additionalinfo`, so the YAMLs are read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** One parameter definition, as the server's JSON gives it (`ConfigField`). */
export interface ConfigField {
  name: string;
  display: string;
  type: number;
  required: boolean;
  defaultValue: string;
  options: string[] | null;
  hidden: boolean;
  info: string;
  displayPassword: string;
  hiddenUsername: boolean;
  hiddenPassword: boolean;
  section?: string;
  advanced?: boolean;
}

/** A module configuration: one installed integration. `name` is the brand. */
export interface ModuleConfiguration {
  id: string;
  name: string;
  display: string;
  category: string;
  description: string;
  version: number;
  brand: string;
  canGetSamples: boolean;
  hidden: boolean;
  deprecated: boolean;
  defaultMapperIn: string;
  defaultMapperOut: string;
  defaultClassifier: string;
  integrationScript: {
    type: string;
    subtype: string;
    dockerImage: string;
    isFetch: boolean;
    longRunning: boolean;
    commands: { name: string; description: string }[];
  };
  configuration: ConfigField[];
  /** The pack that ships it (the folder under Packs/), for "install pack X" messages. */
  packID: string;
  packName: string;
}

/** Parameter types (xsoar-api.md section 2). */
export const PARAM_TYPE = {
  string: 0,
  number: 1,
  encrypted: 4,
  boolean: 8,
  credentials: 9,
  textArea: 12,
  encryptedTextArea: 14,
  singleSelect: 15,
  multiSelect: 16,
} as const;

/**
 * The shared `xsoar-content` folder: `XSOAR_CONTENT_DIR`, else `shared/xsoar-content` beside the
 * repository or one of its parent folders (a worktree lives deeper than the main checkout).
 */
export function xsoarContentDir(): string {
  const fromEnv = process.env['XSOAR_CONTENT_DIR'];
  if (fromEnv) return fromEnv;
  let dir = resolve(import.meta.dirname, '../..');
  for (;;) {
    const candidate = join(dir, 'shared', 'xsoar-content');
    if (existsSync(join(candidate, 'index.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('xsoar stand-in: shared/xsoar-content/index.json not found beside the repository or its parents; set XSOAR_CONTENT_DIR');
}

interface IndexEntry {
  path: string;
  'commonfields.id': string;
  display: string;
}

type YamlParam = Record<string, unknown>;
type Yaml = {
  name?: unknown;
  display?: unknown;
  category?: unknown;
  description?: unknown;
  deprecated?: unknown;
  defaultmapperin?: unknown;
  defaultmapperout?: unknown;
  defaultclassifier?: unknown;
  commonfields?: { id?: unknown };
  configuration?: YamlParam[];
  script?: Record<string, unknown>;
};

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));

/** `hidden` is true/false or a list of marketplaces the parameter is hidden in. */
function hiddenIn(value: unknown, marketplaces: readonly string[]): boolean {
  if (Array.isArray(value)) return value.some((m) => marketplaces.includes(String(m)));
  return value === true;
}

function toField(p: YamlParam, marketplaces: readonly string[]): ConfigField {
  const options = Array.isArray(p['options']) ? p['options'].map(str) : null;
  const field: ConfigField = {
    name: str(p['name']),
    display: str(p['display']),
    type: typeof p['type'] === 'number' ? p['type'] : Number(p['type'] ?? 0),
    required: p['required'] === true,
    defaultValue: str(p['defaultvalue']),
    options,
    hidden: hiddenIn(p['hidden'], marketplaces),
    info: str(p['additionalinfo']),
    displayPassword: str(p['displaypassword']),
    hiddenUsername: p['hiddenusername'] === true,
    hiddenPassword: p['hiddenpassword'] === true,
  };
  if (typeof p['section'] === 'string') field.section = p['section'];
  if (typeof p['advanced'] === 'boolean') field.advanced = p['advanced'];
  return field;
}

let index: IndexEntry[] | undefined;
const cache = new Map<string, Yaml>();

function loadIndex(): IndexEntry[] {
  index ??= JSON.parse(readFileSync(join(xsoarContentDir(), 'index.json'), 'utf8')) as IndexEntry[];
  return index;
}

/** Every brand (`commonfields.id`) the shared content holds. */
export function knownBrands(): string[] {
  return loadIndex().map((e) => e['commonfields.id']);
}

/**
 * The module configuration of one integration, by brand (`commonfields.id`), as a server of this
 * product mode lists it. `marketplaces` decides list-valued `hidden` (XSOAR 6: xsoar,
 * xsoar_on_prem; XSOAR 8: xsoar, xsoar_saas). A fresh object each call.
 */
export function moduleConfiguration(brand: string, marketplaces: readonly string[]): ModuleConfiguration {
  const entry = loadIndex().find((e) => e['commonfields.id'] === brand);
  if (!entry) throw new Error(`xsoar stand-in: no integration with id ${JSON.stringify(brand)} in xsoar-content/index.json`);
  let y = cache.get(entry.path);
  if (!y) {
    y = parse(readFileSync(join(xsoarContentDir(), entry.path), 'utf8')) as Yaml;
    cache.set(entry.path, y);
  }
  const script = y.script ?? {};
  const commands = Array.isArray(script['commands']) ? (script['commands'] as Record<string, unknown>[]) : [];
  const pack = entry.path.split('/')[1] ?? '';
  return {
    id: brand,
    name: brand,
    brand,
    display: str(y.display),
    category: str(y.category),
    description: str(y.description),
    version: -1,
    canGetSamples: true,
    hidden: false,
    deprecated: y.deprecated === true,
    defaultMapperIn: str(y.defaultmapperin),
    defaultMapperOut: str(y.defaultmapperout),
    defaultClassifier: str(y.defaultclassifier),
    integrationScript: {
      type: str(script['type']),
      subtype: str(script['subtype']),
      dockerImage: str(script['dockerimage']),
      isFetch: script['isfetch'] === true,
      longRunning: script['longRunning'] === true,
      commands: commands.map((c) => ({ name: str(c['name']), description: str(c['description']) })),
    },
    configuration: (y.configuration ?? []).map((p) => toField(p, marketplaces)),
    packID: pack,
    packName: pack,
  };
}
