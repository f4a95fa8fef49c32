/**
 * One policy for a saved profile's secrets, for status, validate, export and push: its
 * `MS_AUTH_*` variable beats the store (the OS keychain, or --insecure-storage's file); the
 * store is opened only when the environment leaves a secret uncovered; a secret found in
 * neither is "missing", a value rather than an exception. A required secret that is
 * missing makes the profile unusable: a configuration problem (exit 3).
 */
import type { SecretKind } from '../core/profile.js';
import { CliError } from '../errors.js';
import { resolveSecret, secretFromEnv, secretSource, type SecretSource, type SecretStore } from '../io/secret-store.js';

export interface ProfileSecrets {
  /** Where each secret was found ('missing' when nowhere). */
  sources: Partial<Record<SecretKind, SecretSource>>;
  values: Partial<Record<SecretKind, string>>;
  /** The required kinds found nowhere. */
  missingRequired: SecretKind[];
}

export interface SecretSources {
  env: NodeJS.ProcessEnv;
  /** Opens the store; callers reading several profiles pass one that opens it once. */
  openStore(): Promise<SecretStore>;
}

/** The kinds the store would be asked for: those the environment does not supply. */
export const kindsFromStore = (env: NodeJS.ProcessEnv, kinds: readonly SecretKind[]): SecretKind[] =>
  kinds.filter((kind) => secretFromEnv(env, kind) === undefined);

/**
 * Reads a profile's secrets of the given kinds; a store failure (exit 5) is thrown as is.
 * With `values: false` only where each one is: `values` stays empty, and the store need
 * not read a secret to say it is there.
 */
export async function readProfileSecrets(
  name: string,
  kinds: ReadonlyArray<{ kind: SecretKind; required: boolean }>,
  sources: SecretSources,
  { values = true }: { values?: boolean } = {},
): Promise<ProfileSecrets> {
  const store = kindsFromStore(
    sources.env,
    kinds.map((k) => k.kind),
  ).length
    ? await sources.openStore()
    : undefined;
  const found: ProfileSecrets = { sources: {}, values: {}, missingRequired: [] };
  for (const { kind, required } of kinds) {
    if (values) {
      const secret = await resolveSecret(store, sources.env, name, kind);
      found.sources[kind] = secret.source;
      if (secret.value !== undefined) found.values[kind] = secret.value;
    } else found.sources[kind] = await secretSource(store, sources.env, name, kind);
    if (found.sources[kind] === 'missing' && required) found.missingRequired.push(kind);
  }
  return found;
}

/** What a missing required secret means, and the way to fix it. */
export const missingSecretMessage = (name: string, kind: SecretKind): string =>
  `${kind} is missing: run ms-auth setup --profile ${name} again, or set its MS_AUTH_* variable.`;

export const missingSecretError = (name: string, kind: SecretKind): CliError =>
  new CliError('config', 'secret_missing', `Profile "${name}": ${missingSecretMessage(name, kind)}`);
