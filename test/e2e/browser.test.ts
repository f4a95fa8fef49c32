/**
 * A real browser end to end: headless Chromium (Debian's, driven by playwright-core)
 * opens the URL ms-auth asked $BROWSER to open, signs in and consents at the Entra
 * stand-in, and is redirected to ms-auth's loopback listener (--listen): no paste.
 * Also admin consent, and a forged callback that must not end the wait.
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, startEntraStandin, type Standin } from '../standin/entra-standin.js';
import { keychainItem, requireSecretService, runCli, tempDir } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
let standin: Standin;
let dir: { path: string; remove(): Promise<void> };
let browser: Browser;
let port: number;
let redirectUri: string;
const APP = {
  clientId: '9b9b9b9b-1111-4222-8333-000000000003',
  clientSecret: ['Brw', '5Q~', 'b'.repeat(34)].join(''),
  appRoles: ['User.Read.All'],
  requireAdminConsent: true,
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port: free } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return free;
}

beforeAll(async () => {
  requireSecretService();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (sh scripts/prepare.sh --test does it).`);
  port = await freePort();
  redirectUri = `http://localhost:${port}/callback`;
  standin = await startEntraStandin({
    clients: [
      { ...DEMO_CLIENT, redirectUris: [...DEMO_CLIENT.redirectUris, redirectUri] },
      { ...APP, redirectUris: [redirectUri] },
    ],
  });
  dir = await tempDir();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await standin?.close();
  await dir?.remove();
});

/** A $BROWSER that records each URL ms-auth opens; the test then opens it in Chromium. */
async function recordingBrowser(name: string): Promise<{ env: Record<string, string>; next(index: number): Promise<string> }> {
  const log = join(dir.path, `${name}.urls`);
  const script = join(dir.path, `${name}.sh`);
  await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
  await chmod(script, 0o755);
  return {
    env: { BROWSER: script },
    async next(index) {
      for (let i = 0; i < 200; i++) {
        const urls = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
        if (urls[index]) return urls[index];
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`ms-auth did not ask the browser to open URL #${index + 1}`);
    },
  };
}

/** Sign-in and consent pages, as a person would click through them, until the redirect lands. */
async function clickThrough(page: Page, url: string, expectLanded: RegExp): Promise<string> {
  await page.goto(url);
  for (let step = 0; step < 6; step++) {
    const kind = await page
      .locator('body')
      .getAttribute('data-standin-page')
      .catch(() => null);
    if (kind === 'signin') {
      await page.fill('#i0116', 'chromium.user@contoso.onmicrosoft.com');
      await page.fill('#i0118', 'any-password');
      await Promise.all([page.waitForNavigation(), page.click('#idSIButton9')]);
    } else if (kind === 'consent' || kind === 'admin-consent') {
      await Promise.all([page.waitForNavigation(), page.click('#idBtn_Accept')]);
    } else {
      break;
    }
  }
  await page.waitForURL(expectLanded);
  return (await page.textContent('body')) ?? '';
}

describe('a real browser and the loopback listener', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext();
  });
  afterAll(async () => context?.close());

  it('auth code with a fresh-code hand-off, captured twice on the listener; a forged callback is refused and the wait goes on', async () => {
    const recorder = await recordingBrowser('auth-code');
    const page = await context.newPage();
    const run = runCli(
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
        DEMO_CLIENT.clientId,
        '--redirect-uri',
        redirectUri,
        '--listen',
        '--timeout',
        '60',
        '--authority-host',
        standin.url,
        '--config-dir',
        dir.path,
        '--profile',
        'chromium-code',
        '--client-secret-stdin',
        '--json',
      ],
      { input: [DEMO_CLIENT.clientSecret], env: recorder.env, timeoutMs: 60_000 },
    );
    // The opener gets a one-time start page on the listener, never the authorize URL and its state.
    const first = await recorder.next(0);
    expect(first).toMatch(new RegExp(`^http://localhost:${port}/ms-auth-start-[\\w-]{20,}$`));

    const forged = await fetch(`${redirectUri}?code=forged-code-123&state=not-the-right-one`, { redirect: 'manual' });
    expect(forged.status).toBe(400);

    const landed = await clickThrough(page, first, new RegExp(`^http://localhost:${port}/callback\\?done`));
    expect(landed).toContain('You can close this tab');
    const authorizes = () => standin.events.filter((e) => e.kind === 'authorize');
    expect(authorizes().at(-1)?.params['redirect_uri']).toBe(redirectUri);
    expect(page.url()).not.toContain('code=');

    // The fresh code for XSOAR: same browser, no page to click (session and consent remembered).
    const second = await recorder.next(1);
    await page.goto(second);
    await page.waitForURL(new RegExp(`^http://localhost:${port}/callback\\?done`));
    expect(authorizes().at(-1)?.params['code_challenge']).toBeUndefined();

    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Paste/);
    const out = JSON.parse(result.stdout);
    expect(out.xsoar.params.creds_auth_code.password).toMatch(/^\S{20,}$/);
    expect(out.xsoar.params.redirect_uri).toBe(redirectUri);
    expect(await keychainItem('chromium-code:refresh-token')).toBeTruthy();
  }, 60_000);

  it('admin consent for client credentials, captured on the listener', async () => {
    const recorder = await recordingBrowser('admin-consent');
    const page = await context.newPage();
    const run = runCli(
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--scope',
        'https://graph.microsoft.com/.default',
        '--tenant',
        standin.tenant.id,
        '--client-id',
        APP.clientId,
        '--redirect-uri',
        redirectUri,
        '--listen',
        '--timeout',
        '60',
        '--authority-host',
        standin.url,
        '--config-dir',
        dir.path,
        '--profile',
        'chromium-consent',
        '--client-secret-stdin',
      ],
      { input: [APP.clientSecret], env: recorder.env, timeoutMs: 60_000 },
    );
    const landed = await clickThrough(page, await recorder.next(0), new RegExp(`^http://localhost:${port}/callback\\?done`));
    expect(landed).toMatch(/consent/i);
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('with roles: User.Read.All');
  }, 60_000);

  it('--listen gives up after --timeout when no browser comes back: exit 4, nothing stored', async () => {
    const result = await runCli(
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--scope',
        'User.Read',
        '--tenant',
        standin.tenant.id,
        '--client-id',
        DEMO_CLIENT.clientId,
        '--redirect-uri',
        redirectUri,
        '--listen',
        '--timeout',
        '1',
        '--no-browser',
        '--authority-host',
        standin.url,
        '--config-dir',
        dir.path,
        '--profile',
        'chromium-timeout',
        '--client-secret-stdin',
      ],
      { input: [DEMO_CLIENT.clientSecret] },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`No sign-in reached ${redirectUri} within 1 s.`);
    expect(await keychainItem('chromium-timeout:client-secret')).toBeUndefined();
  });
});
