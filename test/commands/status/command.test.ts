import { beforeEach, describe, expect, it } from 'vitest';
import { statusCommand } from '../../../src/commands/status/command.js';
import { clearFlagEnv, parse } from '../parse.js';

describe('status command', () => {
  beforeEach(clearFlagEnv);

  it('status: flags and global options map to the options', async () => {
    const { options } = await parse(statusCommand, ['--profile', 'p1', '--json', '--http-timeout', '5', 'status', '--all', '--online']);
    expect(options).toEqual({ profile: 'p1', all: true, online: true, json: true, httpTimeout: 5 });
  });

  it('status: the defaults are the default profile, offline, text', async () => {
    const { options } = await parse(statusCommand, ['status']);
    expect(options).toEqual({ profile: 'default', all: false, online: false, json: false, httpTimeout: 30 });
  });

  it.each([
    [['status', '--forget'], "unknown option '--forget'"],
    [['--profile', '../etc', 'status'], '--profile:'],
  ])('status: %j is a usage error', async (argv, message) => {
    await expect(parse(statusCommand, argv)).rejects.toThrow(message);
  });
});
