/**
 * Saving and forgetting a profile together with its secrets, all or nothing: there is
 * never a profile without its secrets or secrets without a profile. Secrets go first,
 * then the config file; if anything fails, or Ctrl-C arrives meanwhile, everything is
 * put back as it was. Secrets a profile left in the other store (a plaintext file from
 * an earlier --insecure-storage run) are cleared once the new state is in place.
 */
import { SECRET_KINDS, findProfile, type Profile, type SecretKind } from '../core/profile.js';
import type { SecretStore } from './secret-store.js';
import { updateConfig } from './config-store.js';
import { interruptPending, shielded } from './interrupt.js';

export type Secrets = Partial<Record<SecretKind, string>>;

async function snapshot(store: SecretStore, profile: string): Promise<Secrets> {
  const before: Secrets = {};
  for (const kind of SECRET_KINDS) {
    const value = await store.get(profile, kind);
    if (value !== undefined) before[kind] = value;
  }
  return before;
}

async function restore(store: SecretStore, profile: string, before: Secrets): Promise<void> {
  for (const kind of SECRET_KINDS) {
    const value = before[kind];
    try {
      if (value === undefined) await store.delete(profile, kind);
      else await store.set(profile, kind, value);
    } catch {
      // Best effort: the original failure is the one worth reporting.
    }
  }
}

async function clearLeftovers(leftovers: SecretStore | undefined, profile: string): Promise<void> {
  for (const kind of leftovers ? SECRET_KINDS : []) await leftovers?.delete(profile, kind).catch(() => false);
}

/**
 * Writes the profile (or, with `undefined`, removes it); resolves the entry it replaced.
 * With `unlessInterrupted`, a Ctrl-C that arrived meanwhile (while waiting for the lock,
 * say) stops it before the file is touched.
 */
async function writeProfile(
  configDir: string,
  name: string,
  profile: Profile | undefined,
  unlessInterrupted = false,
): Promise<Profile | undefined> {
  let previous: Profile | undefined;
  await updateConfig(configDir, (config) => {
    if (unlessInterrupted && interruptPending()) throw new Error('interrupted');
    previous = findProfile(config, name);
    if (profile) config.profiles[name] = { ...profile, createdAt: previous?.createdAt ?? profile.createdAt };
    else delete config.profiles[name];
  });
  return previous;
}

export function saveProfile(
  configDir: string,
  store: SecretStore,
  name: string,
  profile: Profile,
  secrets: Secrets,
  leftovers?: SecretStore,
): Promise<void> {
  return shielded(async () => {
    const before = await snapshot(store, name);
    let previous: Profile | undefined;
    let written = false;
    try {
      for (const kind of SECRET_KINDS) {
        const value = secrets[kind];
        if (value !== undefined) await store.set(name, kind, value);
        else if (before[kind] !== undefined) await store.delete(name, kind);
      }
      previous = await writeProfile(configDir, name, profile, true);
      written = true;
      // Interrupted while saving: undo it all, so "cancelled" means nothing was saved.
      if (interruptPending()) throw new Error('interrupted');
    } catch (error) {
      if (written) await writeProfile(configDir, name, previous).catch(() => undefined);
      await restore(store, name, before);
      if (interruptPending()) return;
      throw error;
    }
    await clearLeftovers(leftovers, name);
  });
}

/**
 * Deletes the profile and its secrets. Ctrl-C meanwhile puts everything back, like an
 * interrupted save, so "cancelled" means nothing was deleted.
 */
export function forgetProfile(configDir: string, store: SecretStore, name: string, leftovers?: SecretStore): Promise<string[]> {
  return shielded(async () => {
    const before = await snapshot(store, name);
    let previous: Profile | undefined;
    try {
      for (const kind of SECRET_KINDS) if (before[kind] !== undefined) await store.delete(name, kind);
      previous = await writeProfile(configDir, name, undefined, true);
      if (interruptPending()) throw new Error('interrupted');
    } catch (error) {
      if (previous) await writeProfile(configDir, name, previous).catch(() => undefined);
      await restore(store, name, before);
      if (interruptPending()) return [];
      throw error;
    }
    await clearLeftovers(leftovers, name);
    return Object.keys(before);
  });
}
