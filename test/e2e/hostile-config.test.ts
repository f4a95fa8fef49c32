/**
 * A config file written by someone else: profile names and values holding terminal escape
 * sequences (a window title set, text recoloured or hidden) reach the terminal without
 * them, export and push refuse such a profile, push sends nothing to a place the file
 * alone names, and an entry that is not an object is named as such, not as a missing profile.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerProfile } from '../fakes.js';
import { runCli, tempDir, type TempDir } from './harness.js';
import { KEYS, openTerminal } from './pty.js';

const OSC = '\u001b]0;owned\u0007';
const CSI = '\u001b[8m';
const ESCAPES = /[\u001b\u0007\u009b]/;

let dir: TempDir;
const write = (profiles: Record<string, unknown>) =>
  writeFile(join(dir.path, 'config.json'), JSON.stringify({ version: 1, profiles }), { mode: 0o600 });
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir?.remove();
});

describe('a config file with escape sequences in it', () => {
  const env = { MS_AUTH_CLIENT_SECRET: 'from-the-environment' };
  // Every secret a push reads, from the environment (so no run depends on what other tests left
  // in the shared keychain), and a server where nothing listens: a connection would be exit 6.
  const pushEnv = {
    ...env,
    MS_AUTH_XSOAR_TOKEN: 'token-from-the-environment',
    MS_AUTH_XSOAR_KEY: Buffer.alloc(32, 1).toString('base64'),
    MS_AUTH_XSOAR_URL: 'https://127.0.0.1:9',
    MS_AUTH_XSOAR_API_KEY: 'not-sent-anywhere',
  };

  it('status --all, status --profile and revoke show the profile without the escape sequences', async () => {
    const profile = { ...customerProfile(1, 'client-credentials'), tenantId: `contoso${OSC}.onmicrosoft.com`, clientId: `${CSI}1111` };
    await write({ [`p${OSC}x`]: customerProfile(2, 'client-credentials'), p: profile });
    for (const args of [
      ['status', '--all'],
      ['status', '--profile', 'p'],
      ['revoke', '--profile', 'p'],
    ]) {
      const r = await runCli([...args, '--config-dir', dir.path], { endInput: true, env });
      expect(`${r.stdout}${r.stderr}`, args.join(' ')).not.toMatch(ESCAPES);
      if (args[0] === 'status') expect(r.stdout, args.join(' ')).toContain('contoso.onmicrosoft.com');
    }
  });

  it('export and push refuse a profile with escape sequences in a value or a parameter (exit 3), naming the field without them', async () => {
    const xsoarApp = { ...customerProfile(3, 'client-credentials'), method: 'xsoar-app', flow: null, clientId: `app${OSC}-1`, scopes: [] };
    const withParam = { ...customerProfile(4, 'client-credentials'), params: { limit: `50${CSI}` } };
    await write({ app: xsoarApp, param: withParam });
    for (const [profile, field] of [
      ['app', 'profiles.app.clientId'],
      ['param', 'profiles.param.params.limit'],
    ] as const)
      for (const command of ['export', 'push']) {
        const r = await runCli([command, '--profile', profile, '--config-dir', dir.path], {
          endInput: true,
          env: pushEnv,
        });
        expect(r.code, `${command} ${profile}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toContain(`${field}: `);
        expect(r.stderr).toContain('holds control characters or escape sequences');
        expect(`${r.stdout}${r.stderr}`).not.toMatch(ESCAPES);
      }
  });

  it('push without a terminal sends nothing anywhere for a URL parameter or an XSOAR application token URL the file alone names (exit 3), before any connection', async () => {
    const app = {
      ...customerProfile(5, 'client-credentials'),
      method: 'xsoar-app',
      flow: null,
      clientId: 'reg-1@https://relay.example/token',
      scopes: [],
    };
    const param = { ...customerProfile(6, 'client-credentials'), params: { host: 'https://graph.relay.example' } };
    await write({ app, param });
    for (const [profile, said, host] of [
      ['app', 'The ID of profile "app"', 'https://relay.example'],
      ['param', 'Parameter host of profile "param"', 'https://graph.relay.example'],
    ] as const) {
      const r = await runCli(['push', '--profile', profile, '--config-dir', dir.path], {
        endInput: true,
        env: pushEnv,
      });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(said);
      expect(r.stderr).toContain(`to ${host},`);
      expect(r.stderr).toContain('Nothing was sent.');
    }
  });

  it('at a terminal push names the host in a question; Enter (no) is exit 3 with nothing sent', async () => {
    await write({ param: { ...customerProfile(7, 'client-credentials'), params: { host: 'https://graph.relay.example' } } });
    const term = openTerminal(['push', '--profile', 'param', '--config-dir', dir.path], pushEnv);
    try {
      await term.waitFor(/sends the sign-in or tokens of Entra ID Users to https:\/\/graph\.relay\.example\?/);
      term.type(KEYS.enter);
      expect(await term.exited).toBe(3);
      expect(term.screen()).toContain(
        'Not pushed: parameter host sends the sign-in or tokens of Entra ID Users to https://graph.relay.example',
      );
    } finally {
      term.kill();
    }
  });

  it('an unknown profile lists the known ones without their escape sequences (exit 3)', async () => {
    await write({ [`p${OSC}x`]: customerProfile(2, 'client-credentials') });
    const r = await runCli(['export', '--profile', 'other', '--config-dir', dir.path], { endInput: true, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Known profiles: px.');
    expect(r.stderr).not.toMatch(ESCAPES);
  });

  it('an entry that is null is named as not being a profile, by status --all and export (exit 3)', async () => {
    await write({ a: null });
    for (const args of [
      ['status', '--all'],
      ['export', '--profile', 'a'],
    ]) {
      const r = await runCli([...args, '--config-dir', dir.path], { endInput: true, env });
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr, args.join(' ')).toContain('Profile "a" in ');
      expect(r.stderr, args.join(' ')).toContain('is not an object');
    }
  });
});
