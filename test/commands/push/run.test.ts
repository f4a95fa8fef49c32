import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findIntegration } from '../../../src/core/catalog.js';
import type { Profile } from '../../../src/core/profile.js';
import type { Outcome } from '../../../src/core/xsoar-answers.js';
import type { ModuleInstance } from '../../../src/core/xsoar-instance.js';
import { profileHandoff, type XsoarMemory } from '../../../src/core/xsoar-push.js';
import { xsoarTarget, type XsoarTarget } from '../../../src/core/xsoar-server.js';
import { openPush, type SessionInput } from '../../../src/commands/push/session.js';
import { connectXsoar, trustFileValues } from '../../../src/commands/push/connect.js';
import { CliError } from '../../../src/errors.js';
import { VersionConflict, type XsoarClient } from '../../../src/io/xsoar-client.js';
import { graphUser, sentinel } from '../../core/xsoar-fixtures.js';
import { memoryStore, recordingUi, scriptedPrompter } from '../../fakes.js';

const profile: Profile = {
  method: 'self-deployed',
  integration: 'msgraph-user',
  flow: 'auth-code',
  cloud: 'worldwide',
  tenantId: 'tenant-1',
  clientId: '11111111-2222-3333-4444-555555555555',
  redirectUri: 'https://localhost/myapp',
  scopes: [],
  createdAt: 't',
  updatedAt: 't',
};
const secrets = { 'client-secret': 'S3cret~value', 'refresh-token': 'RT-secret-1' };

function fakeClient(
  options: {
    generation?: 6 | 8;
    instances?: ModuleInstance[];
    conflicts?: number;
    test?: Outcome;
    command?: Outcome;
    playground?: string;
    failSave?: Error;
  } = {},
) {
  const found = xsoarTarget(options.generation === 8 ? 'https://api-t.example.com' : 'https://xsoar.example.com', {
    keyId: options.generation === 8 ? '1' : undefined,
  });
  const target = (found as { target: XsoarTarget }).target;
  const instances = [...(options.instances ?? [])];
  const calls: string[] = [];
  const saved: Record<string, unknown>[] = [];
  let conflicts = options.conflicts ?? 0;
  const client: XsoarClient = {
    target,
    about: async () => ({ version: '6.13.0', kind: 'xsoar-6', label: 'XSOAR 6.13.0' }),
    search: async () => (calls.push('search'), { configurations: [graphUser(), sentinel()], instances: instances.map((i) => ({ ...i })) }),
    save: async (body) => {
      calls.push('save');
      if (options.failSave) throw options.failSave;
      if (conflicts > 0) {
        conflicts -= 1;
        throw new VersionConflict('version mismatch');
      }
      saved.push(body as Record<string, unknown>);
      const b = body as ModuleInstance;
      const stored = { ...b, id: b.id || `id-${instances.length + 1}`, version: (b.version ?? 0) + 1 };
      const at = instances.findIndex((i) => i.id === stored.id);
      if (at >= 0) instances[at] = stored;
      else instances.push(stored);
      return stored;
    },
    remove: async (id) => {
      calls.push(`remove ${id}`);
      instances.splice(
        instances.findIndex((i) => i.id === id),
        1,
      );
    },
    test: async () => (calls.push('test'), options.test ?? { success: true, message: 'ok' }),
    execute: async (investigation, command) => (
      calls.push(`execute ${investigation} ${command}`),
      options.command ?? { success: true, message: 'Success!' }
    ),
    playground: async () => (calls.push('playground'), options.playground),
  };
  return { client, calls, saved, instances };
}

function session(client: XsoarClient, extra: Partial<SessionInput> = {}): SessionInput {
  return {
    client,
    about: { version: '6.13.0', kind: 'xsoar-6', label: 'XSOAR 6.13.0' },
    integration: findIntegration('msgraph-user')!,
    instance: 'msgraph-user_default',
    params: {},
    memory: { url: client.target.url },
    runTest: true,
    json: false,
    ...extra,
  };
}

function context(prompter?: ReturnType<typeof scriptedPrompter>) {
  const ui = recordingUi();
  const remembered: XsoarMemory[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  return {
    ui,
    remembered,
    cleanups,
    prompter,
    onCancel: (fn: () => Promise<void>) => (cleanups.push(fn), () => void cleanups.splice(cleanups.indexOf(fn), 1)),
    remember: async (m: XsoarMemory) => void remembered.push(m),
  };
}

const input = profileHandoff(profile, findIntegration('msgraph-user'), secrets);

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('push: a new instance', () => {
  it('creates it, remembers the server, runs the test command with using= in the playground', async () => {
    const fake = fakeClient({ playground: 'pg-1' });
    const ctx = context();
    const code = await (await openPush(session(fake.client), ctx, input)).push(input);
    expect(code).toBe(0);
    expect(fake.calls).toEqual(['search', 'playground', 'save', 'execute pg-1 !msgraph-user-test using="msgraph-user_default"']);
    expect(fake.saved[0]).toMatchObject({ id: '', version: 0, brand: 'Microsoft Graph User' });
    expect(ctx.remembered).toEqual([{ url: 'https://xsoar.example.com', instance: 'msgraph-user_default' }]);
    expect(ctx.ui.out.join('\n')).toContain('Test (!msgraph-user-test): passed: Success!');
    expect(ctx.cleanups).toHaveLength(0);
  });

  it('--json: the contract document', async () => {
    const fake = fakeClient({ playground: 'pg-1' });
    const ctx = context();
    await (await openPush(session(fake.client, { json: true }), ctx, input)).push(input);
    expect(JSON.parse(ctx.ui.out[0] as string)).toEqual({
      xsoar: {
        url: 'https://xsoar.example.com',
        serverVersion: '6.13.0',
        instance: { name: 'msgraph-user_default', id: 'id-1', created: true },
        reset: false,
        test: { kind: 'command', command: '!msgraph-user-test', success: true, message: 'Success!' },
      },
    });
  });

  it('client credentials: the Test button with the saved instance', async () => {
    const fake = fakeClient();
    const cc = profileHandoff({ ...profile, flow: 'client-credentials' }, findIntegration('msgraph-user'), secrets);
    expect(await (await openPush(session(fake.client), context(), cc)).push(cc)).toBe(0);
    expect(fake.calls).toEqual(['search', 'save', 'test']);
  });

  it('a failed test: exit 7, the instance kept and named', async () => {
    const fake = fakeClient({ playground: 'pg', command: { success: false, message: 'AADSTS70000: invalid grant' } });
    const ctx = context();
    expect(await (await openPush(session(fake.client), ctx, input)).push(input)).toBe(7);
    expect(fake.instances).toHaveLength(1);
    expect(ctx.ui.out.join('\n')).toContain('FAILED: AADSTS70000: invalid grant');
    expect(ctx.ui.err.join('\n')).toContain('"msgraph-user_default" was kept');
  });

  it('a failure after the save and before the test deletes the instance it created', async () => {
    const fake = fakeClient({ playground: 'pg' });
    fake.client.execute = async () => {
      throw new CliError('network', 'xsoar_unreachable', 'gone');
    };
    await expect((await openPush(session(fake.client), context(), input)).push(input)).rejects.toThrow('gone');
    expect(fake.instances).toHaveLength(0);
  });

  it('Ctrl-C mid-push: the registered clean-up finds the instance by name and deletes it', async () => {
    const fake = fakeClient({ playground: 'pg' });
    const ctx = context();
    let cleanup: (() => Promise<void>) | undefined;
    fake.client.execute = async () => {
      cleanup = ctx.cleanups[0];
      await cleanup?.();
      throw new CliError('cancelled', 'cancelled', 'Cancelled.');
    };
    await expect((await openPush(session(fake.client), ctx, input)).push(input)).rejects.toThrow('Cancelled');
    expect(cleanup).toBeDefined();
    expect(fake.instances).toHaveLength(0);
  });
});

describe('push: an existing instance', () => {
  const existing: ModuleInstance = {
    id: 'inst-1',
    name: 'msgraph-user_default',
    brand: 'Microsoft Graph User',
    version: 3,
    enabled: 'true',
    data: [
      { name: 'host', type: 0, value: 'https://graph.microsoft.us' },
      { name: 'proxy', type: 8, value: true },
    ],
  };

  it('updates it in place (other parameters kept, version sent), resets, then tests', async () => {
    const fake = fakeClient({ instances: [existing], playground: 'pg' });
    expect(await (await openPush(session(fake.client), context(), input)).push(input)).toBe(0);
    expect(fake.calls).toEqual([
      'search',
      'playground',
      'save',
      'execute pg !msgraph-user-auth-reset using="msgraph-user_default"',
      'execute pg !msgraph-user-test using="msgraph-user_default"',
    ]);
    expect(fake.saved[0]).toMatchObject({ id: 'inst-1', version: 3 });
    const data = fake.saved[0]?.['data'] as { name: string; value: unknown }[];
    expect(data.find((d) => d.name === 'host')?.value).toBe('https://graph.microsoft.us');
    expect(data.find((d) => d.name === 'proxy')?.value).toBe(true);
  });

  it('a version conflict: re-read once and saved; never deleted', async () => {
    const fake = fakeClient({ instances: [existing], playground: 'pg', conflicts: 1 });
    expect(await (await openPush(session(fake.client), context(), input)).push(input)).toBe(0);
    expect(fake.calls.filter((c) => c === 'search')).toHaveLength(2);
    expect(fake.calls.some((c) => c.startsWith('remove'))).toBe(false);
  });

  it('a second version conflict: exit 7, nothing more written', async () => {
    const fake = fakeClient({ instances: [existing], playground: 'pg', conflicts: 2 });
    const error = await failure((await openPush(session(fake.client), context(), input)).push(input));
    expect(error).toMatchObject({ kind: 'xsoar', code: 'xsoar_version_conflict' });
    expect(fake.instances).toEqual([existing]);
  });

  it('a same-named instance of another integration is refused before any write', async () => {
    const fake = fakeClient({ instances: [{ ...existing, brand: 'Other' }] });
    expect(await failure(openPush(session(fake.client), context(), input))).toMatchObject({ kind: 'usage' });
  });
});

describe('push: checks before anything is written', () => {
  it('the integration missing on the server: exit 7 naming the pack', async () => {
    const fake = fakeClient();
    const error = await failure(openPush(session(fake.client, { integration: findIntegration('msgraph-api')! }), context(), input));
    expect(error).toMatchObject({ kind: 'xsoar', code: 'xsoar_integration_missing' });
    expect(error.hints.join(' ')).toContain('MicrosoftGraphAPI');
  });

  it('XSOAR 8 without --xsoar-investigation for a command test: exit 2 naming the flag, nothing sent but reads', async () => {
    const fake = fakeClient({ generation: 8 });
    const error = await failure(openPush(session(fake.client), context(), input));
    expect(error).toMatchObject({ kind: 'usage' });
    expect(error.message).toContain('--xsoar-investigation');
    expect(fake.calls).toEqual(['search']);
  });

  it('XSOAR 6 with --xsoar-investigation: that investigation wins over the playground', async () => {
    const fake = fakeClient();
    await (await openPush(session(fake.client, { investigation: '42' }), context(), input)).push(input);
    expect(fake.calls).toContain('execute 42 !msgraph-user-test using="msgraph-user_default"');
    expect(fake.calls).not.toContain('playground');
  });

  const sentinelInput = profileHandoff(
    { ...profile, integration: 'azure-sentinel', flow: 'client-credentials' },
    findIntegration('azure-sentinel'),
    secrets,
  );
  const sentinelSession = (client: XsoarClient, params: Record<string, string> = {}) =>
    session(client, { integration: findIntegration('azure-sentinel')!, instance: 'azure-sentinel_default', params });

  it('required parameters missing without a terminal: exit 2 naming each --param', async () => {
    const error = await failure(openPush(sentinelSession(fakeClient().client), context(), sentinelInput));
    expect(error.kind).toBe('usage');
    expect(error.message).toContain('--param subscriptionID=VALUE --param resourceGroupName=VALUE --param workspaceName=VALUE');
  });

  it('required parameters: from --param, the rest asked', async () => {
    const fake = fakeClient();
    const prompter = scriptedPrompter([
      { match: 'Resource Group Name', answer: 'rg' },
      { match: 'Workspace Name', answer: 'ws' },
    ]);
    const pushing = await openPush(sentinelSession(fake.client, { subscriptionID: 'sub-1' }), context(prompter), sentinelInput);
    expect(await pushing.push(sentinelInput)).toBe(0);
    const data = fake.saved[0]?.['data'] as { name: string; value: unknown }[];
    expect(
      Object.fromEntries(
        data.filter((d) => ['subscriptionID', 'resourceGroupName', 'workspaceName'].includes(d.name)).map((d) => [d.name, d.value]),
      ),
    ).toEqual({ subscriptionID: 'sub-1', resourceGroupName: 'rg', workspaceName: 'ws' });
  });

  it('--param of a secret or an authentication parameter is refused', async () => {
    expect(await failure(openPush(session(fakeClient().client, { params: { creds_enc_key: 'x' } }), context(), input))).toMatchObject({
      kind: 'usage',
    });
    expect(await failure(openPush(session(fakeClient().client, { params: { nope: 'x' } }), context(), input))).toMatchObject({
      message: expect.stringContaining('no parameter "nope"'),
    });
  });

  it("a saved parameter the server lacks is named as the profile's (exit 3, param_unknown), not as a --param; nothing written", async () => {
    const fake = fakeClient();
    const error = await failure(
      openPush(session(fake.client, { params: { nope: 'x' }, saved: { profile: 'p', names: new Set(['nope']) } }), context(), input),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'param_unknown' });
    expect(error.message).toBe('Parameter nope saved in profile "p": Microsoft Graph User on this server has no parameter "nope".');
    expect(fake.saved).toEqual([]);
  });

  it('--plan: the changes with secrets masked, nothing written', async () => {
    const fake = fakeClient({ playground: 'pg' });
    const ctx = context();
    (await openPush(session(fake.client), ctx, input)).plan(input);
    const text = ctx.ui.out.join('\n');
    expect(text).toContain('Would create instance "msgraph-user_default"');
    expect(text).toContain('!msgraph-user-test using="msgraph-user_default"');
    expect(text).not.toContain('S3cret~value');
    expect(text).not.toContain('RT-secret-1');
    expect(fake.calls).toEqual(['search', 'playground']);
  });
});

describe('connectXsoar()', () => {
  const deps = (env: NodeJS.ProcessEnv, store = memoryStore(), prompter?: ReturnType<typeof scriptedPrompter>) => {
    const ui = recordingUi();
    const made: { target: XsoarTarget; key: string }[] = [];
    return {
      ui,
      made,
      store,
      env,
      prompter,
      configPath: '/cfg/config.json',
      openStore: async () => store,
      client: async (target: XsoarTarget, apiKey: { key: string }) => {
        made.push({ target, key: apiKey.key });
        return {
          ...fakeClient().client,
          target,
          about: async () => ({ version: '6.13.0', kind: 'xsoar-6' as const, label: 'XSOAR 6.13.0' }),
        };
      },
    };
  };

  it('the API key from the environment wins; the keychain is not opened', async () => {
    const d = deps({ MS_AUTH_XSOAR_URL: 'https://x.example.com', MS_AUTH_XSOAR_API_KEY: 'env-key-1234' });
    d.openStore = async () => {
      throw new Error('keychain opened');
    };
    await connectXsoar({ profile: 'p' }, d, undefined);
    expect(d.made[0]?.key).toBe('env-key-1234');
  });

  it('else the keychain entry of the server origin; else a masked prompt, stored after the server answered', async () => {
    const store = memoryStore({ 'xsoar-api-key:https://x.example.com': 'stored-key-1' });
    const d = deps({}, store);
    await connectXsoar({ profile: 'p', xsoarUrl: 'https://x.example.com/' }, d, undefined);
    expect(d.made[0]?.key).toBe('stored-key-1');

    const prompter = scriptedPrompter([{ match: 'XSOAR API key for https://y.example.com', answer: 'typed-key-12' }]);
    const d2 = deps({}, memoryStore(), prompter);
    await connectXsoar({ profile: 'p', xsoarUrl: 'https://y.example.com' }, d2, undefined);
    expect(prompter.masked).toHaveLength(1);
    expect(d2.store.items.get('xsoar-api-key:https://y.example.com')).toBe('typed-key-12');
  });

  it('no key and no terminal: exit 2 naming MS_AUTH_XSOAR_API_KEY', async () => {
    expect(await failure(connectXsoar({ profile: 'p', xsoarUrl: 'https://x.example.com' }, deps({}), undefined))).toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('MS_AUTH_XSOAR_API_KEY'),
    });
  });

  const REMEMBERED = { url: 'https://remembered.example.com', instance: 'i' };

  it('a remembered URL whose origin has an API key kept in the keychain: used, and named on stderr before the key is sent', async () => {
    const d = deps({}, memoryStore({ 'xsoar-api-key:https://remembered.example.com': 'kept-key-12' }));
    const connection = await connectXsoar({ profile: 'p' }, d, REMEMBERED);
    expect(d.ui.err[0]).toContain('Using the XSOAR server remembered.example.com remembered by profile "p" in /cfg/config.json');
    expect(d.made[0]?.key).toBe('kept-key-12');
    expect(connection.memory).toEqual({ url: 'https://remembered.example.com' });
  });

  it('a remembered URL with no key kept for it and no terminal: exit 3 (xsoar_url_untrusted), nothing sent, even with the key in the environment', async () => {
    const d = deps({ MS_AUTH_XSOAR_API_KEY: 'env-key-1234' });
    expect(await failure(connectXsoar({ profile: 'p' }, d, REMEMBERED))).toMatchObject({
      kind: 'config',
      code: 'xsoar_url_untrusted',
      message: expect.stringContaining('--xsoar-url https://remembered.example.com or MS_AUTH_XSOAR_URL'),
    });
    expect(d.made).toEqual([]);
    // A key kept for another server vouches for nothing here.
    const other = deps({}, memoryStore({ 'xsoar-api-key:https://elsewhere.example.com': 'kept-key-12' }));
    expect((await failure(connectXsoar({ profile: 'p' }, other, REMEMBERED))).code).toBe('xsoar_url_untrusted');
    // Given at run time, the same server is the operator's choice.
    const given = deps({ MS_AUTH_XSOAR_API_KEY: 'env-key-1234', MS_AUTH_XSOAR_URL: 'https://remembered.example.com' });
    await connectXsoar({ profile: 'p' }, given, REMEMBERED);
    expect(given.made[0]?.target.origin).toBe('https://remembered.example.com');
  });

  it('at a terminal the remembered host is named in a question (default no); no is exit 3, yes goes on', async () => {
    const no = deps(
      { MS_AUTH_XSOAR_API_KEY: 'env-key-1234' },
      memoryStore(),
      scriptedPrompter([{ match: 'to https://remembered.example.com?', answer: false }]),
    );
    expect((await failure(connectXsoar({ profile: 'p' }, no, REMEMBERED))).code).toBe('xsoar_url_untrusted');
    expect(no.made).toEqual([]);
    const yes = deps(
      { MS_AUTH_XSOAR_API_KEY: 'env-key-1234' },
      memoryStore(),
      scriptedPrompter([{ match: 'to https://remembered.example.com?', answer: true }]),
    );
    await connectXsoar({ profile: 'p' }, yes, REMEMBERED);
    expect(yes.made).toHaveLength(1);
    // The wizard's offer already named it: no second question.
    const offered = deps({ MS_AUTH_XSOAR_API_KEY: 'env-key-1234' }, memoryStore(), scriptedPrompter([]));
    await connectXsoar({ profile: 'p', acceptedUrl: REMEMBERED.url }, offered, REMEMBERED);
    expect(offered.made).toHaveLength(1);
  });

  it('the CA file: given, remembered as an absolute path; remembered, used for the same server only', async () => {
    const env = { MS_AUTH_XSOAR_API_KEY: 'env-key-1234' };
    const cas: unknown[] = [];
    const d = deps(env);
    const client = d.client;
    d.client = async (target, apiKey, ca?: unknown) => (cas.push(ca), client(target, apiKey));
    const given = await connectXsoar({ profile: 'p', xsoarUrl: 'https://x.example.com', caFile: 'ca.pem' }, d, undefined);
    expect(given.memory.caFile).toBe(resolve('ca.pem'));
    const memory = { url: 'https://x.example.com', instance: 'i', caFile: '/etc/ca.pem' };
    await connectXsoar({ profile: 'p', xsoarUrl: 'https://x.example.com' }, d, memory);
    await connectXsoar({ profile: 'p', xsoarUrl: 'https://other.example.com' }, d, memory);
    expect(cas).toEqual([{ path: resolve('ca.pem'), remembered: false }, { path: '/etc/ca.pem', remembered: true }, undefined]);
  });

  it('a key ID: the api- rewrite is said, and remembered with the key type', async () => {
    const d = deps({ MS_AUTH_XSOAR_API_KEY: 'env-key-1234' });
    const connection = await connectXsoar(
      { profile: 'p', xsoarUrl: 'https://t.example.com', keyId: '9', keyType: 'advanced' },
      d,
      undefined,
    );
    expect(d.ui.err.join('\n')).toContain('using the API host https://api-t.example.com');
    expect(connection.memory).toEqual({ url: 'https://api-t.example.com', keyId: '9', keyType: 'advanced' });
  });

  it('a wrong server setting is named by where it came from: the flag, the variable, or what the profile remembers', async () => {
    const key = { MS_AUTH_XSOAR_API_KEY: 'env-key-1234' };
    const url = 'https://t.example.com';
    expect((await failure(connectXsoar({ profile: 'p', xsoarUrl: url, keyType: 'root' }, deps(key), undefined))).message).toBe(
      '--xsoar-key-type must be standard or advanced.',
    );
    const fromEnv = deps({ ...key, MS_AUTH_XSOAR_API_KEY_TYPE: 'root', MS_AUTH_XSOAR_INVESTIGATION: 'a b' });
    expect((await failure(connectXsoar({ profile: 'p', xsoarUrl: url }, fromEnv, undefined))).message).toBe(
      'MS_AUTH_XSOAR_API_KEY_TYPE must be standard or advanced.',
    );
    const remembered = { url, instance: 'i', investigation: 'a b' };
    expect(await failure(connectXsoar({ profile: 'p' }, deps(key), remembered))).toMatchObject({
      kind: 'config',
      code: 'xsoar_investigation_invalid',
      message: 'The XSOAR investigation that profile "p" remembers must be an investigation or incident ID.',
      hints: ['Pass --xsoar-investigation (or set MS_AUTH_XSOAR_INVESTIGATION), or correct xsoar.investigation in its config file.'],
    });
    // A remembered advanced key type without the key ID it needs is the file's fault too.
    expect(await failure(connectXsoar({ profile: 'p' }, deps(key), { url, instance: 'i', keyType: 'advanced' }))).toMatchObject({
      kind: 'config',
      code: 'xsoar_key_type_invalid',
      message: 'The XSOAR keyType that profile "p" remembers is advanced, which is for XSOAR 8 / XSIAM keys: pass --xsoar-key-id ID too.',
    });
    expect((await failure(connectXsoar({ profile: 'p', xsoarUrl: url, keyType: 'advanced' }, deps(key), undefined))).kind).toBe('usage');
    // Remembered for another server, it is not used, so not refused.
    await expect(connectXsoar({ profile: 'p', xsoarUrl: 'https://other.example.com' }, deps(key), remembered)).resolves.toBeDefined();
    expect((await failure(connectXsoar({ profile: 'p', xsoarUrl: url, investigation: 'a b' }, deps(key), undefined))).message).toBe(
      '--xsoar-investigation must be an investigation or incident ID.',
    );
  });

  it('no server anywhere: exit 2 naming --xsoar-url and MS_AUTH_XSOAR_URL', async () => {
    expect((await failure(connectXsoar({ profile: 'p' }, deps({}), undefined))).message).toContain(
      '--xsoar-url URL or set MS_AUTH_XSOAR_URL',
    );
  });
});

describe('trustFileValues()', () => {
  const kusto = findIntegration('azure-data-explorer')!;
  const where = 'profile "p" in /cfg/config.json';
  const params = (values: Record<string, string>) => ({ params: values });

  it('known hosts, values that are no URL and a proxy-only ID pass without a question', async () => {
    const prompter = scriptedPrompter([]);
    await trustFileValues(kusto, params({ cluster_url: 'https://help.kusto.windows.net', limit: '50' }), where, prompter);
    await trustFileValues(kusto, { params: {}, xsoarAppId: 'reg-1@https://oproxy.demisto.ninja/token' }, where, prompter);
    await trustFileValues(kusto, { params: {}, xsoarAppId: 'reg-1' }, where, prompter);
    expect(prompter.asked).toEqual([]);
  });

  it('an unknown host without a terminal: exit 3 (param_url_untrusted) naming the parameter, the host and the --param that confirms it', async () => {
    const error = await failure(trustFileValues(kusto, params({ cluster_url: 'https://evil.example/x' }), where, undefined));
    expect(error).toMatchObject({ kind: 'config', code: 'param_url_untrusted' });
    expect(error.message).toBe(
      'Parameter cluster_url of profile "p" in /cfg/config.json sends the sign-in or tokens of Azure Data Explorer to https://evil.example, which ms-auth does not know for it: what the file alone names is pushed only when given at run time (--param cluster_url=URL) or confirmed at a terminal.',
    );
    expect(error.hints[0]).toContain('Nothing was sent');
  });

  it('at a terminal the host is named in a question (default no): no is exit 3, yes goes on', async () => {
    const no = scriptedPrompter([{ match: 'Push parameter cluster_url (from profile "p"', answer: false }]);
    expect((await failure(trustFileValues(kusto, params({ cluster_url: 'https://evil.example/x' }), where, no))).message).toBe(
      'Not pushed: parameter cluster_url sends the sign-in or tokens of Azure Data Explorer to https://evil.example (from profile "p" in /cfg/config.json).',
    );
    const yes = scriptedPrompter([{ match: 'to https://evil.example?', answer: true }]);
    await trustFileValues(kusto, params({ cluster_url: 'https://evil.example/x' }), where, yes);
    expect(yes.asked).toHaveLength(1);
  });

  it("the Cortex XSOAR application's ID with a token URL that is not Palo Alto's proxy: token_url_untrusted naming setup --push, asked at a terminal", async () => {
    const error = await failure(trustFileValues(kusto, { params: {}, xsoarAppId: 'reg-1@https://relay.example/token' }, where, undefined));
    expect(error).toMatchObject({ kind: 'config', code: 'token_url_untrusted' });
    expect(error.message).toContain("sends the Cortex XSOAR application's token to https://relay.example");
    expect(error.message.startsWith('The ID of profile "p"')).toBe(true);
    expect(error.hints[0]).toContain('ms-auth setup --push --xsoar-id ID@URL');
    const yes = scriptedPrompter([{ match: 'to https://relay.example?', answer: true }]);
    await trustFileValues(kusto, { params: {}, xsoarAppId: 'reg-1@https://relay.example/token' }, where, yes);
    expect(yes.asked).toHaveLength(1);
  });

  it('a value that is no readable address, or holds control characters, is refused without a question, shown cleaned', async () => {
    for (const value of ['\u001chttps://evil.example', '\u0085https://evil.example', 'ftp://files.example']) {
      const prompter = scriptedPrompter([]);
      const error = await failure(trustFileValues(kusto, params({ cluster_url: value }), where, prompter));
      expect(error.code).toBe('param_url_untrusted');
      expect(error.message).toContain('is no web address ms-auth can read');
      expect(error.message).not.toMatch(/[\u0000-\u001f\u0085]/);
      expect(prompter.asked).toEqual([]);
    }
  });
});
