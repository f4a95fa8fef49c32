import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupCommand } from '../../../src/commands/setup/command.js';
import { clearFlagEnv, parse } from '../parse.js';

describe('setup command', () => {
  beforeEach(clearFlagEnv);
  afterEach(() => {
    delete (process.stdin as { isTTY?: boolean }).isTTY;
  });

  it('setup: every flag maps to its option', async () => {
    const { options } = await parse(setupCommand, [
      '--profile',
      'p1',
      '--json',
      '--http-timeout',
      '12',
      'setup',
      '--integration',
      'msgraph-user',
      '--method',
      'self-deployed',
      '--flow',
      'auth-code',
      '--tenant',
      'contoso.onmicrosoft.com',
      '--client-id',
      'c1',
      '--redirect-uri',
      'http://localhost:8400/cb',
      '--scope',
      'a',
      'b',
      '--client-secret-stdin',
      '--certificate',
      'app.pem',
      '--xsoar-id',
      'x1',
      '--no-browser',
      '--listen',
      '--timeout',
      '90',
      '--handoff',
      'refresh-token',
      '--show-secrets',
      '--cloud',
      'china',
      '--authority-host',
      'https://login.example.com',
      '--push',
      '--xsoar-url',
      'https://xsoar.example.com',
      '--xsoar-key-id',
      '7',
      '--xsoar-key-type',
      'advanced',
      '--xsoar-ca-file',
      'ca.pem',
      '--xsoar-investigation',
      '42',
      '--instance',
      'i1',
      '--cloud',
      'china',
      '--authority-host',
      'https://login.example.com',
      '--param',
      'subscriptionID=sub-1',
      '--param',
      'workspaceName= ws 1 ',
    ]);
    expect(options).toEqual({
      profile: 'p1',
      json: true,
      showSecrets: true,
      integration: 'msgraph-user',
      method: 'self-deployed',
      flow: 'auth-code',
      tenant: 'contoso.onmicrosoft.com',
      clientId: 'c1',
      redirectUri: 'http://localhost:8400/cb',
      scopes: ['a', 'b'],
      clientSecretStdin: true,
      certificate: 'app.pem',
      xsoarId: 'x1',
      noBrowser: true,
      listen: true,
      timeout: 90,
      handoff: 'refresh-token',
      exchange: true,
      cloud: 'china',
      authorityHost: 'https://login.example.com',
      httpTimeout: 12,
      push: true,
      xsoar: {
        xsoarUrl: 'https://xsoar.example.com',
        keyId: '7',
        keyType: 'advanced',
        caFile: 'ca.pem',
        account: undefined,
        investigation: '42',
        instance: 'i1',
      },
      params: { subscriptionID: 'sub-1', workspaceName: 'ws 1' },
    });
  });

  it('setup: with no flags, only the defaults are set and every value is left to the wizard', async () => {
    const { options } = await parse(setupCommand, ['setup']);
    expect(options).toEqual({
      profile: 'default',
      json: false,
      showSecrets: false,
      integration: undefined,
      method: undefined,
      flow: undefined,
      tenant: undefined,
      clientId: undefined,
      redirectUri: undefined,
      scopes: undefined,
      clientSecretStdin: false,
      certificate: undefined,
      xsoarId: undefined,
      noBrowser: false,
      listen: false,
      timeout: undefined,
      handoff: undefined,
      exchange: true,
      cloud: 'worldwide',
      authorityHost: undefined,
      httpTimeout: 30,
      push: undefined,
      xsoar: {
        xsoarUrl: undefined,
        keyId: undefined,
        keyType: undefined,
        caFile: undefined,
        account: undefined,
        investigation: undefined,
        instance: undefined,
      },
      params: {},
    });
  });

  it('setup: --no-push turns the offer off', async () => {
    expect((await parse(setupCommand, ['setup', '--no-push'])).options).toMatchObject({ push: false });
  });

  it('setup: --param takes NAME=VALUE, each name once', async () => {
    await expect(parse(setupCommand, ['setup', '--param', 'noequals'])).rejects.toThrow('--param takes NAME=VALUE');
    await expect(parse(setupCommand, ['setup', '--param', '=v'])).rejects.toThrow('--param takes NAME=VALUE');
    await expect(parse(setupCommand, ['setup', '--param', 'a=1', '--param', 'a=2'])).rejects.toThrow('--param a is given twice');
  });

  it('setup: --no-exchange turns the exchange off; MS_AUTH_PROFILE names the profile', async () => {
    vi.stubEnv('MS_AUTH_PROFILE', 'from-env');
    const { options } = await parse(setupCommand, ['setup', '--no-exchange']);
    expect(options).toMatchObject({ exchange: false, profile: 'from-env' });
  });

  it('setup: --client-secret-stdin on a terminal is a usage error (the secret belongs at the masked prompt)', async () => {
    (process.stdin as { isTTY?: boolean }).isTTY = true;
    await expect(parse(setupCommand, ['setup', '--client-secret-stdin'])).rejects.toThrow('--client-secret-stdin reads a pipe');
  });

  it.each([
    [['setup', '--timeout', '0'], '--timeout takes a number of seconds between 1 and 86400.'],
    [['setup', '--timeout', 'soon'], '--timeout takes a number of seconds'],
    [['--http-timeout', '0', 'setup'], '--http-timeout takes a number of seconds between 1 and 3600.'],
    [['--profile', 'bad name', 'setup'], '--profile:'],
    [['setup', '--method', 'app'], "argument 'app' is invalid"],
    [['setup', '--flow', 'implicit'], "argument 'implicit' is invalid"],
    [['setup', '--handoff', 'token'], "argument 'token' is invalid"],
    [['setup', '--cloud', 'mars'], "argument 'mars' is invalid"],
    [['setup', '--client-secret', 'abc8Q~zzz'], 'Secrets are never taken as flag values'],
    [['setup', '--bogus'], "unknown option '--bogus'"],
  ])('setup: %j is a usage error', async (argv, message) => {
    await expect(parse(setupCommand, argv)).rejects.toThrow(message);
  });
});
