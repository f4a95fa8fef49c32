/**
 * The interactive wizard in a real pseudo-terminal: choose, type, paste, succeed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCookieJar, signInOverHttp, type Standin } from '../standin/entra-standin.js';
import { keychainItem, type TempDir, withStandin } from './harness.js';
import { KEYS, openTerminal } from './pty.js';

let standin: Standin;
let dir: TempDir;
withStandin((s, d) => {
  standin = s;
  dir = d;
});

const URL_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/\S+authorize\?\S+)$/m;

describe('setup wizard in a pseudo-terminal', () => {
  it('self-deployed Graph User: choices, typed values, masked secret, two pastes, success', async () => {
    const term = openTerminal(['setup', '--authority-host', standin.url, '--config-dir', dir.path, '--profile', 'pty-1', '--no-browser']);
    const jar = newCookieJar();
    try {
      await term.waitFor(/Which XSOAR integration is this for\?/);
      term.type(KEYS.enter); // the first entry: Graph User
      await term.waitFor(/Which application will XSOAR use\?/);
      term.type(KEYS.down + KEYS.enter); // Self-deployed application
      await term.waitFor(/Which sign-in flow\?/);
      term.type(KEYS.down + KEYS.enter); // Authorization code, after client credentials
      await term.waitFor(/Tenant ID or verified domain/);
      term.type(`${standin.tenant.domains[0]}${KEYS.enter}`);
      await term.waitFor(/Client ID \(Application ID\)/);
      term.type('not-a-guid');
      term.type(KEYS.enter);
      await term.waitFor(/must be a GUID/);
      term.type('\u0015'.repeat(1) + '\b'.repeat(20)); // clear the bad answer
      term.type(`${standin.client.clientId}${KEYS.enter}`);
      await term.waitFor(/Client secret/);
      term.type(`${standin.client.clientSecret}${KEYS.enter}`);
      await term.waitFor(/Redirect URI/);
      expect(term.screen()).not.toContain(standin.client.clientSecret);
      expect(term.screen()).toContain('*'.repeat(standin.client.clientSecret.length));
      term.type(KEYS.enter); // the default https://localhost/myapp
      await term.waitFor(/What should XSOAR get\?/);
      term.type(KEYS.enter); // a fresh code, the default
      await term.waitFor(/Directory\.AccessAsUser\.All \(delegated, Microsoft Graph\)/);

      const first = (await term.waitFor(URL_LINE))[1] as string;
      await term.waitFor(/Paste the redirect URL/);
      term.type(`${await signInOverHttp(first, { login: 'pty.operator@contoso.onmicrosoft.com', jar })}${KEYS.enter}`);

      await term.waitFor(/Signed in to tenant/);
      await term.waitFor(/Paste the second redirect URL/);
      const urls = [...term.screen().matchAll(new RegExp(URL_LINE.source, 'gm'))].map((m) => m[1] as string);
      expect(urls).toHaveLength(2);
      const second = urls[1] as string;
      expect(second).not.toContain('code_challenge');
      term.type(`${await signInOverHttp(second, { login: 'pty.operator@contoso.onmicrosoft.com', jar })}${KEYS.enter}`);

      expect(await term.exited).toBe(0);
      expect(term.screen()).toMatch(/Saved profile "pty-1"/);
      expect(term.screen()).toMatch(/Authorization code .*\[creds_auth_code, password half\]\n\s+\S{20,}/);
      expect(term.screen()).toContain('!msgraph-user-test');
      expect(term.screen()).not.toContain(standin.client.clientSecret);
      expect(await keychainItem('pty-1:client-secret')).toBe(standin.client.clientSecret);
      const config = JSON.parse(await readFile(join(dir.path, 'config.json'), 'utf8'));
      expect(config.profiles['pty-1']).toMatchObject({ integration: 'msgraph-user', tenantId: 'contoso.onmicrosoft.com' });
    } finally {
      term.kill();
    }
  });

  it('Cortex XSOAR application: ID typed, Token and Key masked', async () => {
    const key = Buffer.alloc(16, 3).toString('base64');
    const term = openTerminal(['setup', '--integration', 'msgraph-user', '--config-dir', dir.path, '--profile', 'pty-app', '--no-browser']);
    try {
      await term.waitFor(/Which application will XSOAR use\?/);
      term.type(KEYS.enter); // Cortex XSOAR application
      await term.waitFor(/^https:\/\/oproxy\.demisto\.ninja\/ms-graph-user$/m);
      await term.waitFor(/\? ID/);
      term.type(`reg-777${KEYS.enter}`);
      await term.waitFor(/\? Token/);
      term.type(`tok-secret-777${KEYS.enter}`);
      await term.waitFor(/\? Key/);
      term.type(`short${KEYS.enter}`);
      await term.waitFor(/Key must be standard base64|Key must encode/);
      term.type('\b'.repeat(10) + `${key}${KEYS.enter}`);
      expect(await term.exited).toBe(0);
      expect(term.screen()).not.toContain('tok-secret-777');
      expect(term.screen()).not.toContain(key);
      expect(await keychainItem('pty-app:xsoar-key')).toBe(key);
    } finally {
      term.kill();
    }
  });

  it('Ctrl-C at a prompt, after the secret was typed, exits 130, restores the cursor and saves nothing', async () => {
    const term = openTerminal([
      'setup',
      '--integration',
      'msgraph-user',
      '--method',
      'self-deployed',
      '--flow',
      'auth-code',
      '--config-dir',
      dir.path,
      '--profile',
      'pty-cancel',
      '--tenant',
      standin.tenant.id,
      '--client-id',
      standin.client.clientId,
    ]);
    const configBefore = await readFile(join(dir.path, 'config.json'), 'utf8').catch(() => '');
    try {
      await term.waitFor(/Client secret/);
      term.type(`${standin.client.clientSecret}${KEYS.enter}`);
      await term.waitFor(/Redirect URI/);
      term.type(KEYS.ctrlC);
      expect(await term.exited).toBe(130);
      expect(term.screen()).toContain('Cancelled. Nothing was saved.');
      // The prompt hid the cursor while it ran; it is shown again.
      expect(term.raw().lastIndexOf('\u001b[?25h')).toBeGreaterThan(term.raw().lastIndexOf('\u001b[?25l'));
      expect(await keychainItem('pty-cancel:client-secret')).toBeUndefined();
      expect(await readFile(join(dir.path, 'config.json'), 'utf8').catch(() => '')).toBe(configBefore);
    } finally {
      term.kill();
    }
  });
});
