/**
 * `ms-auth push` through the built CLI: profiles set up against the Entra stand-in are
 * pushed into the XSOAR stand-in, whose test and commands redeem the pushed credentials
 * at the Entra stand-in as XSOAR's MicrosoftApiModule does. Then every fault the
 * contract names, each with its exit code and nothing half-done.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT,
  adminConsentOverHttp,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
  type Standin,
} from '../standin/entra-standin.js';
import { startXsoarStandin, type XsoarStandin } from '../xsoar-standin/xsoar-standin.js';
import { requireSecretService, runCli, tempDir, type RunResult, type TempDir } from './harness.js';

const APP_ONLY = {
  clientId: '7a7a7a7a-1111-4222-8333-000000000011',
  clientSecret: ['App', '7Q~', 'b'.repeat(34)].join(''),
  redirectUris: ['https://localhost/myapp'],
  appRoles: ['User.ReadWrite.All'],
  requireAdminConsent: true,
};
const LOGIN = 'push.operator@contoso.onmicrosoft.com';

let entra: Standin;
let xsoar: XsoarStandin;
let dir: TempDir;

const common = (profile: string) => ['--config-dir', dir.path, '--profile', profile];
const withKey = (s: XsoarStandin = xsoar) => ({ env: { MS_AUTH_XSOAR_API_KEY: s.apiKey } });
const push = (profile: string, ...extra: string[]): Promise<RunResult> =>
  runCli(['push', '--xsoar-url', xsoar.url, ...common(profile), ...extra], withKey());

async function clientCredentialsProfile(profile: string, integration = 'msgraph-user', extra: string[] = []): Promise<void> {
  const jar = newCookieJar();
  const result = await runCli(
    [
      'setup',
      '--integration',
      integration,
      '--method',
      'self-deployed',
      '--flow',
      'client-credentials',
      '--client-id',
      APP_ONLY.clientId,
      '--client-secret-stdin',
      '--tenant',
      entra.tenant.id,
      '--authority-host',
      entra.url,
      '--no-browser',
      ...extra,
      ...common(profile),
    ],
    {
      input: [APP_ONLY.clientSecret],
      onUrl: (url) => adminConsentOverHttp(url, { login: 'admin@contoso.onmicrosoft.com', jar }),
    },
  );
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

async function authCodeProfile(profile: string, integration = 'msgraph-user'): Promise<void> {
  const jar = newCookieJar();
  const result = await runCli(
    [
      'setup',
      '--integration',
      integration,
      '--method',
      'self-deployed',
      '--flow',
      'auth-code',
      '--client-id',
      DEMO_CLIENT.clientId,
      '--client-secret-stdin',
      '--tenant',
      entra.tenant.id,
      '--authority-host',
      entra.url,
      '--no-browser',
      '--handoff',
      'none',
      ...common(profile),
    ],
    {
      input: [DEMO_CLIENT.clientSecret],
      onUrl: (url) => signInOverHttp(url, { login: LOGIN, jar }),
    },
  );
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

beforeAll(async () => {
  requireSecretService();
  entra = await startEntraStandin({ clients: [DEMO_CLIENT, APP_ONLY] });
  xsoar = await startXsoarStandin({ entraUrl: entra.url });
  dir = await tempDir();
  await clientCredentialsProfile('cc');
  await authCodeProfile('ac');
}, 60_000);
afterAll(async () => {
  await xsoar?.close();
  await entra?.close();
  await dir?.remove();
});

const profileOf = async (name: string) =>
  (JSON.parse(await readFile(join(dir.path, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, unknown>> }).profiles[
    name
  ];
/** The keychain entry of a server's API key, as a push at a terminal keeps it. */
const keyEntry = (s: XsoarStandin) =>
  new AsyncEntry('ms-auth', `xsoar-api-key:${new URL(s.url).origin}`, { linux: { store: 'secret-service' } });
const value = (s: XsoarStandin, instance: string, param: string) => s.instance(instance)?.data.find((d) => d.name === param)?.value;

describe('ms-auth push: a new instance', () => {
  it('client credentials: created, its Test button passes; --json is the contract document; the profile remembers the server', async () => {
    const result = await push('cc', '--json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      xsoar: {
        url: xsoar.url,
        serverVersion: expect.any(String),
        instance: { name: 'msgraph-user_cc', id: expect.any(String), created: true },
        reset: false,
        test: { kind: 'test-module', success: true, message: expect.any(String) },
      },
    });
    expect(value(xsoar, 'msgraph-user_cc', 'creds_enc_key')).toMatchObject({ password: APP_ONLY.clientSecret });
    expect(await profileOf('cc')).toMatchObject({ xsoar: { url: xsoar.url, instance: 'msgraph-user_cc' } });
    expect(xsoar.log.flatMap((r) => r.notes)).toEqual([]);
  });

  it('auth code: the refresh token goes in as refresh_token:<token>, and !msgraph-user-test runs in the playground on that instance', async () => {
    const result = await push('ac');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Test (!msgraph-user-test): passed');
    const run = xsoar.log.find((r) => r.path.endsWith('/entry/execute/sync'));
    expect(run?.body).toEqual({ investigationId: xsoar.playgroundId, data: '!msgraph-user-test using="msgraph-user_ac"' });
    expect(run?.tokenRequests.at(-1)?.form).toMatchObject({ grant_type: 'refresh_token' });
    expect(String((value(xsoar, 'msgraph-user_ac', 'creds_auth_code') as { password: string }).password)).toMatch(/^refresh_token:/);
  });

  it('a later push needs no flags once the key is kept for that server: server and instance from the profile, its host named first', async () => {
    const kept = keyEntry(xsoar);
    await kept.setPassword(xsoar.apiKey);
    try {
      const result = await runCli(['push', ...common('cc')]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stderr).toContain(`Using the XSOAR server ${new URL(xsoar.url).host} remembered by profile "cc"`);
    } finally {
      await kept.deletePassword();
    }
  });

  it('a remembered server with no key kept for it: without a terminal exit 3 and nothing sent, even with the key in the environment', async () => {
    const before = xsoar.log.length;
    const config = await readFile(join(dir.path, 'config.json'), 'utf8');
    const result = await runCli(['push', ...common('cc')], withKey());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`--xsoar-url ${xsoar.url} or MS_AUTH_XSOAR_URL`);
    expect(xsoar.log.length).toBe(before);
    expect(await readFile(join(dir.path, 'config.json'), 'utf8')).toBe(config);
  });

  it('--plan shows the changes with secrets masked and changes nothing', async () => {
    const before = xsoar.log.length;
    const result = await push('cc', '--plan', '--instance', 'planned');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Would create instance "planned" of Microsoft Graph User');
    expect(result.stdout).not.toContain(APP_ONLY.clientSecret);
    expect(xsoar.log.slice(before).every((r) => r.method === 'GET' || r.path.endsWith('/search'))).toBe(true);
    expect(xsoar.instance('planned')).toBeUndefined();
  });
});

describe('ms-auth push: an existing instance', () => {
  it('is updated in place: other parameters kept, the old sign-in reset, then tested with the new one', async () => {
    xsoar.editInstance('msgraph-user_ac', { proxy: true });
    xsoar.setContext('msgraph-user_ac', { current_refresh_token: 'stale-refresh-token' });
    const result = await push('ac', '--json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).xsoar).toMatchObject({
      instance: { name: 'msgraph-user_ac', created: false },
      reset: true,
      test: { success: true },
    });
    expect(value(xsoar, 'msgraph-user_ac', 'proxy')).toBe(true);
    const commands = xsoar.log
      .filter((r) => r.path.endsWith('/entry/execute/sync'))
      .slice(-2)
      .map((r) => (r.body as { data: string }).data);
    expect(commands).toEqual(['!msgraph-user-auth-reset using="msgraph-user_ac"', '!msgraph-user-test using="msgraph-user_ac"']);
    expect(JSON.stringify(xsoar.context('msgraph-user_ac'))).not.toContain('stale-refresh-token');
  });

  it('a version conflict: re-read once, then saved', async () => {
    xsoar.failNext('conflict');
    const result = await push('cc');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain('changed on the server while this push ran');
  });

  it('a version conflict again after the re-read: exit 7, nothing more written', async () => {
    xsoar.failNext('conflict');
    xsoar.failNext('conflict');
    const result = await push('cc');
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('keeps changing on the server');
  });
});

describe('ms-auth push: faults', () => {
  it('a wrong API key (XSOAR 6: 403): exit 7, the key never printed', async () => {
    const result = await runCli(['push', '--xsoar-url', xsoar.url, ...common('cc')], {
      env: { MS_AUTH_XSOAR_API_KEY: 'wrong-key-0000000' },
    });
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('refused the API key (HTTP 403');
    expect(result.stderr).not.toContain('wrong-key-0000000');
  });

  it('XSOAR unreachable: exit 6 naming the server', async () => {
    const result = await runCli(['push', '--xsoar-url', 'http://127.0.0.1:9', ...common('cc')], withKey());
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('Cannot reach the XSOAR server http://127.0.0.1:9');
  });

  it('a web page or garbage instead of JSON: exit 7 with a clear message', async () => {
    xsoar.failNext('html');
    const html = await push('cc');
    expect(html.code).toBe(7);
    expect(html.stderr).toContain('UI URL, not the API URL');
    xsoar.failNext('garbage');
    const garbage = await push('cc');
    expect(garbage.code).toBe(7);
    expect(garbage.stderr).toContain('not JSON');
  });

  it("the test failing: exit 7 with XSOAR's message, the instance kept and named", async () => {
    const result = await runCli(['push', '--xsoar-url', xsoar.url, '--instance', 'bad-secret', '--json', ...common('cc')], {
      env: { ...withKey().env, MS_AUTH_CLIENT_SECRET: 'Bad7Q~wrongwrongwrongwrongwrongwrongwr' },
    });
    expect(result.code).toBe(7);
    const out = JSON.parse(result.stdout);
    expect(out.xsoar).toMatchObject({ instance: { name: 'bad-secret', created: true }, test: { kind: 'test-module', success: false } });
    expect(out.xsoar.test.message).toContain('invalid_client');
    expect(xsoar.instance('bad-secret')).toBeDefined();
  });

  it('Ctrl-C mid-push: the instance it created is deleted again, exit 130', async () => {
    xsoar.failNext({ delayMs: 4_000 }, { path: /settings\/integration\/test/ });
    let child: import('node:child_process').ChildProcess | undefined;
    const result = await runCli(['push', '--xsoar-url', xsoar.url, '--instance', 'interrupted', ...common('cc')], {
      ...withKey(),
      keep: (c) => (child = c),
      onLine: (line) => (line.startsWith('Testing "interrupted"') ? void child?.kill('SIGINT') : undefined),
    });
    expect(result.code).toBe(130);
    expect(xsoar.instance('interrupted')).toBeUndefined();
  });

  it('a profile without its required parameters (saved before ms-auth asked for them), no terminal: exit 2 naming each --param; given, the instance passes', async () => {
    const params = ['subscriptionID=sub-0', 'resourceGroupName=rg-0', 'workspaceName=ws-0'];
    await clientCredentialsProfile(
      'sentinel',
      'azure-sentinel',
      params.flatMap((param) => ['--param', param]),
    );
    const path = join(dir.path, 'config.json');
    const config = JSON.parse(await readFile(path, 'utf8'));
    delete config.profiles.sentinel.params;
    await writeFile(path, JSON.stringify(config, null, 2));
    const missing = await push('sentinel');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--param subscriptionID=VALUE --param resourceGroupName=VALUE --param workspaceName=VALUE');
    expect(xsoar.instance('azure-sentinel_sentinel')).toBeUndefined();
    const given = await push(
      'sentinel',
      '--param',
      'subscriptionID=sub-1',
      '--param',
      'resourceGroupName=rg',
      '--param',
      'workspaceName=ws',
    );
    expect(given.code, given.stdout + given.stderr).toBe(0);
    expect(value(xsoar, 'azure-sentinel_sentinel', 'workspaceName')).toBe('ws');
  });
});

describe('ms-auth push: what the config file says', () => {
  it("a parameter edited to a host ms-auth does not know: push and push --plan send nothing to XSOAR (exit 3); given at run time it is the operator's", async () => {
    await clientCredentialsProfile('edited');
    const path = join(dir.path, 'config.json');
    const config = JSON.parse(await readFile(path, 'utf8'));
    const elsewhere = 'https://graph.attacker.example/v1.0';
    config.profiles.edited.params = { host: elsewhere };
    await writeFile(path, JSON.stringify(config, null, 2));
    const before = xsoar.log.length;
    for (const extra of [[], ['--plan'], ['--json']]) {
      const refused = await push('edited', ...extra);
      expect(refused.code, refused.stdout + refused.stderr).toBe(3);
      expect(refused.stdout + refused.stderr).toMatch(/param_url_untrusted|Parameter host of profile "edited"/);
      expect(refused.stdout + refused.stderr).toContain('https://graph.attacker.example');
    }
    expect(xsoar.log.slice(before)).toEqual([]);
    expect(xsoar.instance('msgraph-user_edited')).toBeUndefined();

    const given = await push('edited', '--plan', '--param', `host=${elsewhere}`);
    expect(given.code, given.stdout + given.stderr).toBe(0);
    expect(given.stdout).toContain(elsewhere);
  });
});

describe('ms-auth push: other servers', () => {
  it('the integration not installed there: exit 7 naming the pack to install', async () => {
    const bare = await startXsoarStandin({ entraUrl: entra.url, integrations: ['azure-sentinel'] });
    try {
      const result = await runCli(['push', '--xsoar-url', bare.url, ...common('cc')], withKey(bare));
      expect(result.code).toBe(7);
      expect(result.stderr).toContain('has no integration "Microsoft Graph User"');
      expect(result.stderr).toContain('MicrosoftGraphUser');
    } finally {
      await bare.close();
    }
  });

  it('TLS with its own CA: untrusted is exit 6 naming --xsoar-ca-file; with it, the push passes', async () => {
    const tls = await startXsoarStandin({ entraUrl: entra.url, https: true });
    try {
      const untrusted = await runCli(['push', '--xsoar-url', tls.url, ...common('cc')], withKey(tls));
      expect(untrusted.code).toBe(6);
      expect(untrusted.stderr).toContain('--xsoar-ca-file');
      const trusted = await runCli(
        ['push', '--xsoar-url', tls.url, '--xsoar-ca-file', tls.caFile as string, ...common('cc')],
        withKey(tls),
      );
      expect(trusted.code, trusted.stdout + trusted.stderr).toBe(0);
      // The CA file is remembered with the server (its path only) and used by the next push there.
      expect(await profileOf('cc')).toMatchObject({ xsoar: { url: tls.url, caFile: tls.caFile } });
      const again = await runCli(['push', '--xsoar-url', tls.url, ...common('cc')], withKey(tls));
      expect(again.code, again.stdout + again.stderr).toBe(0);
      // A remembered CA file others could have written is not trusted: exit 3 before anything is sent.
      await chmod(tls.caFile as string, 0o666);
      const before = tls.log.length;
      const writable = await runCli(['push', '--xsoar-url', tls.url, ...common('cc')], withKey(tls));
      expect(writable.code).toBe(3);
      expect(writable.stderr).toContain('is writable by other users');
      expect(tls.log.length).toBe(before);
    } finally {
      await chmod(tls.caFile as string, 0o644).catch(() => undefined);
      await tls.close();
    }
  });

  it('XSOAR 8 with an advanced key: a command test needs --xsoar-investigation (exit 2 before any write), then passes there', async () => {
    const v8 = await startXsoarStandin({ entraUrl: entra.url, mode: 'v8', keyKind: 'advanced' });
    try {
      const args = [
        'push',
        '--xsoar-url',
        v8.url,
        '--xsoar-key-id',
        v8.apiKeyId as string,
        '--xsoar-key-type',
        'advanced',
        '--instance',
        'v8-ac',
        ...common('ac'),
      ];
      const missing = await runCli(args, withKey(v8));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--xsoar-investigation');
      expect(v8.instances()).toEqual([]);
      const result = await runCli([...args, '--xsoar-investigation', v8.playgroundId], withKey(v8));
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stderr).toContain('Connected to XSOAR 8');
      expect(v8.log.every((r) => r.headers['authorization'] !== v8.apiKey)).toBe(true);
    } finally {
      await v8.close();
    }
  });

  it('an XSOAR 8 server addressed without a key ID: exit 7 suggesting --xsoar-key-id', async () => {
    const v8 = await startXsoarStandin({ entraUrl: entra.url, mode: 'v8' });
    try {
      const result = await runCli(['push', '--xsoar-url', v8.url, ...common('cc')], withKey(v8));
      expect(result.code).toBe(7);
      expect(result.stderr).toContain('--xsoar-key-id');
    } finally {
      await v8.close();
    }
  });

  it('multi-tenant XSOAR 6: --xsoar-account puts the instance in that account', async () => {
    const mt = await startXsoarStandin({ entraUrl: entra.url, accounts: ['client01'] });
    try {
      const result = await runCli(
        ['push', '--xsoar-url', mt.url, '--xsoar-account', 'client01', '--instance', 'mt', ...common('cc')],
        withKey(mt),
      );
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(mt.instance('mt', 'client01')).toBeDefined();
      expect(mt.instance('mt')).toBeUndefined();
    } finally {
      await mt.close();
    }
  });
});

describe('a pushed profile elsewhere', () => {
  it('status shows the server and instance; validate accepts the remembered URL once a server is named at run time, it or another (push then goes there); revoke names the instance to delete or reset', async () => {
    const status = await runCli(['status', ...common('sentinel')]);
    expect(status.stdout).toContain(`Pushed to:     ${xsoar.url}, instance "azure-sentinel_sentinel"`);
    const json = await runCli(['status', '--json', ...common('sentinel')]);
    expect(JSON.parse(json.stdout).profiles[0].xsoar).toEqual({ url: xsoar.url, instance: 'azure-sentinel_sentinel' });
    const xsoarProblems = (r: RunResult) =>
      JSON.parse(r.stdout).profiles[0].problems.filter((p: { field: string }) => p.field.includes('xsoar')) as { code: string }[];
    // No key kept for the server and none named at run time: reported as push would refuse it.
    const untrusted = await runCli(['validate', '--json', ...common('sentinel')]);
    expect(untrusted.code).toBe(3);
    expect(xsoarProblems(untrusted).map((p) => p.code)).toEqual(['xsoar_url_untrusted']);
    const validate = await runCli(['validate', '--json', ...common('sentinel')], { env: { MS_AUTH_XSOAR_URL: xsoar.url } });
    expect(xsoarProblems(validate)).toEqual([]);
    const elsewhere = await runCli(['validate', '--json', ...common('sentinel')], {
      env: { MS_AUTH_XSOAR_URL: 'https://xsoar.elsewhere.example' },
    });
    expect(xsoarProblems(elsewhere)).toEqual([]);
    const revoke = await runCli(['revoke', ...common('sentinel')]);
    expect(revoke.stdout).toContain('Delete or reset the XSOAR instance "azure-sentinel_sentinel"');
    expect(revoke.stdout).toContain('!azure-sentinel-auth-reset using="azure-sentinel_sentinel"');
  });
});
