/**
 * README's run command: `npm run demo` (here without a terminal, so the demo answers
 * the wizard itself) completes the whole flow against the built-in stand-in.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, baseEnv, requireSecretService } from './harness.js';

describe('npm run demo', () => {
  it('runs the real wizard against the stand-in to a saved profile and a hand-off', async () => {
    requireSecretService();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/demo.ts')], { cwd: ROOT, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('✓ Saved profile "demo"');
    expect(stdout).toMatch(/Authorization code .*\[creds_auth_code, password half\]\n\s+\S{20,}/);
    expect(stdout).toContain('Dm08…');
  });
});
