/**
 * setup, self-deployed + authorization code, end to end: the built CLI against the
 * Entra stand-in (oidc-provider on loopback), secrets in a real Secret Service.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInOverHttp, newCookieJar, type Standin, type TokenEvent } from '../standin/entra-standin.js';
import { keychainItem, runCli, type TempDir, withStandin } from './harness.js';

let standin: Standin;
let dir: TempDir;
withStandin((s, d) => {
  standin = s;
  dir = d;
});

const tokenEvents = (): TokenEvent[] => standin.events.filter((e): e is TokenEvent => e.kind === 'token');

function baseArgs(profile: string): string[] {
  return [
    'setup',
    '--method',
    'self-deployed',
    '--scope',
    'User.Read',
    'Mail.Send',
    '--tenant',
    standin.tenant.id,
    '--client-id',
    standin.client.clientId,
    '--authority-host',
    standin.url,
    '--config-dir',
    dir.path,
    '--profile',
    profile,
    '--client-secret-stdin',
    '--no-browser',
  ];
}

describe('setup (self-deployed, auth code, non-interactive)', () => {
  it('signs in, redeems once with PKCE, stores secrets in the keychain and the profile in a 0600 file', async () => {
    const before = tokenEvents().length;
    const jar = newCookieJar();
    const result = await runCli([...baseArgs('e2e-basic'), '--handoff', 'none', '--json'], {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.stderr).not.toContain(standin.client.clientSecret);
    expect(result.code, result.stderr).toBe(0);

    // One URL on its own line, with PKCE and state, to the stand-in's authorize endpoint.
    expect(result.urls).toHaveLength(1);
    const authorize = new URL(result.urls[0] as string);
    expect(authorize.pathname).toBe(`/${standin.tenant.id}/oauth2/v2.0/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('scope')).toBe('offline_access User.Read Mail.Send');

    // One redemption, with a verifier and the same redirect_uri.
    const redemptions = tokenEvents().slice(before);
    expect(redemptions).toHaveLength(1);
    expect(redemptions[0]).toMatchObject({
      grantType: 'authorization_code',
      hasCodeVerifier: true,
      hasClientSecret: true,
      redirectUri: 'https://localhost/myapp',
      ok: true,
    });

    // Keychain: the secret and a refresh token under the contract's accounts.
    expect(await keychainItem('e2e-basic:client-secret')).toBe(standin.client.clientSecret);
    const refresh = await keychainItem('e2e-basic:refresh-token');
    expect(refresh?.length).toBeGreaterThan(10);

    // Config: 0600 in a 0700 dir, no secret, the contract's shape.
    const file = join(dir.path, 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir.path)).mode & 0o777).toBe(0o700);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(standin.client.clientSecret);
    expect(text).not.toContain(refresh as string);
    const profile = JSON.parse(text).profiles['e2e-basic'];
    expect(profile).toMatchObject({
      method: 'self-deployed',
      integration: null,
      flow: 'auth-code',
      cloud: 'worldwide',
      authorityHost: standin.url,
      tenantId: standin.tenant.id,
      clientId: standin.client.clientId,
      redirectUri: 'https://localhost/myapp',
      scopes: ['User.Read', 'Mail.Send'],
    });
    expect(Date.parse(profile.createdAt)).not.toBeNaN();

    // The result: one JSON document on stdout, the secret masked.
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ profile: 'e2e-basic', integration: null, method: 'self-deployed', flow: 'auth-code' });
    expect(out.xsoar.params).toMatchObject({
      auth_id: standin.client.clientId,
      tenant_id: standin.tenant.id,
      redirect_uri: 'https://localhost/myapp',
      self_deployed: true,
    });
    expect(out.xsoar.params.enc_key).toBe(`${standin.client.clientSecret.slice(0, 4)}…`);
    expect(result.stdout).not.toContain(refresh as string);
  });

  it('with the openid scope and a domain tenant, the ID token is validated against the tenant GUID issuer and names the user', async () => {
    const jar = newCookieJar();
    const args = baseArgs('e2e-openid').map((a) => (a === standin.tenant.id ? (standin.tenant.domains[0] as string) : a));
    args.splice(args.indexOf('Mail.Send'), 1, 'openid');
    const result = await runCli([...args, '--handoff', 'none'], {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'openid.operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/✓ Signed in to tenant contoso\.onmicrosoft\.com .*as openid\.operator@contoso\.onmicrosoft\.com\./);
  });

  it('accepts the query string or the bare code as the paste', async () => {
    for (const shape of ['query', 'bare'] as const) {
      const jar = newCookieJar();
      const result = await runCli([...baseArgs(`e2e-${shape}`), '--handoff', 'none'], {
        input: [standin.client.clientSecret],
        onUrl: async (url) => {
          const redirect = new URL(await signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }));
          return shape === 'query' ? ` ${redirect.search.slice(1)} ` : (redirect.searchParams.get('code') ?? '');
        },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(await keychainItem(`e2e-${shape}:client-secret`)).toBe(standin.client.clientSecret);
    }
  });

  it('refuses a redirect whose state differs, and never sends its code to Entra (exit 4, nothing stored)', async () => {
    const before = tokenEvents().length;
    const jar = newCookieJar();
    const result = await runCli([...baseArgs('e2e-state')], {
      input: [standin.client.clientSecret],
      onUrl: async (url) =>
        (await signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar })).replace(/state=[^&]+/, 'state=forged'),
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('state does not match');
    expect(tokenEvents().length).toBe(before);
    expect(await keychainItem('e2e-state:client-secret')).toBeUndefined();
  });

  it('turns an error redirect into an exit-4 message with the AADSTS guidance', async () => {
    const jar = newCookieJar();
    const result = await runCli([...baseArgs('e2e-declined')], {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar, decline: true }),
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('AADSTS65004');
    expect(result.stderr).toContain('Consent is needed to continue');
    expect(await keychainItem('e2e-declined:client-secret')).toBeUndefined();
  });

  it('a wrong secret is rejected by Entra: exit 4, the AADSTS7000215 advice, nothing stored', async () => {
    const jar = newCookieJar();
    const wrong = 'Wr0ng~' + 'x'.repeat(34);
    const result = await runCli([...baseArgs('e2e-wrong')], {
      input: [wrong],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('AADSTS7000215');
    expect(result.stderr).toContain("Paste the secret's Value");
    expect(result.stderr + result.stdout).not.toContain(wrong);
    expect(await keychainItem('e2e-wrong:client-secret')).toBeUndefined();
    const config = await readFile(join(dir.path, 'config.json'), 'utf8').catch(() => '{}');
    expect(config).not.toContain('e2e-wrong');
  });

  it('end of input where the paste should be cancels with 130 and stores nothing', async () => {
    const result = await runCli([...baseArgs('e2e-eof')], { input: [standin.client.clientSecret], endInput: true });
    expect(result.code).toBe(130);
    expect(await keychainItem('e2e-eof:client-secret')).toBeUndefined();
  });

  it('a missing value without a terminal is a usage error naming the flag and variable', async () => {
    const result = await runCli(['setup', '--method', 'self-deployed', '--scope', 'User.Read', '--config-dir', dir.path, '--no-input'], {
      endInput: true,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing tenant: pass --tenant ID or set MS_AUTH_TENANT_ID');
  });
});
