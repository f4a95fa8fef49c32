/**
 * Hand-offs of integrations beyond the first nine, one per flow family, redeemed against the
 * Entra stand-in the way MicrosoftApiModule redeems them: a Graph delegated code (client secret
 * in the body, no code_verifier, the same redirect_uri), Resource Manager client credentials
 * (`<resource>/.default`, with the integration's required parameters handed over), and a
 * device-code `<client id>@<refresh token>` refreshed at /organizations without a secret.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT,
  DEMO_TENANT,
  adminConsentOverHttp,
  approveDeviceOverHttp,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type Standin,
} from '../standin/entra-standin.js';
import { keychainItem, requireSecretService, runCli, tempDir } from './harness.js';

/** An app registration with a redirect URI that carries a query (allowed for work and school accounts). */
const APP = {
  clientId: '7a7a7a7a-1111-4222-8333-0000000000c1',
  clientSecret: ['Cat', '8Q~', 'b'.repeat(34)].join(''),
  redirectUris: ['https://localhost/myapp', 'https://localhost/myapp?src=xsoar'],
  appRoles: ['Files.ReadWrite.All'],
  requireAdminConsent: true,
};
/** XSOAR's public client for Azure Active Directory Applications (msgraph-apps), as the stand-in knows it. */
const XSOAR_APPS_CLIENT = {
  clientId: '6b071e63-f701-454b-9e54-ede4c96483e6',
  clientSecret: '',
  publicClient: true,
  redirectUris: ['http://localhost'],
};

let standin: Standin;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  requireSecretService();
  // `organizations` routes to the signed-in user's home tenant in Entra; the stand-in has one tenant.
  standin = await startEntraStandin({
    tenants: [{ ...DEMO_TENANT, domains: [...DEMO_TENANT.domains, 'organizations'] }],
    clients: [DEMO_CLIENT, APP, XSOAR_APPS_CLIENT],
    deviceIntervalSeconds: 1,
    deviceTtlSeconds: 30,
  });
  dir = await tempDir();
});
afterAll(async () => {
  await standin?.close();
  await dir?.remove();
});

const common = (profile: string) => [
  '--tenant',
  standin.tenant.id,
  '--authority-host',
  standin.url,
  '--config-dir',
  dir.path,
  '--profile',
  profile,
  '--no-browser',
  '--json',
];

/** A token request as MicrosoftApiModule sends it (form-encoded, no PKCE). */
async function token(tenant: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${standin.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('hand-offs of the new catalog entries, redeemed as XSOAR would', () => {
  it('Graph delegated (O365 File Management): a fresh code through a redirect URI with a query, redeemed without PKCE', async () => {
    const redirectUri = 'https://localhost/myapp?src=xsoar';
    const jar = newCookieJar();
    const result = await runCli(
      [
        'setup',
        '--integration',
        'msgraph-files',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--client-id',
        APP.clientId,
        '--redirect-uri',
        redirectUri,
        '--client-secret-stdin',
        ...common('files'),
      ],
      { input: [APP.clientSecret], onUrl: (url) => signInOverHttp(url, { login: 'operator@contoso.onmicrosoft.com', jar }) },
    );
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.urls).toHaveLength(2);
    // The query rides inside redirect_uri, percent-encoded, exactly as registered.
    expect(result.urls[1]).toContain(`redirect_uri=${encodeURIComponent(redirectUri)}&`);
    const out = JSON.parse(result.stdout);
    expect(out.xsoar).toMatchObject({ testCommand: '!msgraph-files-auth-test', resetCommand: '!msgraph-files-auth-reset' });
    expect(out.xsoar.params).toMatchObject({
      credentials_auth_id: { password: APP.clientId },
      credentials_tenant_id: { password: standin.tenant.id },
      redirect_uri: redirectUri,
      self_deployed: true,
    });
    const code = out.xsoar.params.auth_code_creds.password as string;
    const redeemed = await token(standin.tenant.id, {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      code,
      redirect_uri: redirectUri,
    });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect(redeemed.body['refresh_token']).toBeTruthy();
    expect(out.xsoar.notes.join(' ')).toContain('Run !msgraph-files-auth-reset on it first');

    // export warns once the stored refresh token is older than Entra's 90 days.
    const fresh = await runCli(['export', '--profile', 'files', '--config-dir', dir.path], { endInput: true });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).not.toContain('days ago');
    const file = join(dir.path, 'config.json');
    const config = JSON.parse(await readFile(file, 'utf8'));
    config.profiles.files.updatedAt = new Date(Date.now() - 120 * 86_400_000).toISOString();
    await writeFile(file, JSON.stringify(config));
    const old = await runCli(['export', '--profile', 'files', '--config-dir', dir.path], { endInput: true });
    expect(old.code, old.stderr).toBe(0);
    expect(old.stderr).toMatch(/The stored refresh token was saved 120 days ago .* Entra refresh tokens last 90 days/);
  });

  it('Resource Manager client credentials (Azure Kubernetes Services): required parameters handed over and kept; XSOAR gets a .default token', async () => {
    const jar = newCookieJar();
    const result = await runCli(
      [
        'setup',
        '--integration',
        'azure-ks',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--client-id',
        APP.clientId,
        '--client-secret-stdin',
        '--param',
        'subscription_id=00000000-0000-0000-0000-0000000000aa',
        '--param',
        'resource_group_name=rg-soc',
        ...common('aks'),
      ],
      { input: [APP.clientSecret], onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }) },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(new URL(result.urls[0] as string).searchParams.get('scope')).toBe('https://management.azure.com/.default');
    const out = JSON.parse(result.stdout);
    expect(out.xsoar.params).toMatchObject({
      app_id: APP.clientId,
      tenant_id: standin.tenant.id,
      auth_type: 'Client Credentials',
      azure_cloud: 'Worldwide',
      subscription_id: '00000000-0000-0000-0000-0000000000aa',
      resource_group_name: 'rg-soc',
    });
    expect(out.xsoar.testCommand).toBe('test-module');
    const secret = await keychainItem('aks:client-secret');
    expect(secret).toBe(APP.clientSecret);
    const granted = await token(standin.tenant.id, {
      grant_type: 'client_credentials',
      client_id: APP.clientId,
      client_secret: secret as string,
      scope: 'https://management.azure.com/.default',
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);

    // export prints them again from the profile; a secret or an unknown name is refused up front.
    const exported = await runCli(['export', '--profile', 'aks', '--config-dir', dir.path, '--json'], { endInput: true });
    expect(JSON.parse(exported.stdout).xsoar.params).toMatchObject({
      subscription_id: '00000000-0000-0000-0000-0000000000aa',
      resource_group_name: 'rg-soc',
    });
    const refused = await runCli(
      [
        'setup',
        '--integration',
        'azure-ks',
        '--flow',
        'client-credentials',
        '--client-id',
        APP.clientId,
        '--param',
        'credentials=x',
        ...common('aks-bad'),
      ],
      { endInput: true },
    );
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('gets credentials from ms-auth');
    // without a terminal, a required one not given is a usage error naming its --param, before any sign-in
    const later = await runCli(
      [
        'setup',
        '--integration',
        'azure-ks',
        '--flow',
        'client-credentials',
        '--client-id',
        APP.clientId,
        '--client-secret-stdin',
        ...common('aks-later'),
      ],
      { input: [APP.clientSecret] },
    );
    expect(later.code, later.stdout).toBe(2);
    expect(later.urls).toEqual([]);
    expect(JSON.parse(later.stdout).error.message).toMatch(
      /^Azure Kubernetes Services needs "Default Subscription ID", "Default Resource Group Name": pass --param subscription_id=VALUE --param resource_group_name=VALUE \(no terminal to ask on\)\.$/,
    );
  });

  it("device code (Azure Active Directory Applications): XSOAR's public client by default, <client id>@<refresh token> refreshed at /organizations without a secret", async () => {
    let uri: string | undefined;
    const result = await runCli(
      ['setup', '--integration', 'msgraph-apps', '--method', 'self-deployed', '--flow', 'device-code', '--show-secrets', ...common('apps')],
      {
        endInput: true,
        timeoutMs: 30_000,
        onLine: async (line) => {
          if (/^https?:\/\/\S+devicelogin$/.test(line)) uri = line;
          else if (uri && /^[A-Z]{9}$/.test(line)) void approveDeviceOverHttp(uri, line, { login: 'device.user@contoso.onmicrosoft.com' });
          return undefined;
        },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    const id = out.xsoar.params.app_id as string;
    expect(id.startsWith(`${XSOAR_APPS_CLIENT.clientId}@`)).toBe(true);
    expect(out.xsoar).toMatchObject({ testCommand: '!msgraph-apps-auth-test', resetCommand: '!msgraph-apps-auth-reset' });
    expect(out.xsoar.params.authentication_type).toBe('Device Code');
    expect(out.xsoar.notes[0]).toContain(`set Application ID back to the plain client ID ${XSOAR_APPS_CLIENT.clientId}`);
    // XSOAR's own public client: no multi-tenant warning.
    expect(out.xsoar.notes.join(' ')).not.toContain('multi-tenant');

    const [clientId, refreshToken] = id.split('@') as [string, string];
    const refreshed = await token('organizations', { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body['access_token']).toBeTruthy();
  });
});
