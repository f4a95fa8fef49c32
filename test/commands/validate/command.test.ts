import { beforeEach, describe, expect, it, vi } from 'vitest';
import { validateCommand } from '../../../src/commands/validate/command.js';
import { clearFlagEnv, parse } from '../parse.js';

describe('validate command', () => {
  beforeEach(clearFlagEnv);

  it('validate: --file without --profile checks every profile in it (profileGiven false)', async () => {
    const { options } = await parse(validateCommand, ['validate', '--file', 'ms-auth.json', '--online', '--json']);
    expect(options).toEqual({
      profile: 'default',
      profileGiven: false,
      all: false,
      file: 'ms-auth.json',
      online: true,
      json: true,
      httpTimeout: 30,
    });
  });

  it('validate: --profile or MS_AUTH_PROFILE counts as given', async () => {
    expect((await parse(validateCommand, ['--profile', 'p2', 'validate', '--file', 'f.json'])).options).toMatchObject({
      profile: 'p2',
      profileGiven: true,
    });
    vi.stubEnv('MS_AUTH_PROFILE', 'p3');
    expect((await parse(validateCommand, ['validate', '--all'])).options).toMatchObject({ profile: 'p3', profileGiven: true, all: true });
  });

  it('validate: a wrong profile name from MS_AUTH_PROFILE is named by the variable; an empty one counts as unset', async () => {
    vi.stubEnv('MS_AUTH_PROFILE', 'bad/x');
    await expect(parse(validateCommand, ['validate'])).rejects.toThrow(/^MS_AUTH_PROFILE: /);
    await expect(parse(validateCommand, ['--profile', 'bad/x', 'validate'])).rejects.toThrow(/^--profile: /);
    vi.stubEnv('MS_AUTH_PROFILE', '');
    expect((await parse(validateCommand, ['validate'])).options).toMatchObject({ profile: 'default', profileGiven: false });
  });

  it('validate: --file without a path is a usage error', async () => {
    await expect(parse(validateCommand, ['validate', '--file'])).rejects.toThrow("option '--file <path>' argument missing");
  });
});
