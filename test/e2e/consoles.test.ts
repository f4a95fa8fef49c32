/**
 * The built CLI in consoles other than a Linux desktop terminal: a console that cannot draw
 * symbols gets ASCII, and Git Bash's mintty (pipes, no TTY) gets a hint with the missing value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from './harness.js';

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => dir?.remove());

// --insecure-storage: the question of the tenant comes after the store check, and no keychain is needed here.
const missingTenant = () => [
  'setup',
  '--integration',
  'msgraph-user',
  '--method',
  'self-deployed',
  '--flow',
  'auth-code',
  '--no-browser',
  '--insecure-storage',
  '--config-dir',
  dir.path,
];

describe('consoles', () => {
  it('a console that cannot draw symbols (the Linux virtual console here, like the classic Windows console host) gets ASCII', async () => {
    const drawn = await runCli(['authorize-url', '--tenant', 'not a tenant', '--client-id', '00000000-0000-4000-8000-000000000000'], {
      endInput: true,
      env: { TERM: 'xterm-256color' },
    });
    expect(drawn.stderr).toMatch(/^✗ --tenant/m);
    const ascii = await runCli(['authorize-url', '--tenant', 'not a tenant', '--client-id', '00000000-0000-4000-8000-000000000000'], {
      endInput: true,
      env: { TERM: 'linux' },
    });
    expect(ascii.code).toBe(2);
    expect(ascii.stderr).toMatch(/^x --tenant/m);
    expect(ascii.stderr).not.toMatch(/[^\x00-\x7f]/);
  });

  it('Git Bash (mintty, no TTY): a missing value names the flag and says how to get a terminal', async () => {
    const result = await runCli(missingTenant(), { endInput: true, env: { MSYSTEM: 'MINGW64', TERM: 'xterm' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing tenant: pass --tenant ID or set MS_AUTH_TENANT_ID (no terminal to ask on).');
    expect(result.stderr).toContain('winpty npx.cmd ms-auth');
  });

  it('a plain pipe elsewhere (CI) gets the bare message', async () => {
    const result = await runCli(missingTenant(), { endInput: true });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('winpty');
  });
});
