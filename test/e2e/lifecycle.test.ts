/**
 * After setup: status (what is saved, --online), validate --online, revoke (guidance
 * and --forget), with several profiles side by side, in the real Secret Service
 * against the Entra stand-in.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, newCookieJar, signInOverHttp, startEntraStandin, type Standin } from '../standin/entra-standin.js';
import { keychainItem, requireSecretService, runCli, tempDir } from './harness.js';

const EXPIRED = {
  clientId: '0e0e0e0e-1111-4222-8333-444444444444',
  clientSecret: ['Exp', '9Q~', 'e'.repeat(34)].join(''),
  redirectUris: ['https://localhost/myapp'],
  secretExpired: true,
};
let standin: Standin;
let dir: { path: string; remove(): Promise<void> };
const cd = () => ['--config-dir', dir.path];

async function setup(profile: string): Promise<void> {
  const jar = newCookieJar();
  const r = await runCli(
    [
      'setup',
      '--integration',
      'msgraph-user',
      '--method',
      'self-deployed',
      '--flow',
      'auth-code',
      '--tenant',
      standin.tenant.id,
      '--client-id',
      standin.client.clientId,
      '--authority-host',
      standin.url,
      '--profile',
      profile,
      '--client-secret-stdin',
      '--no-browser',
      '--handoff',
      'none',
      ...cd(),
    ],
    { input: [standin.client.clientSecret], onUrl: (url) => signInOverHttp(url, { login: 'life@contoso.onmicrosoft.com', jar }) },
  );
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  requireSecretService();
  standin = await startEntraStandin({ clients: [DEMO_CLIENT, EXPIRED] });
  dir = await tempDir();
  await setup('life-a');
  await setup('life-b');
  // An app-only profile written by hand, as a CI repository would commit it.
  const path = join(dir.path, 'config.json');
  const config = JSON.parse(await readFile(path, 'utf8'));
  config.profiles['life-app-only'] = {
    ...config.profiles['life-a'],
    integration: null,
    flow: 'client-credentials',
    scopes: ['https://graph.microsoft.com/.default'],
  };
  config.profiles['life-expired'] = { ...config.profiles['life-app-only'], clientId: EXPIRED.clientId };
  await writeFile(path, JSON.stringify(config));
});
afterAll(async () => {
  await standin?.close();
  await dir?.remove();
});

describe('ms-auth status', () => {
  it('shows a profile with where each secret lives, masked', async () => {
    const r = await runCli(['status', '--profile', 'life-a', ...cd()], { endInput: true, env: { MS_AUTH_AUTHORITY_HOST: standin.url } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('life-a  (Entra ID Users; self-deployed, auth-code; worldwide via http://127.0.0.1:');
    expect(r.stdout).toContain(`Client ID:     ${standin.client.clientId}`);
    expect(r.stdout).toMatch(
      new RegExp(`client-secret: keychain \\(${standin.client.clientSecret.slice(0, 4)}…\\), refresh-token: keychain \\(.{4}…\\)`),
    );
    expect(r.stdout).not.toContain(standin.client.clientSecret);
  });

  it('--all --json lists every profile in the contract shape; the environment wins over the keychain', async () => {
    const r = await runCli(['status', '--all', '--json', ...cd()], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url, MS_AUTH_REFRESH_TOKEN: 'from-env' },
    });
    const out = JSON.parse(r.stdout);
    expect(out.profiles.map((p: { name: string }) => p.name)).toEqual(['life-a', 'life-b', 'life-app-only', 'life-expired']);
    expect(out.profiles[0]).toEqual({
      name: 'life-a',
      method: 'self-deployed',
      integration: 'msgraph-user',
      flow: 'auth-code',
      cloud: 'worldwide',
      tenantId: standin.tenant.id,
      clientId: standin.client.clientId,
      redirectUri: 'https://localhost/myapp',
      scopes: ['https://graph.microsoft.com/.default'],
      secrets: { 'client-secret': 'keychain', 'refresh-token': 'environment' },
      createdAt: expect.any(String),
    });
    // The hand-written app-only profiles have no secret in the keychain: broken, exit 3.
    expect(r.code).toBe(3);
    expect(out.profiles[2].problems).toEqual([
      'client-secret is missing: run ms-auth setup --profile life-app-only again, or set its MS_AUTH_* variable.',
    ]);
  });

  it('--online refreshes the token and reports what was granted', async () => {
    const r = await runCli(['status', '--profile', 'life-a', '--online', ...cd()], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ Online: Entra issued a token for https:\/\/graph\.microsoft\.com\/\.default, valid 60 min\./);
  });

  it('a missing profile is exit 3 naming the known ones', async () => {
    const r = await runCli(['status', '--profile', 'nope', ...cd()], { endInput: true, env: { MS_AUTH_AUTHORITY_HOST: standin.url } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Known profiles: life-a, life-b, life-app-only, life-expired');
  });
});

describe('ms-auth validate --online', () => {
  it('passes profiles Entra accepts: refresh token, and client credentials from the environment', async () => {
    const r = await runCli(['validate', '--profile', 'life-app-only', '--online', ...cd()], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url, MS_AUTH_CLIENT_SECRET: standin.client.clientSecret },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe('✓ life-app-only: ok (Entra accepted it)\n');
    const a = await runCli(['validate', '--profile', 'life-a', '--online', ...cd()], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url },
    });
    expect(a.code, a.stdout).toBe(0);
  });

  it('an expired client secret: exit 4 with AADSTS7000222 and the fix', async () => {
    const r = await runCli(['validate', '--profile', 'life-expired', '--online', '--json', ...cd()], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url, MS_AUTH_CLIENT_SECRET: EXPIRED.clientSecret },
    });
    expect(r.code).toBe(4);
    const problem = JSON.parse(r.stdout).profiles[0].problems[0];
    expect(problem).toMatchObject({ field: 'profiles.life-expired', code: 'online_rejected' });
    expect(problem.message).toMatch(/AADSTS7000222[\s\S]*Create a new secret/);
    expect(r.stdout).not.toContain(EXPIRED.clientSecret);
  });

  it('revoked refresh tokens: status and validate --online exit 4 with AADSTS700082 guidance', async () => {
    standin.revokeRefreshTokens();
    const status = await runCli(['status', '--profile', 'life-b', '--online', ...cd()], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url },
    });
    expect(status.code).toBe(4);
    expect(status.stdout).toMatch(/✗ Online: .*AADSTS700082.*Sign in again/);
    const validate = await runCli(['validate', '--profile', 'life-b', '--online', ...cd()], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url },
    });
    expect(validate.code).toBe(4);
    expect(validate.stdout).toMatch(/✗ profiles\.life-b: .*AADSTS700082.*\(online_rejected\)/);
  });
});

describe('ms-auth revoke', () => {
  it('prints guidance tailored to the profile: portal, Graph calls with permissions, XSOAR reset, the local note', async () => {
    const r = await runCli(['revoke', '--profile', 'life-a', ...cd()], { endInput: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Withdraw user consent (delegated permissions)');
    expect(r.stdout).toContain(
      `Graph:  GET https://graph.microsoft.com/v1.0/servicePrincipals?$filter=appId eq '${standin.client.clientId}'`,
    );
    expect(r.stdout).toContain(
      'DELETE https://graph.microsoft.com/v1.0/oauth2PermissionGrants/{grantId}   (needs DelegatedPermissionGrant.ReadWrite.All)',
    );
    expect(r.stdout).toContain('revokeSignInSessions   (needs User.RevokeSessions.All)');
    expect(r.stdout).toContain('XSOAR:  !msgraph-user-auth-reset');
    expect(r.stdout).toContain('does not invalidate any token already issued');
    const json = JSON.parse((await runCli(['revoke', '--profile', 'life-app-only', '--json', ...cd()], { endInput: true })).stdout);
    expect(json.steps.map((s: { title: string }) => s.title)).toContain('Withdraw admin consent (application permissions)');
    expect(json.forgotten).toBe(false);
  });

  it('--forget needs --yes without a terminal', async () => {
    const r = await runCli(['revoke', '--profile', 'life-a', '--forget', ...cd()], { endInput: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('confirm with --yes');
    expect(await keychainItem('life-a:client-secret')).toBe(standin.client.clientSecret);
  });

  it('--forget --yes deletes the profile and its keychain items; other profiles are untouched', async () => {
    const r = await runCli(['revoke', '--profile', 'life-a', '--forget', '--yes', ...cd()], { endInput: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Forgot profile "life-a" and its client-secret, refresh-token.');
    expect(await keychainItem('life-a:client-secret')).toBeUndefined();
    expect(await keychainItem('life-a:refresh-token')).toBeUndefined();
    expect(await keychainItem('life-b:client-secret')).toBe(standin.client.clientSecret);
    const config = JSON.parse(await readFile(join(dir.path, 'config.json'), 'utf8'));
    expect(Object.keys(config.profiles)).toEqual(['life-b', 'life-app-only', 'life-expired']);
  });
});
