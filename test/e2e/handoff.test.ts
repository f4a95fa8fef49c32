/**
 * The hand-off XSOAR can redeem, proven the way XSOAR's MicrosoftApiModule would use
 * it: the fresh code redeemed with client_secret_post, no code_verifier and the same
 * redirect_uri; the refresh_token: form used as a refresh token. Plus the Cortex
 * XSOAR application path with a recording $BROWSER.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCookieJar, signInOverHttp, type AuthorizeEvent, type Standin, type TokenEvent } from '../standin/entra-standin.js';
import { keychainItem, runCli, type TempDir, withStandin } from './harness.js';

let standin: Standin;
let dir: TempDir;
withStandin((s, d) => {
  standin = s;
  dir = d;
});

/** A token request exactly as MicrosoftApiModule sends it (no PKCE). */
async function xsoarTokenRequest(params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${standin.url}/${standin.tenant.id}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: standin.client.clientId, client_secret: standin.client.clientSecret, ...params }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function setupArgs(profile: string, ...extra: string[]): string[] {
  return [
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
    '--config-dir',
    dir.path,
    '--profile',
    profile,
    '--client-secret-stdin',
    '--no-browser',
    '--json',
    ...extra,
  ];
}

describe('hand-off to XSOAR', () => {
  it('fresh-code (default): a second authorize without PKCE, silent in the same browser, redeemable by XSOAR', async () => {
    const eventsBefore = standin.events.length;
    const jar = newCookieJar();
    const result = await runCli(setupArgs('handoff-fresh'), {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.urls).toHaveLength(2);

    const events = standin.events.slice(eventsBefore);
    const authorizes = events.filter((e): e is AuthorizeEvent => e.kind === 'authorize');
    const tokens = events.filter((e): e is TokenEvent => e.kind === 'token');
    expect(authorizes).toHaveLength(2);
    expect(authorizes[0]?.params['code_challenge']).toBeTruthy();
    expect(authorizes[1]?.params).not.toHaveProperty('code_challenge');
    expect(authorizes[1]?.params['redirect_uri']).toBe(authorizes[0]?.params['redirect_uri']);
    expect(authorizes[1]?.params['scope']).toBe('offline_access https://graph.microsoft.com/.default');
    // The tool redeemed only its own code, with PKCE.
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ grantType: 'authorization_code', hasCodeVerifier: true, ok: true });

    const out = JSON.parse(result.stdout);
    const code = out.xsoar.params.creds_auth_code.password as string;
    expect(Date.now() - Date.parse(out.xsoar.codeIssuedAt)).toBeLessThan(60_000);
    expect(out.xsoar).toMatchObject({ testCommand: '!msgraph-user-test', resetCommand: '!msgraph-user-auth-reset' });
    expect(out.xsoar.params).toMatchObject({
      creds_auth_id: { password: standin.client.clientId },
      creds_tenant_id: { password: standin.tenant.id },
      redirect_uri: 'https://localhost/myapp',
      self_deployed: true,
      azure_cloud: 'Worldwide',
    });
    expect(out.xsoar.params.creds_enc_key.password).toBe(`${standin.client.clientSecret.slice(0, 4)}…`);

    // XSOAR redeems it: client_secret_post, no verifier, same redirect_uri.
    const redeemed = await xsoarTokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://localhost/myapp',
      scope: 'offline_access https://graph.microsoft.com/.default',
    });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect(redeemed.body['refresh_token']).toBeTruthy();
  });

  it('refresh-token: XSOAR gets refresh_token:<token>, which works as a refresh token', async () => {
    const jar = newCookieJar();
    const result = await runCli(setupArgs('handoff-rt', '--handoff', 'refresh-token', '--show-secrets'), {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.urls).toHaveLength(1);
    const value = JSON.parse(result.stdout).xsoar.params.creds_auth_code.password as string;
    expect(value).toMatch(/^refresh_token:/);
    const token = value.slice('refresh_token:'.length);
    expect(await keychainItem('handoff-rt:refresh-token')).toBe(token);
    // --show-secrets puts secrets in the result on stdout only, never on stderr.
    expect(result.stderr).not.toContain(token);
    const refreshed = await xsoarTokenRequest({
      grant_type: 'refresh_token',
      refresh_token: token,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
  });

  it('--no-exchange: the first code (no PKCE) goes to XSOAR unredeemed', async () => {
    const before = standin.events.filter((e) => e.kind === 'token').length;
    const jar = newCookieJar();
    const result = await runCli(setupArgs('handoff-none', '--no-exchange'), {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(new URL(result.urls[0] as string).searchParams.get('code_challenge')).toBeNull();
    expect(standin.events.filter((e) => e.kind === 'token').length).toBe(before);
    const code = JSON.parse(result.stdout).xsoar.params.creds_auth_code.password as string;
    const redeemed = await xsoarTokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'https://localhost/myapp' });
    expect(redeemed.status).toBe(200);
  });

  it("--cloud picks the cloud's default scope and the azure_cloud value handed to XSOAR", async () => {
    const jar = newCookieJar();
    const result = await runCli([...setupArgs('handoff-gcc-high', '--handoff', 'none'), '--cloud', 'us-gcc-high'], {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(new URL(result.urls[0] as string).searchParams.get('scope')).toBe('offline_access https://graph.microsoft.us/.default');
    const out = JSON.parse(result.stdout);
    expect(out.xsoar.params.azure_cloud).toBe('US GCC-High');
    expect(out.xsoar.params).not.toHaveProperty('creds_auth_code');
  });

  it('export re-prints the hand-off with the stored refresh token in the code field, in text, json and env', async () => {
    const json = await runCli(['export', '--profile', 'handoff-rt', '--config-dir', dir.path, '--format', 'json', '--show-secrets'], {
      endInput: true,
    });
    expect(json.code, json.stderr).toBe(0);
    const params = JSON.parse(json.stdout).xsoar.params;
    expect(params.creds_auth_code.password).toBe(`refresh_token:${await keychainItem('handoff-rt:refresh-token')}`);
    expect(params.creds_enc_key.password).toBe(standin.client.clientSecret);

    const text = await runCli(['export', '--profile', 'handoff-rt', '--config-dir', dir.path], { endInput: true });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('[creds_auth_id, password half]');
    expect(text.stdout).not.toContain(standin.client.clientSecret);

    const env = await runCli(['export', '--profile', 'handoff-rt', '--config-dir', dir.path, '--format', 'env'], { endInput: true });
    expect(env.stdout).toContain(`XSOAR_CREDS_AUTH_ID_PASSWORD='${standin.client.clientId}'`);
    expect(env.stdout).toContain("XSOAR_SELF_DEPLOYED='true'");
    // A masked value would be silently wrong in a sourced file: secrets are left out and named.
    expect(env.stdout).not.toContain('XSOAR_CREDS_ENC_KEY_PASSWORD');
    expect(env.stderr).toContain(
      'Left out (secrets; --show-secrets includes them): XSOAR_CREDS_ENC_KEY_PASSWORD, XSOAR_CREDS_AUTH_CODE_PASSWORD',
    );
    const full = await runCli(['export', '--profile', 'handoff-rt', '--config-dir', dir.path, '--format', 'env', '--show-secrets'], {
      endInput: true,
    });
    expect(full.stdout).toContain(`XSOAR_CREDS_ENC_KEY_PASSWORD='${standin.client.clientSecret}'`);

    // CI without a keychain: the environment supplies every secret this profile uses.
    const ci = await runCli(['export', '--profile', 'handoff-rt', '--config-dir', dir.path, '--json', '--show-secrets'], {
      endInput: true,
      env: { DBUS_SESSION_BUS_ADDRESS: '', MS_AUTH_CLIENT_SECRET: 'from-env-secret', MS_AUTH_REFRESH_TOKEN: 'from-env-refresh' },
    });
    expect(ci.code, ci.stderr).toBe(0);
    expect(JSON.parse(ci.stdout).xsoar.params.creds_auth_code.password).toBe('refresh_token:from-env-refresh');

    const missing = await runCli(['export', '--profile', 'nope', '--config-dir', dir.path], { endInput: true });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('No profile "nope"');
  });
});

describe('Cortex XSOAR application path', () => {
  const key = Buffer.alloc(32, 9).toString('base64');

  async function recordingBrowser(): Promise<{ env: Record<string, string>; opened(): Promise<string[]> }> {
    const log = join(dir.path, `opened-${Math.random().toString(36).slice(2)}.txt`);
    const script = join(dir.path, `browser-${Math.random().toString(36).slice(2)}.sh`);
    await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
    await chmod(script, 0o755);
    return {
      env: { BROWSER: script },
      opened: async () => {
        // The launcher is detached: give it a moment to write.
        for (let i = 0; i < 40; i++) {
          const text = await readFile(log, 'utf8').catch(() => '');
          if (text) return text.trim().split('\n');
          await new Promise((r) => setTimeout(r, 50));
        }
        return [];
      },
    };
  }

  it('opens the integration consent page and stores Token and Key in the keychain', async () => {
    const browser = await recordingBrowser();
    const result = await runCli(
      [
        'setup',
        '--integration',
        'microsoft-atp',
        '--method',
        'xsoar-app',
        '--xsoar-id',
        'reg-42@https://oproxy.example/token',
        '--config-dir',
        dir.path,
        '--profile',
        'xsoar-app-1',
        '--json',
      ],
      { env: { ...browser.env, MS_AUTH_XSOAR_TOKEN: 'tok-ABC123', MS_AUTH_XSOAR_KEY: key }, endInput: true },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await browser.opened()).toEqual(['https://oproxy.demisto.ninja/ms-defender-atp']);
    expect(result.urls).toEqual(['https://oproxy.demisto.ninja/ms-defender-atp']);
    expect(await keychainItem('xsoar-app-1:xsoar-token')).toBe('tok-ABC123');
    expect(await keychainItem('xsoar-app-1:xsoar-key')).toBe(key);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ method: 'xsoar-app', integration: 'microsoft-atp', flow: null });
    expect(out.xsoar.params).toMatchObject({ _auth_id: 'reg-42@https://oproxy.example/token', self_deployed: false });
    expect(result.stdout + result.stderr).not.toContain('tok-ABC123');
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it.each<[string, { id?: string; token?: string; key?: string }, string]>([
    ['an ID with a space', { id: 'reg 42' }, 'ID must not contain spaces'],
    ['a Token with a line break inside', { token: 'tok\nmore' }, 'MS_AUTH_XSOAR_TOKEN: Token must not contain spaces'],
    ['a Key that is not base64', { key: 'not*base64' }, 'MS_AUTH_XSOAR_KEY: Key must be standard base64'],
    [
      'a Key of the wrong length',
      { key: Buffer.alloc(10).toString('base64') },
      'MS_AUTH_XSOAR_KEY: Key must encode 16, 24 or 32 bytes (this one has 10)',
    ],
  ])('refuses %s with a message naming the field (exit 2, nothing stored)', async (_, bad, message) => {
    const browser = await recordingBrowser();
    const profile = `xsoar-bad-${Math.random().toString(36).slice(2, 8)}`;
    const result = await runCli(
      [
        'setup',
        '--integration',
        'msgraph-user',
        '--method',
        'xsoar-app',
        '--xsoar-id',
        bad.id ?? 'reg-1',
        '--config-dir',
        dir.path,
        '--profile',
        profile,
      ],
      { env: { ...browser.env, MS_AUTH_XSOAR_TOKEN: bad.token ?? 'tok-1', MS_AUTH_XSOAR_KEY: bad.key ?? key }, endInput: true },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await keychainItem(`${profile}:xsoar-token`)).toBeUndefined();
  });

  it('text from the token response is sanitized before it is printed', async () => {
    const jar = newCookieJar();
    standin.failNextToken({
      status: 200,
      rawBody: JSON.stringify({
        token_type: 'Bearer',
        access_token: 'not-a-jwt',
        expires_in: 3600,
        scope: 'User.Read \u001b]0;pwned\u0007\u001b[2JEvil.Scope',
      }),
    });
    const result = await runCli(setupArgs('handoff-evil', '--handoff', 'none', '--integration', 'msgraph-user'), {
      input: [standin.client.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Granted: User.Read Evil.Scope');
    expect(result.stderr).not.toMatch(/\u001b\]|\u0007|\u001b\[2J/);
  });
});
