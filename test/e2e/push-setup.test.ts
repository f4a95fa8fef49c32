/**
 * `setup --push` through the built CLI, one run from sign-in to a tested XSOAR instance:
 * every flow (auth code, client credentials, device code, certificate, Cortex XSOAR
 * application) and several integrations, against the Entra and XSOAR stand-ins. The
 * server and key are checked before any browser opens; a push that fails after a
 * successful sign-in keeps the profile and says how to retry.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT,
  DEMO_PUBLIC_CLIENT,
  DEMO_TENANT,
  adminConsentOverHttp,
  approveDeviceOverHttp,
  makeTestCertificate,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type Standin,
  type StandinClient,
  type TestCertificate,
} from '../standin/entra-standin.js';
import { startXsoarStandin, withOrganizationsAlias, type XsoarStandin } from '../xsoar-standin/xsoar-standin.js';
import { keychainItem, requireSecretService, runCli, tempDir, type RunResult, type TempDir } from './harness.js';

const APP_ONLY = {
  clientId: '7a7a7a7a-1111-4222-8333-000000000021',
  clientSecret: ['App', '7Q~', 'c'.repeat(34)].join(''),
  redirectUris: ['https://localhost/myapp'],
  appRoles: ['User.ReadWrite.All'],
  requireAdminConsent: true,
};
const LOGIN = 'setup.push@contoso.onmicrosoft.com';

let entra: Standin;
let xsoar: XsoarStandin;
let dir: TempDir;
let cert: TestCertificate;
let certClient: StandinClient;

beforeAll(async () => {
  requireSecretService();
  cert = await makeTestCertificate({ commonName: 'ms-auth push test' });
  certClient = {
    clientId: '7a7a7a7a-1111-4222-8333-000000000022',
    clientSecret: '',
    redirectUris: ['https://localhost/myapp'],
    certificatePem: cert.certPem,
    appRoles: ['User.ReadWrite.All'],
  };
  entra = await startEntraStandin({
    tenants: [withOrganizationsAlias(DEMO_TENANT)],
    clients: [DEMO_CLIENT, DEMO_PUBLIC_CLIENT, APP_ONLY, certClient],
    deviceIntervalSeconds: 1,
  });
  xsoar = await startXsoarStandin({ entraUrl: entra.url });
  dir = await tempDir();
}, 60_000);
afterAll(async () => {
  await xsoar?.close();
  await entra?.close();
  await dir?.remove();
});

const entraArgs = () => ['--tenant', entra.tenant.id, '--authority-host', entra.url, '--no-browser'];
const setup = (profile: string, ...extra: string[]) => [
  'setup',
  '--push',
  '--xsoar-url',
  xsoar.url,
  '--config-dir',
  dir.path,
  '--profile',
  profile,
  ...entraArgs(),
  ...extra,
];
const profileOf = async (name: string) =>
  (JSON.parse(await readFile(join(dir.path, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, unknown>> }).profiles[
    name
  ] as Record<string, unknown>;
const env = (extra: Record<string, string> = {}) => ({ MS_AUTH_XSOAR_API_KEY: xsoar.apiKey, ...extra });
const pushed = (result: RunResult) =>
  JSON.parse(result.stdout) as {
    xsoar: { instance: { name: string; created: boolean }; reset: boolean; test: { kind: string; command?: string; success: boolean } };
  };

describe('setup --push: every flow', () => {
  it('auth code: one browser round trip (the refresh token is the hand-off), then XSOAR runs !msgraph-user-test on the new instance', async () => {
    const jar = newCookieJar();
    const result = await runCli(
      setup(
        'setup-ac',
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--client-id',
        DEMO_CLIENT.clientId,
        '--client-secret-stdin',
        '--json',
      ),
      {
        env: env(),
        input: [DEMO_CLIENT.clientSecret],
        onUrl: (url) => signInOverHttp(url, { login: LOGIN, jar }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.urls).toHaveLength(1);
    expect(pushed(result).xsoar).toMatchObject({
      instance: { name: 'msgraph-user_setup-ac', created: true },
      test: { kind: 'command', command: '!msgraph-user-test', success: true },
    });
    expect(result.stdout).not.toContain('"params"');
    expect(result.stdout + result.stderr).not.toContain(xsoar.apiKey);
  });

  it('client credentials (O365 Outlook Mail): admin consent, then the Test button', async () => {
    const jar = newCookieJar();
    const result = await runCli(
      setup(
        'mail',
        '--integration',
        'msgraph-mail',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--client-id',
        APP_ONLY.clientId,
        '--client-secret-stdin',
        '--json',
      ),
      {
        env: env(),
        input: [APP_ONLY.clientSecret],
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(pushed(result).xsoar).toMatchObject({ instance: { name: 'msgraph-mail_mail' }, test: { kind: 'test-module', success: true } });
  });

  it('certificate (Entra ID Users, client credentials): the thumbprint and key go into the certificate parameter; the test signs with them', async () => {
    const pem = join(dir.path, 'app.pem');
    await writeFile(pem, `${cert.keyPem}\n${cert.certPem}`);
    const jar = newCookieJar();
    const result = await runCli(
      setup(
        'cert',
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--client-id',
        certClient.clientId,
        '--certificate',
        pem,
        '--json',
      ),
      {
        env: env(),
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(pushed(result).xsoar.test).toMatchObject({ kind: 'test-module', success: true });
    const value = xsoar.instance('msgraph-user_cert')?.data.find((d) => d.name === 'creds_certificate')?.value as {
      identifier: string;
      password: string;
    };
    expect(value.identifier.toUpperCase()).toBe(cert.sha1Thumbprint);
    expect(value.password).toContain('PRIVATE KEY');
  });

  it('device code (Microsoft 365 Defender): <client id>@<refresh token> in the ID, then !microsoft-365-defender-auth-test', async () => {
    let uri: string | undefined;
    const result = await runCli(
      setup(
        'm365',
        '--integration',
        'microsoft-365-defender',
        '--method',
        'self-deployed',
        '--flow',
        'device-code',
        '--client-id',
        DEMO_PUBLIC_CLIENT.clientId,
        '--json',
      ),
      {
        env: env(),
        endInput: true,
        timeoutMs: 40_000,
        onLine: async (line) => {
          if (/^https?:\/\/\S+devicelogin$/.test(line)) uri = line;
          else if (uri && /^[A-Z]{9}$/.test(line)) void approveDeviceOverHttp(uri, line, { login: LOGIN });
          return undefined;
        },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(pushed(result).xsoar.test).toMatchObject({ kind: 'command', command: '!microsoft-365-defender-auth-test', success: true });
  }, 50_000);

  it('client credentials (Microsoft Sentinel): its required workspace parameters from setup --param; missing, exit 2 before any browser; run again without them, the instance keeps its own', async () => {
    const base = [
      '--integration',
      'azure-sentinel',
      '--method',
      'self-deployed',
      '--flow',
      'client-credentials',
      '--client-id',
      APP_ONLY.clientId,
      '--client-secret-stdin',
    ];
    const missing = await runCli(setup('sentinel-missing', ...base), { env: env(), input: [APP_ONLY.clientSecret] });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--param subscriptionID=VALUE');
    expect(missing.urls).toEqual([]);
    const jar = newCookieJar();
    const result = await runCli(
      setup(
        'setup-sentinel',
        ...base,
        '--param',
        'subscriptionID=sub-1',
        '--param',
        'resourceGroupName=rg',
        '--param',
        'workspaceName=ws',
        '--json',
      ),
      {
        env: env(),
        input: [APP_ONLY.clientSecret],
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(pushed(result).xsoar).toMatchObject({
      instance: { name: 'azure-sentinel_setup-sentinel' },
      test: { kind: 'test-module', success: true },
    });
    expect(xsoar.instance('azure-sentinel_setup-sentinel')?.data.find((d) => d.name === 'workspaceName')?.value).toBe('ws');

    // Run again from a fresh config directory (a CI job) without --param: the instance's own values stand.
    const fresh = await tempDir();
    try {
      const again = await runCli(
        setup('setup-sentinel', ...base, '--json').map((arg) => (arg === dir.path ? fresh.path : arg)),
        {
          env: env(),
          input: [APP_ONLY.clientSecret],
          onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar: newCookieJar() }),
        },
      );
      expect(again.code, again.stderr).toBe(0);
      expect(pushed(again).xsoar.test.success).toBe(true);
      expect(xsoar.instance('azure-sentinel_setup-sentinel')?.data.find((d) => d.name === 'workspaceName')?.value).toBe('ws');
    } finally {
      await fresh.remove();
    }
  });

  it('Cortex XSOAR application (Defender for Endpoint): ID, Token and Key pushed, the Test button passes', async () => {
    const result = await runCli(
      setup('app', '--integration', 'microsoft-atp', '--method', 'xsoar-app', '--xsoar-id', 'app-id-1', '--json'),
      {
        env: env({ MS_AUTH_XSOAR_TOKEN: 'token-abc-123', MS_AUTH_XSOAR_KEY: Buffer.alloc(32, 7).toString('base64') }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(pushed(result).xsoar).toMatchObject({ instance: { name: 'microsoft-atp_app' }, test: { kind: 'test-module', success: true } });
  });
});

describe('setup --push: checks and failures', () => {
  it('a wrong API key stops the run before any browser opens, and nothing is saved', async () => {
    const result = await runCli(
      setup(
        'early',
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--client-id',
        DEMO_CLIENT.clientId,
        '--client-secret-stdin',
      ),
      {
        env: { MS_AUTH_XSOAR_API_KEY: 'wrong-key-0000000' },
        input: [DEMO_CLIENT.clientSecret],
      },
    );
    expect(result.code).toBe(7);
    expect(result.urls).toEqual([]);
    expect(await keychainItem('early:client-secret')).toBeUndefined();
  });

  it('the push failing after the sign-in keeps the profile and says to retry with ms-auth push; the retry passes', async () => {
    xsoar.failNext({ status: 500, body: '{"id":"internal","status":500,"title":"Internal error","detail":"boom"}' }, { method: 'PUT' });
    const jar = newCookieJar();
    const result = await runCli(
      setup(
        'retry',
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--client-id',
        APP_ONLY.clientId,
        '--client-secret-stdin',
      ),
      {
        env: env(),
        input: [APP_ONLY.clientSecret],
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('retry the push with `ms-auth push --profile retry`');
    expect(await keychainItem('retry:client-secret')).toBe(APP_ONLY.clientSecret);
    const retried = await runCli(['push', '--xsoar-url', xsoar.url, '--config-dir', dir.path, '--profile', 'retry'], { env: env() });
    expect(retried.code, retried.stderr).toBe(0);

    // Set up again without a push (a new secret, say): the profile still knows where it was pushed.
    const remembered = (await profileOf('retry'))['xsoar'];
    expect(remembered).toMatchObject({ url: xsoar.url, instance: 'msgraph-user_retry' });
    const again = await runCli(
      [
        'setup',
        '--config-dir',
        dir.path,
        '--profile',
        'retry',
        ...entraArgs(),
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'client-credentials',
        '--client-id',
        APP_ONLY.clientId,
        '--client-secret-stdin',
      ],
      {
        input: [APP_ONLY.clientSecret],
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(again.code, again.stderr).toBe(0);
    expect((await profileOf('retry'))['xsoar']).toEqual(remembered);
  });

  it('--no-push prints the hand-off block as before, even with a server known', async () => {
    const jar = newCookieJar();
    const result = await runCli(
      [
        'setup',
        '--no-push',
        '--config-dir',
        dir.path,
        '--profile',
        'nopush',
        ...entraArgs(),
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
      ],
      {
        env: env({ MS_AUTH_XSOAR_URL: xsoar.url }),
        input: [APP_ONLY.clientSecret],
        onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('xsoar.params');
    expect(xsoar.instance('msgraph-user_nopush')).toBeUndefined();
  });
});
