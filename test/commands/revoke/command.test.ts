import { beforeEach, describe, expect, it } from 'vitest';
import { revokeCommand } from '../../../src/commands/revoke/command.js';
import { clearFlagEnv, parse } from '../parse.js';

describe('revoke command', () => {
  beforeEach(clearFlagEnv);

  it('revoke: guidance only by default', async () => {
    expect((await parse(revokeCommand, ['revoke'])).options).toEqual({ profile: 'default', forget: false, yes: false, json: false });
  });

  it('revoke: --forget --yes for a named profile, as JSON', async () => {
    expect((await parse(revokeCommand, ['--profile', 'old', '--json', 'revoke', '--forget', '--yes'])).options).toEqual({
      profile: 'old',
      forget: true,
      yes: true,
      json: true,
    });
  });

  it('revoke: an unknown flag is a usage error', async () => {
    await expect(parse(revokeCommand, ['revoke', '--all'])).rejects.toThrow("unknown option '--all'");
  });
});
