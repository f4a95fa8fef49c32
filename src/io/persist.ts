/**
 * Saving a profile together with its secrets, all or nothing: secrets first, then
 * the config file; if anything fails, every keychain item is put back as it was, so
 * there is never a profile without its secrets or secrets without a profile.
 */
import { SECRET_KINDS, type Profile, type SecretKind } from '../core/profile.js';
import type { SecretStore } from './secret-store.js';
import { updateConfig } from './config-store.js';
import { shielded } from './interrupt.js';

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

export async function saveProfile(
  configDir: string,
  store: SecretStore,
  name: string,
  profile: Profile,
  secrets: Secrets,
): Promise<void> {
  return shielded(() => saveAll(configDir, store, name, profile, secrets));
}

async function saveAll(configDir: string, store: SecretStore, name: string, profile: Profile, secrets: Secrets): Promise<void> {
  const before = await snapshot(store, name);
  try {
    for (const kind of SECRET_KINDS) {
      const value = secrets[kind];
      if (value !== undefined) await store.set(name, kind, value);
      else if (before[kind] !== undefined) await store.delete(name, kind);
    }
    await updateConfig(configDir, (config) => {
      const existing = config.profiles[name];
      config.profiles[name] = { ...profile, createdAt: existing?.createdAt ?? profile.createdAt };
    });
  } catch (error) {
    await restore(store, name, before);
    throw error;
  }
}

/**
 * Deletes a profile and every keychain item it has, all or nothing: the secrets go
 * first; if the config cannot be rewritten, they are put back.
 */
export async function forgetProfile(configDir: string, store: SecretStore, name: string): Promise<string[]> {
  return shielded(async () => {
    const before = await snapshot(store, name);
    try {
      for (const kind of SECRET_KINDS) if (before[kind] !== undefined) await store.delete(name, kind);
      await updateConfig(configDir, (config) => {
        delete config.profiles[name];
      });
    } catch (error) {
      await restore(store, name, before);
      throw error;
    }
    return Object.keys(before);
  });
}

