import { beforeEach, describe, expect, it, vi } from 'vitest';
import { authorizeUrlCommand } from '../../../src/commands/authorize-url/command.js';
import { clearFlagEnv, parse } from '../parse.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-00000000000a';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const base = ['authorize-url', '--tenant', TENANT, '--client-id', CLIENT];

describe('authorize-url command', () => {
  beforeEach(clearFlagEnv);

  it('authorize-url: flags map to the options, with the defaults for what is left out', async () => {
    const { options } = await parse(authorizeUrlCommand, [
      ...base,
      '--scope',
      'User.Read',
      'Mail.Read',
      '--scope',
      'openid',
      '--state',
      's1',
      '--prompt',
      'consent',
      '--pkce',
      '--open',
      '--json',
    ]);
    expect(options).toEqual({
      tenant: TENANT,
      clientId: CLIENT,
      redirectUri: 'https://localhost/myapp',
      scopes: ['User.Read', 'Mail.Read', 'openid'],
      state: 's1',
      prompt: 'consent',
      pkce: true,
      open: true,
      json: true,
      cloud: 'worldwide',
      authorityHost: undefined,
    });
  });

  it('authorize-url: tenant and client ID come from the environment when the flags are absent', async () => {
    vi.stubEnv('MS_AUTH_TENANT_ID', 'contoso.onmicrosoft.com');
    vi.stubEnv('MS_AUTH_CLIENT_ID', CLIENT);
    const { options } = await parse(authorizeUrlCommand, ['authorize-url', '--scope', 'x']);
    expect(options).toMatchObject({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT, pkce: false, open: false, json: false });
  });

  it('authorize-url: a wrong tenant or client ID from the environment is named by its variable, not by the flag', async () => {
    vi.stubEnv('MS_AUTH_TENANT_ID', 'not a tenant');
    vi.stubEnv('MS_AUTH_CLIENT_ID', CLIENT);
    await expect(parse(authorizeUrlCommand, ['authorize-url', '--scope', 'x'])).rejects.toThrow(/^MS_AUTH_TENANT_ID: /);
    await expect(parse(authorizeUrlCommand, ['authorize-url', '--tenant', 'not a tenant', '--scope', 'x'])).rejects.toThrow(/^--tenant: /);
    vi.stubEnv('MS_AUTH_TENANT_ID', 'contoso.onmicrosoft.com');
    vi.stubEnv('MS_AUTH_CLIENT_ID', 'not-a-guid');
    await expect(parse(authorizeUrlCommand, ['authorize-url', '--scope', 'x'])).rejects.toThrow(/^MS_AUTH_CLIENT_ID: /);
    vi.stubEnv('MS_AUTH_CLIENT_ID', CLIENT);
    vi.stubEnv('MS_AUTH_AUTHORITY_HOST', 'ftp://login.example');
    await expect(parse(authorizeUrlCommand, ['authorize-url', '--scope', 'x'])).rejects.toThrow(/^MS_AUTH_AUTHORITY_HOST /);
  });

  it("authorize-url: --integration fills the integration's auth-code scope; --scope wins over it", async () => {
    expect((await parse(authorizeUrlCommand, [...base, '--integration', 'msgraph-user'])).options.scopes).toEqual([
      'https://graph.microsoft.com/.default',
    ]);
    expect((await parse(authorizeUrlCommand, [...base, '--integration', 'msgraph-user', '--scope', 'User.Read'])).options.scopes).toEqual([
      'User.Read',
    ]);
  });

  it('authorize-url: --cloud and --authority-host reach the options', async () => {
    const { options } = await parse(authorizeUrlCommand, [
      ...base,
      '--scope',
      'x',
      '--cloud',
      'us-gcc-high',
      '--authority-host',
      'http://127.0.0.1:8443',
    ]);
    expect(options).toMatchObject({ cloud: 'us-gcc-high', authorityHost: 'http://127.0.0.1:8443' });
  });

  it.each([
    [['authorize-url', '--client-id', CLIENT, '--scope', 'x'], 'Missing tenant: pass --tenant ID or set MS_AUTH_TENANT_ID.'],
    [['authorize-url', '--tenant', TENANT, '--scope', 'x'], 'Missing client ID: pass --client-id GUID or set MS_AUTH_CLIENT_ID.'],
    [['authorize-url', '--tenant', 'not a tenant', '--client-id', CLIENT, '--scope', 'x'], '--tenant:'],
    [[...base], 'Give the scopes to request with --scope SCOPE... or --integration ID.'],
    [[...base, '--scope', 'x', '--pkce'], '--pkce needs --json'],
    [[...base, '--integration', 'nope'], 'Unknown integration "nope". See `ms-auth integrations` for the list.'],
    [[...base, '--integration', 'azure-sentinel'], 'has no authorization-code flow; it uses client-credentials.'],
    [
      [...base, '--integration', 'microsoft-atp', '--cloud', 'china'],
      "auth-code flow does not run in --cloud china (XSOAR's code supports worldwide, us-gcc, us-gcc-high, us-dod).",
    ],
    [[...base, '--scope', 'x', '--prompt', 'always'], "argument 'always' is invalid"],
    [[...base, '--scope', 'x', '--authority-host', 'http://login.example.com'], 'http:'],
  ])('authorize-url: %j is a usage error', async (argv, message) => {
    await expect(parse(authorizeUrlCommand, argv)).rejects.toThrow(message);
  });
});
