/** `completion powershell`: a native argument completer built from the program's own commands. */
import { describe, expect, it } from 'vitest';
import { completionScript, type CompletionCommand } from '../../../src/commands/completion/run.js';

const COMMANDS: CompletionCommand[] = [
  {
    name: 'setup',
    options: [
      { flag: '--method', choices: ['xsoar-app', 'self-deployed'], takesValue: true },
      { flag: '--listen', takesValue: false },
    ],
  },
  { name: 'export', options: [{ flag: '--format', choices: ['text', 'json', 'env', 'powershell'], takesValue: true }] },
];
const GLOBALS: CompletionCommand['options'] = [{ flag: '--profile', takesValue: true }];

describe('completion powershell', () => {
  const script = completionScript('powershell', COMMANDS, GLOBALS);

  it('registers a native completer for ms-auth and the shims npm installs on Windows', () => {
    expect(script).toContain("Register-ArgumentCompleter -Native -CommandName 'ms-auth', 'ms-auth.cmd', 'ms-auth.ps1' -ScriptBlock {");
  });

  it("lists each command's flags with the global ones, and each flag's choices", () => {
    expect(script).toContain("'setup' = @('--method', '--listen', '--profile')");
    expect(script).toContain("'export' = @('--format', '--profile')");
    expect(script).toContain("'setup --method' = @('xsoar-app', 'self-deployed')");
    expect(script).toContain("'export --format' = @('text', 'json', 'env', 'powershell')");
  });

  it('an unknown shell is a usage error that names powershell among the choices', () => {
    expect(() => completionScript('tcsh', COMMANDS, GLOBALS)).toThrow('completion takes bash, zsh, fish, powershell (got "tcsh").');
  });
});
