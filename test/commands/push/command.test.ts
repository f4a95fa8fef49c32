import { beforeEach, describe, expect, it } from 'vitest';
import { pushCommand } from '../../../src/commands/push/command.js';
import { clearFlagEnv, parse } from '../parse.js';

describe('push command', () => {
  beforeEach(clearFlagEnv);

  it('push: every flag maps to its option; --param repeats', async () => {
    const { options } = await parse(pushCommand, [
      '--profile',
      'sentinel',
      '--json',
      'push',
      '--xsoar-url',
      'https://xsoar.example.com',
      '--xsoar-key-id',
      '7',
      '--xsoar-key-type',
      'advanced',
      '--xsoar-ca-file',
      'ca.pem',
      '--xsoar-account',
      'acme',
      '--xsoar-investigation',
      '1234',
      '--instance',
      'i1',
      '--param',
      'subscriptionID=s',
      '--param',
      'workspaceName=ws',
      '--plan',
      '--no-test',
    ]);
    expect(options).toEqual({
      profile: 'sentinel',
      json: true,
      xsoarUrl: 'https://xsoar.example.com',
      keyId: '7',
      keyType: 'advanced',
      caFile: 'ca.pem',
      account: 'acme',
      investigation: '1234',
      instance: 'i1',
      params: ['subscriptionID=s', 'workspaceName=ws'],
      plan: true,
      test: false,
    });
  });

  it('push: with no flags, the server comes from the profile or environment and the instance is tested', async () => {
    const { options } = await parse(pushCommand, ['push']);
    expect(options).toMatchObject({ profile: 'default', xsoarUrl: undefined, params: [], plan: false, test: true });
  });

  it('push: an unknown --xsoar-key-type is a usage error', async () => {
    await expect(parse(pushCommand, ['push', '--xsoar-key-type', 'root'])).rejects.toThrow("argument 'root' is invalid");
  });
});
