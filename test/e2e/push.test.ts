/**
 * `ms-auth push` through the built CLI: a profile set up against the Entra stand-in is
 * pushed into the XSOAR stand-in, whose test redeems the pushed credentials at the
 * Entra stand-in as XSOAR's MicrosoftApiModule does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, adminConsentOverHttp, newCookieJar, startEntraStandin, type Standin } from '../standin/entra-standin.js';
import { startXsoarStandin, type XsoarStandin } from '../xsoar-standin/xsoar-standin.js';
import { requireSecretService, runCli, tempDir, type TempDir } from './harness.js';

const APP_ONLY = { clientId: '7a7a7a7a-1111-4222-8333-000000000011', clientSecret: ['App', '7Q~', 'b'.repeat(34)].join(''), redirectUris: ['https://localhost/myapp'], appRoles: ['User.ReadWrite.All'], requireAdminConsent: true };

let entra: Standin;
let xsoar: XsoarStandin;
let dir: TempDir;

beforeAll(async () => {
  requireSecretService();
  entra = await startEntraStandin({ clients: [DEMO_CLIENT, APP_ONLY] });
  xsoar = await startXsoarStandin({ entraUrl: entra.url });
  dir = await tempDir();
});
afterAll(async () => {
  await xsoar?.close();
  await entra?.close();
  await dir?.remove();
});

const common = (profile: string) => ['--config-dir', dir.path, '--profile', profile];

async function clientCredentialsProfile(profile: string, integration = 'msgraph-user'): Promise<void> {
  const jar = newCookieJar();
  const result = await runCli(['setup', '--integration', integration, '--method', 'self-deployed', '--flow', 'client-credentials', '--client-id', APP_ONLY.clientId, '--client-secret-stdin', '--tenant', entra.tenant.id, '--authority-host', entra.url, '--no-browser', ...common(profile)], {
    input: [APP_ONLY.clientSecret],
    onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
  });
  expect(result.code, result.stderr).toBe(0);
}

describe('ms-auth push', () => {
  it('creates the instance and passes its Test button; --json is the contract document', async () => {
    await clientCredentialsProfile('cc');
    const result = await runCli(['push', '--xsoar-url', xsoar.url, '--json', ...common('cc')], { env: { MS_AUTH_XSOAR_API_KEY: xsoar.apiKey } });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toEqual({
      xsoar: { url: xsoar.url, serverVersion: expect.any(String), instance: { name: 'msgraph-user_cc', id: expect.any(String), created: true }, reset: false, test: { kind: 'test-module', success: true, message: expect.any(String) } },
    });
    expect(xsoar.instance('msgraph-user_cc')).toBeDefined();
    expect(result.stdout + result.stderr).not.toContain(xsoar.apiKey);
    expect(result.stdout + result.stderr).not.toContain(APP_ONLY.clientSecret);
  });
});
