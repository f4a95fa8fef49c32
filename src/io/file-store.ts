/**
 * `--insecure-storage`: secrets in a 0600 JSON file beside the config, for machines
 * with no keychain at all. Never chosen silently: only this flag selects it, and the
 * caller announces it on every use.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import type { SecretKind } from '../core/profile.js';
import { account, type SecretStore } from './secret-store.js';
import { checkDirTrust, ensureConfigDir, withLock, writeFileAtomic } from './config-store.js';

export const insecureFile = (dir: string): string => join(dir, 'secrets.json');

async function load(path: string): Promise<Record<string, string>> {
  await checkDirTrust(dirname(path));
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return Object.assign(Object.create(null) as Record<string, string>, parsed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
  }
  throw new CliError('store', 'insecure_store_corrupt', `The plaintext secret file ${path} is damaged.`, [
    'Fix or delete it, then run ms-auth setup again.',
  ]);
}

export function openFileStore(dir: string): SecretStore {
  const path = insecureFile(dir);
  const change = async (edit: (items: Record<string, string>) => boolean): Promise<boolean> => {
    await ensureConfigDir(dir);
    return withLock(path, async () => {
      const items = await load(path);
      const changed = edit(items);
      if (changed) await writeFileAtomic(path, `${JSON.stringify(items, null, 2)}\n`);
      return changed;
    });
  };
  const get = async (profile: string, kind: SecretKind) => {
    const items = await load(path);
    const key = account(profile, kind);
    return Object.hasOwn(items, key) ? items[key] : undefined;
  };
  return {
    label: `the UNENCRYPTED file ${path}`,
    probe: async () => {
      await change(() => false);
    },
    get,
    has: async (profile, kind) => (await get(profile, kind)) !== undefined,
    set: async (profile, kind, value) => {
      await change((items) => {
        items[account(profile, kind)] = value;
        return true;
      });
    },
    delete: (profile, kind) =>
      change((items) => {
        const key = account(profile, kind);
        if (!Object.hasOwn(items, key)) return false;
        delete items[key];
        return true;
      }),
  };
}
