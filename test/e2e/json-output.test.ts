/**
 * `--json` wherever it is given: stdout carries one JSON document, also for what has
 * no command result of its own (the version, a completion script, no command at all).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

describe('--json outside the commands', () => {
  it('--version --json is {"version"}; --version alone stays the bare number', async () => {
    const json = await runCli(['--version', '--json'], { endInput: true });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const plain = await runCli(['--version'], { endInput: true });
    expect(plain.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('completion SHELL --json is {"shell", "script"}, the script the same as without --json', async () => {
    const json = await runCli(['completion', 'bash', '--json'], { endInput: true });
    const plain = await runCli(['completion', 'bash'], { endInput: true });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ shell: 'bash', script: plain.stdout });
  });

  it('--json with no command is a usage error as one JSON document (exit 2); help asked for is still the help (exit 0); without --json the help goes to stderr (exit 0)', async () => {
    const json = await runCli(['--json'], { endInput: true });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'usage', message: 'No command given: run ms-auth --help for the commands.' },
    });
    for (const help of [
      ['help', '--json'],
      ['help', 'setup', '--json'],
    ]) {
      const asked = await runCli(help, { endInput: true });
      expect(asked.code).toBe(0);
      expect(asked.stdout).toContain('Usage: ms-auth');
      expect(asked.stdout).not.toContain('"error"');
    }
    const unknown = await runCli(['help', 'nosuch', '--json'], { endInput: true });
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toEqual({
      error: { code: 'usage', message: 'No such command: run ms-auth --help for the commands.' },
    });
    const plain = await runCli([], { endInput: true });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('Usage: ms-auth');
  });
});
