/**
 * README's run command: `npm run demo` (here without a terminal, so the demo answers
 * the wizard itself) completes the whole flow against the built-in stand-ins, through
 * the push into the XSOAR stand-in and its passing test.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, baseEnv, requireSecretService } from './harness.js';

describe('npm run demo', () => {
  it('runs the real wizard against the stand-ins to a saved profile, pushed into XSOAR, whose test passes', async () => {
    requireSecretService();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/demo.ts')], {
      cwd: ROOT,
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('✓ Saved profile "demo"');
    expect(stderr).toContain('✓ Created instance "msgraph-user_demo" of Microsoft Graph User');
    expect(stdout).toContain('Test (!msgraph-user-test): passed');
  });
});
