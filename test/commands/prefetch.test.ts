/**
 * status --all and validate --all with many profiles: the store is asked for every secret
 * at once, and no profile's secret is read before that bulk read is in. Where a secret only
 * has to be there (validate offline, status --json), the store is not asked for its value.
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
function slowBulkStore(): SecretStore & { log: string[]; items: Map<string, string> } {
  const log: string[] = [];
  const inner = memoryStore(Object.fromEntries(names.map((name) => [`${name}:client-secret`, `secret of ${name}`])));
  return {
    ...inner,
    log,
    get: async (p, k) => (log.push(`get ${p}`), inner.get(p, k)),
    has: async (p, k) => (log.push(`has ${p}`), (await inner.get(p, k)) !== undefined),
    prefetch: (wanted, options) => {
      log.push(`prefetch ${wanted.length}${options?.values === false ? ' without values' : ''}`);
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

  const statusDeps = (store: ReturnType<typeof slowBulkStore>, ui = recordingUi()) =>
    withCommon(store.log, {
      ui,
      env: {},
      configPath: '/nowhere/config.json',
      readConfig: async () => config,
      openStore: async () => store,
    }) as unknown as StatusDeps;

  it('status --all --json asks the store where every secret is at once, without their values, checks the config while it answers, and asks about none before the bulk read is in', async () => {
    const store = slowBulkStore();
    expect(await runStatus({ profile: 'default', all: true, online: false, json: true, httpTimeout: 30 }, statusDeps(store))).toBe(0);
    expect(store.log.slice(0, 3)).toEqual(['prefetch 10 without values', 'check', 'in']);
    expect(store.log.filter((line) => line.startsWith('has'))).toHaveLength(10);
    expect(store.log.filter((line) => line.startsWith('get'))).toEqual([]);
  });

  it('status --all (not --json) reads every secret, for its masked start, from one bulk read', async () => {
    const store = slowBulkStore();
    const ui = recordingUi();
    expect(await runStatus({ profile: 'default', all: true, online: false, json: false, httpTimeout: 30 }, statusDeps(store, ui))).toBe(0);
    expect(store.log.slice(0, 3)).toEqual(['prefetch 10', 'check', 'in']);
    expect(store.log.filter((line) => line.startsWith('get'))).toHaveLength(10);
    expect(ui.out.join('\n')).toContain('client-secret: keychain (secr…)');
  });

  /** validate --all --json of `file`, written where the run reads its config, against the store. */
  const validateAll = (store: ReturnType<typeof slowBulkStore>, file: object, online = false) => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
    const ui = recordingUi();
    const deps = withCommon(store.log, {
      ui,
      env: {},
      configPath: join(dir, 'config.json'),
      openStore: async () => store,
    }) as unknown as ValidateDeps;
    return { ui, deps, options: { profile: 'default', profileGiven: false, all: true, online, json: true, httpTimeout: 30 } };
  };

  it('validate --all asks the store where every secret of the profiles shaped as such is at once, without their values, profiles found wrong included, checks the file while it answers, and asks about none before the bulk read is in', async () => {
    const store = slowBulkStore();
    const broken = {
      ...config,
      profiles: { ...config.profiles, 'customer-0': { ...profile(0), cloud: 'mars' }, junk: { method: 'none' }, list: [] },
    };
    const { deps, options } = validateAll(store, broken);
    expect(await runValidate(options, deps)).toBe(3);
    expect(store.log.slice(0, 3)).toEqual(['prefetch 10 without values', 'check', 'in']);
    // Offline a secret only has to be there; the profile the check found wrong asks about nothing.
    expect(store.log.filter((line) => line.startsWith('has'))).toHaveLength(9);
    expect(store.log.filter((line) => line.startsWith('get'))).toEqual([]);
  });

  it('validate --all --online reads every secret from one bulk read, for the token requests', async () => {
    const store = slowBulkStore();
    const { deps, options } = validateAll(store, config, true);
    const sent: unknown[] = [];
    deps.clientCredentials = async (settings) => (sent.push(settings.clientSecret), { accessToken: 'token', scopes: [] });
    expect(await runValidate(options, deps)).toBe(0);
    expect(store.log.slice(0, 3)).toEqual(['prefetch 10', 'check', 'in']);
    expect(store.log.filter((line) => line.startsWith('get'))).toHaveLength(10);
    expect(sent).toEqual(names.map((name) => `secret of ${name}`));
  });

  it('validate --all reports a required secret the store does not have as missing (exit 3), and no other', async () => {
    const store = slowBulkStore();
    store.items.delete('customer-3:client-secret');
    const { deps, options, ui } = validateAll(store, config);
    expect(await runValidate(options, deps)).toBe(3);
    const result = JSON.parse(ui.out.join('')) as {
      profiles: Array<{ name: string; problems: Array<{ code: string }> }>;
    };
    expect(result.profiles.filter((p) => p.problems.length).map((p) => [p.name, p.problems.map((q) => q.code)])).toEqual([
      ['customer-3', ['secret_missing']],
    ]);
  });
});
