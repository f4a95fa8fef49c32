/**
 * The flows beyond a pasted code, through the built CLI against the stand-in: device
 * code (pending, slow_down, success, decline, expiry), client credentials with admin
 * consent, and certificate credentials (PEM and PFX; a wrong key rejected).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT,
  DEMO_PUBLIC_CLIENT,
  adminConsentOverHttp,
  approveDeviceOverHttp,
  makeTestCertificate,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type Standin,
  type TestCertificate,
  type TokenEvent,
} from '../standin/entra-standin.js';
import { keychainItem, requireSecretService, runCli, tempDir, type RunResult } from './harness.js';

const APP_ONLY = {
  clientId: '7a7a7a7a-1111-4222-8333-000000000001',
  clientSecret: ['App', '7Q~', 'a'.repeat(34)].join(''),
  redirectUris: ['https://localhost/myapp'],
  appRoles: ['User.ReadWrite.All'],
  requireAdminConsent: true,
};
let CERT_CLIENT: { clientId: string; clientSecret: string; redirectUris: string[]; certificatePem: string; appRoles: string[] };
let cert: TestCertificate;
let other: TestCertificate;
let standin: Standin;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  requireSecretService();
  [cert, other] = await Promise.all([
    makeTestCertificate({ commonName: 'ms-auth test' }),
    makeTestCertificate({ commonName: 'not registered' }),
  ]);
  CERT_CLIENT = {
    clientId: '7a7a7a7a-1111-4222-8333-000000000002',
    clientSecret: '',
    redirectUris: ['https://localhost/myapp'],
    certificatePem: cert.certPem,
    appRoles: ['Machine.Read.All'],
  };
  standin = await startEntraStandin({
    clients: [DEMO_CLIENT, DEMO_PUBLIC_CLIENT, APP_ONLY, CERT_CLIENT],
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
];

/** Runs a device-code setup; `user` plays the person at the other device once the code is shown. */
function deviceSetup(profile: string, user: (uri: string, code: string) => Promise<void>, ...extra: string[]): Promise<RunResult> {
  let uri: string | undefined;
  return runCli(
    [
      'setup',
      '--method',
      'self-deployed',
      '--flow',
      'device-code',
      '--client-id',
      DEMO_PUBLIC_CLIENT.clientId,
      '--scope',
      'https://graph.microsoft.com/.default',
      ...common(profile),
      ...extra,
    ],
    {
      endInput: true,
      timeoutMs: 30_000,
      onLine: async (line) => {
        if (/^https?:\/\/\S+devicelogin$/.test(line)) uri = line;
        else if (uri && /^[A-Z]{9}$/.test(line)) void user(uri, line);
        return undefined;
      },
    },
  );
}

describe('device code', () => {
  it('shows the URL and the code on their own lines, polls through pending and slow_down, and succeeds', async () => {
    const started = Date.now();
    const result = await deviceSetup(
      'dev-ok',
      async (uri, code) => {
        // The first poll (after 1 s) finds it pending; the second is told to slow down.
        await new Promise((r) => setTimeout(r, 1_300));
        standin.slowDownNext();
        await new Promise((r) => setTimeout(r, 500));
        await approveDeviceOverHttp(uri, code, { login: 'device.user@contoso.onmicrosoft.com' });
      },
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devicelogin$/m);
    expect(result.stderr).toMatch(/^[A-Z]{9}$/m);
    // One slow_down adds 5 s to the 1 s interval (RFC 8628 §3.5).
    expect(Date.now() - started).toBeGreaterThan(6_000);
    const polls = standin.events.filter(
      (e): e is TokenEvent => e.kind === 'token' && e.grantType === 'urn:ietf:params:oauth:grant-type:device_code',
    );
    expect(polls.map((p) => p.error)).toEqual(expect.arrayContaining(['authorization_pending', 'slow_down']));
    expect(polls.every((p) => !p.hasClientSecret)).toBe(true);
    const refresh = await keychainItem('dev-ok:refresh-token');
    expect(refresh?.length).toBeGreaterThan(10);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ method: 'self-deployed', flow: 'device-code' });
    expect(result.stdout + result.stderr).not.toContain(refresh as string);
  }, 40_000);

  it('declined at the other device: exit 4, nothing stored', async () => {
    const result = await deviceSetup('dev-declined', (uri, code) =>
      approveDeviceOverHttp(uri, code, { login: 'device.user@contoso.onmicrosoft.com', decline: true }),
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/authorization_declined/);
    expect(await keychainItem('dev-declined:refresh-token')).toBeUndefined();
  });

  it('nobody approves before --timeout: exit 4 with the way forward', async () => {
    const result = await deviceSetup('dev-timeout', async () => undefined, '--timeout', '2');
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Nobody approved the sign-in in time.');
    expect(await keychainItem('dev-timeout:refresh-token')).toBeUndefined();
  });

  it('the code expires (the stand-in says expired_token): exit 4', async () => {
    const short = await startEntraStandin({ clients: [DEMO_PUBLIC_CLIENT], deviceIntervalSeconds: 1, deviceTtlSeconds: 2 });
    try {
      const result = await runCli(
        [
          'setup',
          '--method',
          'self-deployed',
          '--flow',
          'device-code',
          '--client-id',
          DEMO_PUBLIC_CLIENT.clientId,
          '--scope',
          'User.Read',
          ...common('dev-expired').map((a) => (a === standin.url ? short.url : a)),
          '--timeout',
          '20',
        ],
        { endInput: true, timeoutMs: 30_000 },
      );
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/\(expired_token\)[\s\S]*The device code expired/);
    } finally {
      await short.close();
    }
  });
});

describe('client credentials with admin consent', () => {
  it('admin consent by paste, then an app-only token whose roles are shown; the hand-off has no code', async () => {
    const jar = newCookieJar();
    const result = await runCli(
      [
        'setup',
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--client-id',
        APP_ONLY.clientId,
        '--client-secret-stdin',
        '--json',
        ...common('cc-ok'),
      ],
      {
        input: [APP_ONLY.clientSecret],
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const consent = new URL(result.urls[0] as string);
    expect(consent.pathname).toBe(`/${standin.tenant.id}/v2.0/adminconsent`);
    expect([...consent.searchParams.keys()]).toEqual(['client_id', 'scope', 'redirect_uri', 'state']);
    expect(consent.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(result.stderr).toContain('Admin consent granted');
    expect(result.stderr).toContain('with roles: User.ReadWrite.All');
    expect(await keychainItem('cc-ok:client-secret')).toBe(APP_ONLY.clientSecret);
    const params = JSON.parse(result.stdout).xsoar.params;
    expect(params).toMatchObject({ creds_auth_id: { password: APP_ONLY.clientId }, self_deployed: true });
    expect(params).not.toHaveProperty('creds_auth_code');
    expect(params).not.toHaveProperty('redirect_uri');
  });

  it('declined admin consent: exit 4, nothing stored', async () => {
    const result = await runCli(
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--scope',
        'https://graph.microsoft.com/.default',
        '--client-id',
        APP_ONLY.clientId,
        '--client-secret-stdin',
        ...common('cc-declined'),
      ],
      {
        input: [APP_ONLY.clientSecret],
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', decline: true }),
      },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('AADSTS65004');
    expect(await keychainItem('cc-declined:client-secret')).toBeUndefined();
  });

  it('a scope that is not <resource>/.default is a usage error', async () => {
    const result = await runCli(
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--scope',
        'User.Read',
        '--client-id',
        APP_ONLY.clientId,
        '--client-secret-stdin',
        ...common('cc-scope'),
      ],
      { input: [APP_ONLY.clientSecret], endInput: true },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('client credentials take <resource>/.default scopes only');
  });
});

describe('certificate credentials', () => {
  const consent = (url: string) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com' });

  it('PEM: a client assertion the stand-in verifies; key in the keychain, thumbprint in the profile and the hand-off', async () => {
    const pem = join(dir.path, 'cert.pem');
    await writeFile(pem, `${cert.keyPem}\n${cert.certPem}`);
    const before = standin.events.length;
    const result = await runCli(
      [
        'setup',
        '--integration',
        'microsoft-atp',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--client-id',
        CERT_CLIENT.clientId,
        '--certificate',
        pem,
        '--json',
        '--show-secrets',
        ...common('cert-pem'),
      ],
      { onUrl: consent, endInput: false },
    );
    expect(result.code, result.stderr).toBe(0);
    const token = standin.events.slice(before).find((e): e is TokenEvent => e.kind === 'token');
    expect(token).toMatchObject({ grantType: 'client_credentials', hasClientAssertion: true, hasClientSecret: false, ok: true });
    expect(await keychainItem('cert-pem:certificate-key')).toBe(cert.keyPem.trim() + '\n');
    const config = JSON.parse(await (await import('node:fs/promises')).readFile(join(dir.path, 'config.json'), 'utf8'));
    expect(config.profiles['cert-pem'].certificateThumbprint).toBe(cert.sha1Thumbprint);
    const params = JSON.parse(result.stdout).xsoar.params;
    expect(params.creds_certificate).toEqual({ identifier: cert.sha1Thumbprint, password: expect.stringContaining('BEGIN PRIVATE KEY') });
    expect(params.auth_type).toBe('Client Credentials');

    // status --online proves it again with the stored key.
    const status = await runCli(['status', '--profile', 'cert-pem', '--online', '--config-dir', dir.path], {
      endInput: true,
      env: { MS_AUTH_AUTHORITY_HOST: standin.url },
    });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toContain('certificate-key: keychain');
    expect(status.stdout).toMatch(/✓ Online: .*roles Machine\.Read\.All/);
  });

  it('PFX with its passphrase from the environment works; a wrong passphrase is a usage error', async () => {
    const pfx = join(dir.path, 'cert.pfx');
    await writeFile(pfx, cert.pfx);
    const args = [
      'setup',
      '--method',
      'self-deployed',
      '--flow',
      'client-credentials',
      '--scope',
      'https://graph.microsoft.com/.default',
      '--client-id',
      CERT_CLIENT.clientId,
      '--certificate',
      pfx,
    ];
    const ok = await runCli([...args, ...common('cert-pfx')], {
      onUrl: consent,
      env: { MS_AUTH_CERTIFICATE_PASSPHRASE: cert.pfxPassphrase },
    });
    expect(ok.code, ok.stderr).toBe(0);
    const wrong = await runCli([...args, ...common('cert-pfx-wrong')], { endInput: true, env: { MS_AUTH_CERTIFICATE_PASSPHRASE: 'nope' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('wrong passphrase');
  });

  it('a key the app does not know is rejected with the AADSTS700027 advice, nothing stored', async () => {
    const pem = join(dir.path, 'other.pem');
    await writeFile(pem, `${other.keyPem}\n${other.certPem}`);
    const result = await runCli(
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--scope',
        'https://graph.microsoft.com/.default',
        '--client-id',
        CERT_CLIENT.clientId,
        '--certificate',
        pem,
        ...common('cert-wrong'),
      ],
      { onUrl: consent },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/AADSTS700027[\s\S]*Upload the certificate to the app registration/);
    expect(await keychainItem('cert-wrong:certificate-key')).toBeUndefined();
  });

  it('also signs the authorization code redemption', async () => {
    const pem = join(dir.path, 'cert.pem');
    const jar = newCookieJar();
    const before = standin.events.length;
    const result = await runCli(
      [
        'setup',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--scope',
        'User.Read',
        '--handoff',
        'none',
        '--client-id',
        CERT_CLIENT.clientId,
        '--certificate',
        pem,
        ...common('cert-code'),
      ],
      {
        onUrl: (url) => signInOverHttp(url, { login: 'user@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(standin.events.slice(before).find((e): e is TokenEvent => e.kind === 'token')).toMatchObject({
      grantType: 'authorization_code',
      hasClientAssertion: true,
      hasCodeVerifier: true,
    });
  });
});
