/**
 * The wizard with a known XSOAR server, in a real pseudo-terminal: it offers the push at
 * its end, asks for the API key once (masked, then kept in the keychain per server),
 * and ends with XSOAR's own test passing. Counts the operator's actions from zero to a
 * tested instance, as the README reports them.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCookieJar, signInOverHttp, startEntraStandin, type Standin } from '../standin/entra-standin.js';
import { startXsoarStandin, type XsoarStandin } from '../xsoar-standin/xsoar-standin.js';
import { keychainItem, requireSecretService, runCli, tempDir, type TempDir } from './harness.js';
import { KEYS, openTerminal, type Terminal } from './pty.js';

let entra: Standin;
let xsoar: XsoarStandin;
let dir: TempDir;

beforeAll(async () => {
  requireSecretService();
  entra = await startEntraStandin();
  xsoar = await startXsoarStandin({ entraUrl: entra.url });
  dir = await tempDir();
});
afterAll(async () => {
  await xsoar?.close();
  await entra?.close();
  await dir?.remove();
});

/** The operator's actions, as the README counts them: each answer typed at a prompt, and each sign-in in the browser. */
function countActions(term: Terminal) {
  let actions = 0;
  return {
    type(keys: string): void {
      actions += 1;
      term.type(keys);
    },
    signedIn(): void {
      actions += 1;
    },
    get actions(): number {
      return actions;
    },
  };
}

const URL_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/\S+authorize\?\S+)$/m;

describe('the wizard with push, in a pseudo-terminal', () => {
  it('from zero to a tested instance: the offer at the end, the API key asked once and kept per server; forget keeps it', async () => {
    const term = openTerminal(['setup', '--authority-host', entra.url, '--config-dir', dir.path, '--profile', 'pty-push', '--no-browser'], {
      MS_AUTH_XSOAR_URL: xsoar.url,
    });
    const jar = newCookieJar();
    const operator = countActions(term);
    try {
      await term.waitFor(/Which XSOAR integration is this for\?/);
      operator.type(KEYS.enter); // Entra ID Users
      await term.waitFor(/Which application will XSOAR use\?/);
      operator.type(KEYS.down + KEYS.enter); // Self-deployed
      await term.waitFor(/Which sign-in flow\?/);
      operator.type(KEYS.down + KEYS.enter); // Authorization code
      await term.waitFor(/Tenant ID or verified domain/);
      operator.type(`${entra.tenant.domains[0]}${KEYS.enter}`);
      await term.waitFor(/Client ID \(Application ID\)/);
      operator.type(`${entra.client.clientId}${KEYS.enter}`);
      await term.waitFor(/Client secret/);
      operator.type(`${entra.client.clientSecret}${KEYS.enter}`);
      await term.waitFor(/Redirect URI/);
      operator.type(KEYS.enter); // the default
      // No hand-off question: with a push ahead, XSOAR gets the refresh token.
      const first = (await term.waitFor(URL_LINE))[1] as string;
      await term.waitFor(/Paste the redirect URL/);
      expect(term.screen()).not.toContain('What should XSOAR get?');
      operator.type(`${await signInOverHttp(first, { login: 'pty.push@contoso.onmicrosoft.com', jar })}${KEYS.enter}`); // sign in (with --listen: the sign-in alone)
      await term.waitFor(/Push it to XSOAR at/);
      operator.type(KEYS.enter); // yes
      await term.waitFor(/XSOAR API key for/);
      operator.type(`${xsoar.apiKey}${KEYS.enter}`);
      expect(await term.exited).toBe(0);
      const screen = term.screen();
      expect(screen).toContain('Test (!msgraph-user-test): passed');
      expect(screen).not.toContain(xsoar.apiKey);
      expect(screen).not.toContain(entra.client.clientSecret);
      // The count the README reports: 10 from zero, of which the API key is asked once per server.
      expect(operator.actions).toBe(10);
      expect(await keychainItem(`xsoar-api-key:${new URL(xsoar.url).origin}`)).toBe(xsoar.apiKey);
    } finally {
      term.kill();
    }

    // A later push needs no key and no flag; forgetting the profile keeps the server's shared key.
    const again = await runCli(['push', '--config-dir', dir.path, '--profile', 'pty-push'], { endInput: true });
    expect(again.code, again.stderr).toBe(0);
    const forget = await runCli(['revoke', '--config-dir', dir.path, '--profile', 'pty-push', '--forget', '--yes'], { endInput: true });
    expect(forget.code, forget.stderr).toBe(0);
    expect(await keychainItem(`xsoar-api-key:${new URL(xsoar.url).origin}`)).toBe(xsoar.apiKey);
  }, 60_000);

  it('the documented count: `setup --listen --push` with the server and key in the environment, five actions (integration, tenant, client ID, secret, sign-in)', async () => {
    const term = openTerminal(
      ['setup', '--listen', '--push', '--authority-host', entra.url, '--config-dir', dir.path, '--profile', 'pty-listen', '--no-browser'],
      { MS_AUTH_XSOAR_URL: xsoar.url, MS_AUTH_XSOAR_API_KEY: xsoar.apiKey },
    );
    const jar = newCookieJar();
    const operator = countActions(term);
    try {
      await term.waitFor(/Which XSOAR integration is this for\?/);
      operator.type(KEYS.enter); // Entra ID Users
      // --listen: a self-deployed app's sign-in, on the loopback redirect URI; --push: no offer, no hand-off question.
      await term.waitFor(/Tenant ID or verified domain/);
      operator.type(`${entra.tenant.domains[0]}${KEYS.enter}`);
      await term.waitFor(/Client ID \(Application ID\)/);
      operator.type(`${entra.client.clientId}${KEYS.enter}`);
      await term.waitFor(/Client secret/);
      operator.type(`${entra.client.clientSecret}${KEYS.enter}`);
      const url = (await term.waitFor(URL_LINE))[1] as string;
      operator.signedIn(); // the sign-in in the browser; the listener takes its redirect
      const landed = await signInOverHttp(url, { login: 'pty.listen@contoso.onmicrosoft.com', jar });
      await fetch(landed);
      expect(await term.exited).toBe(0);
      const screen = term.screen();
      expect(screen).toContain('Redirect URI: http://localhost:8400/callback');
      expect(screen).toContain('Sign-in flow: Authorization code');
      expect(screen).toContain('Test (!msgraph-user-test): passed');
      expect(screen).not.toMatch(/Which application|Which sign-in flow|Push it to XSOAR|XSOAR API key for|Paste/);
      expect(screen).not.toContain(xsoar.apiKey);
      expect(screen).not.toContain(entra.client.clientSecret);
      // The count the README reports for this scenario.
      expect(operator.actions).toBe(5);
      expect(xsoar.instance('msgraph-user_pty-listen')).toBeDefined();
    } finally {
      term.kill();
    }
  }, 60_000);

  it('`setup --listen` with only the server known and no key kept for it: seven actions (the five, yes to the offer, the API key)', async () => {
    const fresh = await startXsoarStandin({ entraUrl: entra.url });
    const term = openTerminal(
      ['setup', '--listen', '--authority-host', entra.url, '--config-dir', dir.path, '--profile', 'pty-offer', '--no-browser'],
      { MS_AUTH_XSOAR_URL: fresh.url },
    );
    const jar = newCookieJar();
    const operator = countActions(term);
    try {
      await term.waitFor(/Which XSOAR integration is this for\?/);
      operator.type(KEYS.enter);
      await term.waitFor(/Tenant ID or verified domain/);
      operator.type(`${entra.tenant.domains[0]}${KEYS.enter}`);
      await term.waitFor(/Client ID \(Application ID\)/);
      operator.type(`${entra.client.clientId}${KEYS.enter}`);
      await term.waitFor(/Client secret/);
      operator.type(`${entra.client.clientSecret}${KEYS.enter}`);
      const url = (await term.waitFor(URL_LINE))[1] as string;
      operator.signedIn(); // the sign-in
      await fetch(await signInOverHttp(url, { login: 'pty.offer@contoso.onmicrosoft.com', jar }));
      await term.waitFor(/Push it to XSOAR at/);
      operator.type(KEYS.enter); // yes
      await term.waitFor(/XSOAR API key for/);
      operator.type(`${fresh.apiKey}${KEYS.enter}`);
      expect(await term.exited).toBe(0);
      expect(term.screen()).toContain('Test (!msgraph-user-test): passed');
      expect(term.screen()).not.toContain('What should XSOAR get?');
      expect(operator.actions).toBe(7);
    } finally {
      term.kill();
      await new AsyncEntry('ms-auth', `xsoar-api-key:${new URL(fresh.url).origin}`, { linux: { store: 'secret-service' } })
        .deletePassword()
        .catch(() => undefined);
      await fresh.close();
    }
  }, 60_000);

  it('with the flags of a runbook and the key already kept: four actions (tenant, client ID, secret, sign-in)', async () => {
    const term = openTerminal([
      'setup',
      '--authority-host',
      entra.url,
      '--config-dir',
      dir.path,
      '--profile',
      'pty-push-2',
      '--no-browser',
      '--integration',
      'msgraph-user',
      '--method',
      'self-deployed',
      '--flow',
      'auth-code',
      '--redirect-uri',
      'https://localhost/myapp',
      '--push',
      '--xsoar-url',
      xsoar.url,
    ]);
    const jar = newCookieJar();
    const operator = countActions(term);
    try {
      await term.waitFor(/Tenant ID or verified domain/);
      operator.type(`${entra.tenant.id}${KEYS.enter}`);
      await term.waitFor(/Client ID \(Application ID\)/);
      operator.type(`${entra.client.clientId}${KEYS.enter}`);
      await term.waitFor(/Client secret/);
      operator.type(`${entra.client.clientSecret}${KEYS.enter}`);
      const first = (await term.waitFor(URL_LINE))[1] as string;
      await term.waitFor(/Paste the redirect URL/);
      operator.type(`${await signInOverHttp(first, { login: 'pty.push@contoso.onmicrosoft.com', jar })}${KEYS.enter}`);
      expect(await term.exited).toBe(0);
      expect(term.screen()).toContain('Test (!msgraph-user-test): passed');
      expect(operator.actions).toBe(4);
    } finally {
      term.kill();
    }
  }, 60_000);
});
