/**
 * status --all and validate --all with many profiles: the store is asked for every secret
 * at once, and no profile's secret is read before that bulk read is in.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigFile, Profile } from '../../src/core/profile.js';
import { runStatus, type StatusDeps } from '../../src/commands/status/run.js';
import { runValidate, type ValidateDeps } from '../../src/commands/validate/run.js';
import type { SecretStore } from '../../src/io/secret-store.js';
import { customerProfile, memoryStore, recordingUi } from '../fakes.js';

const profile = (i: number): Profile => customerProfile(i, 'client-credentials');
const names = Array.from({ length: 10 }, (_, i) => `customer-${i}`);
const config: ConfigFile = { version: 1, profiles: Object.fromEntries(names.map((name, i) => [name, profile(i)])) };

/** A store whose bulk read finishes a while after it was asked for, logging what happens when. */
function slowBulkStore(): SecretStore & { log: string[] } {
  const log: string[] = [];
  const inner = memoryStore(Object.fromEntries(names.map((name) => [`${name}:client-secret`, `secret of ${name}`])));
  return {
    ...inner,
    log,
    get: async (p, k) => (log.push(`get ${p}`), inner.get(p, k)),
    prefetch: (wanted) => {
      log.push(`prefetch ${wanted.length}`);
      return {
        asked: Promise.resolve(),
        done: new Promise<void>((resolve) => setTimeout(() => (log.push('in'), resolve()), 20)),
      };
    },
  };
}

/** The run's dependencies around `deps`; reading `authorityHost` is the offline check starting, logged. */
const withCommon = <T extends object>(log: string[], deps: T) =>
  Object.defineProperty(
    { ...deps, refresh: async () => ({}), clientCredentials: async () => ({}), announce: () => undefined },
    'authorityHost',
    {
      get: () => void log.push('check'),
    },
  );

describe('many profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-auth-prefetch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('status --all asks the store for every secret at once, checks the config while it answers, and reads none before the bulk read is in', async () => {
    const store = slowBulkStore();
    const deps = withCommon(store.log, {
      ui: recordingUi(),
      env: {},
      configPath: '/nowhere/config.json',
      readConfig: async () => config,
      openStore: async () => store,
    }) as unknown as StatusDeps;
    expect(await runStatus({ profile: 'default', all: true, online: false, json: true, httpTimeout: 30 }, deps)).toBe(0);
    expect(store.log.slice(0, 3)).toEqual(['prefetch 10', 'check', 'in']);
    expect(store.log.filter((line) => line.startsWith('get'))).toHaveLength(10);
  });

  it('validate --all asks the store for every secret of the profiles shaped as such at once, profiles found wrong included, checks the file while it answers, and reads none before the bulk read is in', async () => {
    const store = slowBulkStore();
    const broken = {
      ...config,
      profiles: { ...config.profiles, 'customer-0': { ...profile(0), cloud: 'mars' }, junk: { method: 'none' }, list: [] },
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(broken));
    const deps = withCommon(store.log, {
      ui: recordingUi(),
      env: {},
      configPath: join(dir, 'config.json'),
      openStore: async () => store,
    }) as unknown as ValidateDeps;
    const options = { profile: 'default', profileGiven: false, all: true, online: false, json: true, httpTimeout: 30 };
    expect(await runValidate(options, deps)).toBe(3);
    expect(store.log.slice(0, 3)).toEqual(['prefetch 10', 'check', 'in']);
    // The profile the check found wrong reads nothing.
    expect(store.log.filter((line) => line.startsWith('get'))).toHaveLength(9);
  });
});
