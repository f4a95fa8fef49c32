/**
 * status and validate over many profiles (an MSSP keeps one per customer tenant): from
 * eight secrets on, the keychain is read in one search instead of a lookup per secret.
 * Whatever way they are read, every profile must get its own secrets: plain entries, a
 * secret long enough to be stored in parts, and a missing one reported as missing. Where
 * only the secrets' presence counts (validate offline), an entry with parts is still read
 * whole: one whose part was changed, or whose first part is gone, is reported.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerProfile } from '../fakes.js';
import { requireSecretService, runCli, tempDir, type TempDir } from './harness.js';

const run = randomBytes(3).toString('hex');
const COUNT = 12;
const names = Array.from({ length: COUNT }, (_, i) => `many-${run}-${String(i).padStart(2, '0')}`);
// Profile 0 (client credentials) has a secret longer than one keychain entry takes (8,192).
const LONG = `L${run}`.padEnd(9000, 'x');
// Profile 1 (client credentials) has none in the keychain.
const MISSING = names[1] as string;
// Outside the config of the tests above: profiles whose secret in parts has a changed part, or lost its first.
const DAMAGED = `many-${run}-damaged`;
const HEADLESS = `many-${run}-first-part-gone`;

const entry = (account: string) => new AsyncEntry('ms-auth', account, { linux: { store: 'secret-service' } });
/** A value whose first four characters (what status shows) say whose it is. */
const valueOf = (i: number, kind: string) => `${String(i).padStart(2, '0')}${kind[0]}${kind.at(-1)}-${run}-${'s'.repeat(30)}`;
const shapeOf = (i: number) =>
  i % 2 === 0 || i === 1
    ? { flow: 'client-credentials' as const, kinds: ['client-secret'] }
    : { flow: 'auth-code' as const, kinds: ['client-secret', 'refresh-token'] };

let dir: TempDir;
const written: string[] = [];
beforeAll(async () => {
  requireSecretService();
  dir = await tempDir();
  const profiles = Object.fromEntries(names.map((name, i) => [name, customerProfile(i, shapeOf(i).flow)]));
  await writeFile(join(dir.path, 'config.json'), JSON.stringify({ version: 1, profiles }), { mode: 0o600 });
  const set = async (account: string, value: string) => {
    await entry(account).setPassword(value);
    written.push(account);
  };
  for (const [i, name] of names.entries()) {
    if (name === MISSING) continue;
    for (const kind of shapeOf(i).kinds) {
      if (i === 0) {
        // As the keychain code stores it: parts first, then the manifest under the account itself.
        await set(`${name}:${kind}#1`, LONG.slice(0, 8192));
        await set(`${name}:${kind}#2`, LONG.slice(8192));
        await set(`${name}:${kind}`, `ms-auth:parts:v1:2:${createHash('sha256').update(LONG).digest('hex')}`);
      } else await set(`${name}:${kind}`, valueOf(i, kind));
    }
  }
  await set(`${DAMAGED}:client-secret#1`, LONG.slice(0, 8192));
  await set(`${DAMAGED}:client-secret#2`, 'changed');
  await set(`${DAMAGED}:client-secret`, `ms-auth:parts:v1:2:${createHash('sha256').update(LONG).digest('hex')}`);
  await set(`${HEADLESS}:client-secret#2`, LONG.slice(8192));
  await set(`${HEADLESS}:client-secret`, `ms-auth:parts:v1:2:${createHash('sha256').update(LONG).digest('hex')}`);
});
afterAll(async () => {
  for (const account of written)
    await entry(account)
      .deleteCredential()
      .catch(() => undefined);
  await dir?.remove();
});

describe(`${COUNT} profiles, secrets in the keychain`, () => {
  it('status --all shows every profile with its own secrets (masked), the one stored in parts whole, and the missing one as missing (exit 3)', async () => {
    const r = await runCli(['status', '--all', '--config-dir', dir.path], { endInput: true });
    expect(r.code).toBe(3);
    const blocks = new Map(r.stdout.split('\n\n').map((block) => [block.split(' ')[0], block]));
    expect([...blocks.keys()].sort()).toEqual([...names].sort());
    expect(blocks.get(names[0])).toContain(`client-secret: keychain (L${run.slice(0, 3)}…)`);
    expect(blocks.get(MISSING)).toContain('client-secret: missing');
    expect(blocks.get(MISSING)).toContain('client-secret is missing');
    for (const [i, name] of names.entries()) {
      if (i < 2) continue;
      for (const kind of shapeOf(i).kinds) expect(blocks.get(name)).toContain(`${kind}: keychain (${valueOf(i, kind).slice(0, 4)}…)`);
      expect(blocks.get(name)).not.toContain('✗');
    }
  });

  it('validate --all --json: every profile ok but the one whose secret is missing (exit 3)', async () => {
    const r = await runCli(['validate', '--all', '--json', '--config-dir', dir.path], { endInput: true });
    expect(r.code).toBe(3);
    const result = JSON.parse(r.stdout) as {
      ok: boolean;
      profiles: Array<{ name: string; ok: boolean; problems: Array<{ code: string }> }>;
    };
    expect(result.profiles).toHaveLength(COUNT);
    for (const profile of result.profiles) {
      if (profile.name === MISSING) expect(profile.problems.map((p) => p.code)).toEqual(['secret_missing']);
      else expect(profile).toMatchObject({ ok: true, problems: [] });
    }
  });

  it('status --all --json with the client secret in MS_AUTH_CLIENT_SECRET: that one from the environment, refresh tokens still from the keychain', async () => {
    const r = await runCli(['status', '--all', '--json', '--config-dir', dir.path], {
      endInput: true,
      env: { MS_AUTH_CLIENT_SECRET: 'from-the-environment' },
    });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { profiles: Array<{ name: string; secrets: Record<string, string> }> };
    for (const [i, name] of names.entries()) {
      const expected = Object.fromEntries(shapeOf(i).kinds.map((kind) => [kind, kind === 'client-secret' ? 'environment' : 'keychain']));
      expect(result.profiles.find((p) => p.name === name)?.secrets).toEqual(expected);
    }
  });
});

describe(`${COUNT} profiles and two whose keychain entries in parts were changed`, () => {
  it('validate --all --json reports a changed part and a lost first part (their parts read and checked), and only them and the missing secret', async () => {
    const other = await tempDir();
    try {
      const profiles = Object.fromEntries([
        ...names.map((name, i) => [name, customerProfile(i, shapeOf(i).flow)]),
        [DAMAGED, customerProfile(COUNT, 'client-credentials')],
        [HEADLESS, customerProfile(COUNT + 1, 'client-credentials')],
      ]);
      await writeFile(join(other.path, 'config.json'), JSON.stringify({ version: 1, profiles }), { mode: 0o600 });
      const r = await runCli(['validate', '--all', '--json', '--config-dir', other.path], { endInput: true });
      const result = JSON.parse(r.stdout) as { profiles: Array<{ name: string; problems: Array<{ code: string; message: string }> }> };
      const failing = result.profiles.filter((p) => p.problems.length);
      expect(failing.map((p) => [p.name, p.problems.map((q) => q.code)])).toEqual([
        [MISSING, ['secret_missing']],
        [DAMAGED, ['secret_store_unavailable']],
        [HEADLESS, ['secret_store_unavailable']],
      ]);
      for (const profile of failing.slice(1))
        expect(profile.problems[0]?.message).toMatch(/incomplete: some of its parts are missing or changed/);
      expect(r.code).not.toBe(0);
    } finally {
      await other.remove();
    }
  });
});
