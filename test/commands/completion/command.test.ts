import { describe, expect, it } from 'vitest';
import { completionCommand } from '../../../src/commands/completion/command.js';
import { parse } from '../parse.js';

describe('completion command', () => {
  it("completion: the shell and the program's own commands and visible global flags", async () => {
    const { options } = await parse(completionCommand, ['completion', 'zsh']);
    expect(options.shell).toBe('zsh');
    expect(options.commands).toEqual([{ name: 'completion', options: [] }]);
    const flags = options.globals.map((o) => o.flag);
    expect(flags).toEqual(
      expect.arrayContaining(['--profile', '--config-dir', '--json', '--no-input', '--http-timeout', '--insecure-storage']),
    );
    expect(flags).not.toContain('--client-secret');
    expect(options.globals.find((o) => o.flag === '--profile')?.takesValue).toBe(true);
    expect(options.globals.find((o) => o.flag === '--json')?.takesValue).toBe(false);
  });

  it('completion: the shell is required', async () => {
    await expect(parse(completionCommand, ['completion'])).rejects.toThrow("missing required argument 'shell'");
  });
});
