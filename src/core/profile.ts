/**
 * The config file's shape (contract: Storage). It never holds a secret: secrets live
 * in the keychain under `<profile>:<kind>`.
 */
import { CliError } from '../errors.js';
import type { Cloud } from './authority.js';
import { hasControls, sanitize } from './sanitize.js';
import type { XsoarMemory } from './xsoar-push.js';

export const METHODS = ['xsoar-app', 'self-deployed'] as const;
export type Method = (typeof METHODS)[number];
export const FLOWS = ['auth-code', 'client-credentials', 'device-code'] as const;
export type Flow = (typeof FLOWS)[number];
export const SECRET_KINDS = ['client-secret', 'refresh-token', 'certificate-key', 'xsoar-token', 'xsoar-key'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface Profile {
  method: Method;
  integration: string | null;
  flow: Flow | null;
  cloud: Cloud;
  authorityHost?: string;
  tenantId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  /** SHA-1 thumbprint (hex) of the certificate used instead of a client secret. */
  certificateThumbprint?: string;
  /** Non-secret, non-authentication instance parameters by XSOAR name (`setup --param`, the wizard's questions). */
  params?: Record<string, string>;
  /** Where the profile was last pushed (v2): server URL, instance, key ID and type; never the API key. */
  xsoar?: XsoarMemory;
  createdAt: string;
  updatedAt: string;
}

export interface ConfigFile {
  version: 1;
  profiles: Record<string, Profile>;
}

export const emptyConfig = (): ConfigFile => ({ version: 1, profiles: Object.create(null) as Record<string, Profile> });

/**
 * A profile by name, only if the file itself holds it (never something inherited, like
 * `constructor`) and it is an object (an edited file may hold `null` or a list there).
 */
export function findProfile(config: ConfigFile, name: string): Profile | undefined {
  const entry: unknown = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Profile) : undefined;
}

/**
 * Why findProfile found nothing usable under `name` in the file at `path` (exit 3): no such
 * profile, or an entry that is not one. Names from the file are shown sanitized.
 * `pick` ends the list of known profiles (how to choose one).
 */
export function unusableProfile(config: ConfigFile, name: string, path: string, pick: string): CliError {
  const shown = sanitize(name, { max: 80 });
  if (Object.hasOwn(config.profiles, name))
    return new CliError('config', 'profile_not_object', `Profile "${shown}" in ${path} is not an object: it holds no settings.`, [
      `\`ms-auth validate --profile ${shown}\` shows what is wrong with the file; \`ms-auth setup --profile ${shown}\` sets the profile up again.`,
    ]);
  const known = Object.keys(config.profiles).map((entry) => sanitize(entry, { max: 80 }));
  return new CliError('config', 'profile_not_found', `No profile "${shown}" in ${path}.`, [
    known.length ? `Known profiles: ${known.join(', ')}${pick}` : 'There are no profiles yet.',
    `Create it with \`ms-auth setup --profile ${shown}\`.`,
  ]);
}

/**
 * A value from the file with every text in it passed through `text`: arrays and objects
 * walked, other values kept; a text mapped to undefined is left out of its array or object.
 */
const mapTexts = (value: unknown, text: (value: string) => string | undefined): unknown => {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => mapTexts(item, text)).filter((item) => item !== undefined);
  if (typeof value !== 'object' || value === null) return value;
  // Entries, not assignments: a file's "__proto__" key stays a key.
  const entries: Array<[string, unknown]> = [];
  for (const [key, item] of Object.entries(value)) {
    const kept = mapTexts(item, text);
    if (kept !== undefined) entries.push([key, kept]);
  }
  return Object.fromEntries(entries);
};

/** The profile as a terminal may show it: escape sequences and control characters gone from every text the file gave. */
export const displayProfile = (profile: Profile): Profile => mapTexts(profile, (text) => sanitize(text, { max: 300 })) as Profile;

/**
 * The saved profile as setup may offer it again: every text holding control characters or
 * escape sequences left out (ms-auth never writes one), so that no prompt shows one as a
 * default and no run saves it again.
 */
export function reusableProfile(profile: Profile): Profile {
  const clean = mapTexts(profile, (text) => (hasControls(text) ? undefined : text)) as Profile;
  // Where it was pushed is kept whole or not at all: a server without its URL is no memory.
  if (profile.xsoar && Object.keys(clean.xsoar ?? {}).length !== Object.keys(profile.xsoar).length) delete clean.xsoar;
  return clean;
}

/** Environment variables that override the keychain, per secret kind (contract: CI). */
export const SECRET_ENV: Partial<Record<SecretKind, string>> = {
  'client-secret': 'MS_AUTH_CLIENT_SECRET',
  'refresh-token': 'MS_AUTH_REFRESH_TOKEN',
  'xsoar-key': 'MS_AUTH_XSOAR_KEY',
  'xsoar-token': 'MS_AUTH_XSOAR_TOKEN',
  'certificate-key': 'MS_AUTH_CERTIFICATE_KEY',
};
