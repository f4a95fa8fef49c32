/**
 * The config file's shape (contract: Storage). It never holds a secret: secrets live
 * in the keychain under `<profile>:<kind>`.
 */
import type { Cloud } from './authority.js';
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

/** A profile by name, only if the file itself holds it (never something inherited, like `constructor`). */
export function findProfile(config: ConfigFile, name: string): Profile | undefined {
  return Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
}

/** Environment variables that override the keychain, per secret kind (contract: CI). */
export const SECRET_ENV: Partial<Record<SecretKind, string>> = {
  'client-secret': 'MS_AUTH_CLIENT_SECRET',
  'refresh-token': 'MS_AUTH_REFRESH_TOKEN',
  'xsoar-key': 'MS_AUTH_XSOAR_KEY',
  'xsoar-token': 'MS_AUTH_XSOAR_TOKEN',
  'certificate-key': 'MS_AUTH_CERTIFICATE_KEY',
};
