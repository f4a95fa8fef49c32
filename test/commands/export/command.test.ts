import { beforeEach, describe, expect, it } from 'vitest';
import { exportCommand } from '../../../src/commands/export/command.js';
import { clearFlagEnv, parse } from '../parse.js';

describe('export command', () => {
  beforeEach(clearFlagEnv);

  it('export: text is the default format, secrets masked', async () => {
    expect((await parse(exportCommand, ['export'])).options).toEqual({ profile: 'default', format: 'text', showSecrets: false });
  });

  it('export: --format env --show-secrets', async () => {
    expect((await parse(exportCommand, ['--profile', 'ci', 'export', '--format', 'env', '--show-secrets'])).options).toEqual({
      profile: 'ci',
      format: 'env',
      showSecrets: true,
    });
  });

  it('export: --format powershell', async () => {
    expect((await parse(exportCommand, ['export', '--format', 'powershell'])).options.format).toBe('powershell');
  });

  it('export: --json wins over --format', async () => {
    expect((await parse(exportCommand, ['--json', 'export', '--format', 'env'])).options.format).toBe('json');
  });

  it('export: an unknown --format is a usage error', async () => {
    await expect(parse(exportCommand, ['export', '--format', 'xml'])).rejects.toThrow("argument 'xml' is invalid");
  });
});
