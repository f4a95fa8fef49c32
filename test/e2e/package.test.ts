/**
 * The package exactly as users get it: `npm pack` ships only bin/, dist/, schema/,
 * README and LICENSE; installed from the tarball into an empty directory with
 * --omit=dev (from npm's cache, no network), `ms-auth` runs the way npx would run it.
 * Also the shell completion scripts.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, baseEnv, runCli, tempDir } from './harness.js';

const exec = promisify(execFile);
let dir: { path: string; remove(): Promise<void> };
let tarball: string;

beforeAll(async () => {
  dir = await tempDir('ms-auth-pack-');
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir.path], { cwd: ROOT });
  tarball = join(dir.path, (JSON.parse(stdout) as Array<{ filename: string }>)[0]?.filename ?? '');
}, 60_000);
afterAll(async () => dir?.remove());

describe('the packed package', () => {
  it('holds only bin/, dist/, schema/, README.md, LICENSE and package.json', async () => {
    const { stdout } = await exec('tar', ['tzf', tarball]);
    const top = new Set(stdout.trim().split('\n').map((path) => path.replace(/^package\//, '').split('/')[0]));
    expect([...top].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json', 'schema']);
    expect(stdout).toContain('package/dist/io/keychain-process.js');
    expect(stdout).toContain('package/schema/config.schema.json');
    expect(stdout).not.toMatch(/\.test\.|standin|\.ts\n/);
  });

  it('installs with --omit=dev into an empty directory and runs --help, --version and authorize-url', async () => {
    const app = join(dir.path, 'app');
    await exec('npm', ['init', '-y'], { cwd: dir.path }).catch(() => undefined);
    await exec('mkdir', ['-p', app]);
    await exec('npm', ['install', '--offline', '--omit=dev', '--no-audit', '--no-fund', '--prefix', app, tarball], { cwd: app, env: { ...process.env, npm_config_update_notifier: 'false' } });
    const bin = join(app, 'node_modules/.bin/ms-auth');
    const run = (...args: string[]) => exec(bin, args, { env: baseEnv() });

    expect((await run('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await run('--help');
    for (const command of ['setup', 'authorize-url', 'status', 'validate', 'revoke', 'export', 'integrations', 'completion']) expect(help.stdout).toContain(command);
    const url = await run('authorize-url', '--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555', '--integration', 'msgraph-user');
    expect(url.stdout).toMatch(/^https:\/\/login\.microsoftonline\.com\/contoso\.onmicrosoft\.com\/oauth2\/v2\.0\/authorize\?response_type=code&.*scope=offline_access%20https%3A%2F%2Fgraph\.microsoft\.com%2F\.default\n$/);

    // No development dependency came along.
    const installed = await readdir(join(app, 'node_modules'));
    for (const dev of ['vitest', 'oidc-provider', 'playwright-core', 'typescript', 'tsx']) expect(installed).not.toContain(dev);
  }, 120_000);
});

describe('ms-auth completion', () => {
  it('bash: completes commands and option choices when sourced', async () => {
    const script = (await runCli(['completion', 'bash'], { endInput: true })).stdout;
    const complete = async (...words: string[]) => {
      const { stdout } = await exec('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ms_auth; echo "\${COMPREPLY[@]}"`]);
      return stdout.trim().split(' ');
    };
    expect(await complete('ms-auth', 'st')).toEqual(['status']);
    expect(await complete('ms-auth', 'setup', '--cloud', '')).toEqual(['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod', 'china']);
    expect(await complete('ms-auth', 'setup', '--han')).toEqual(['--handoff']);
    expect(await complete('ms-auth', 'setup', '--client-sec')).toEqual(['--client-secret-stdin']);
  });

  it('zsh and fish scripts name every command; an unknown shell is a usage error', async () => {
    for (const shell of ['zsh', 'fish']) {
      const r = await runCli(['completion', shell], { endInput: true });
      expect(r.code).toBe(0);
      for (const command of ['setup', 'status', 'validate', 'revoke']) expect(r.stdout).toContain(command);
    }
    const bad = await runCli(['completion', 'tcsh'], { endInput: true });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('completion takes bash, zsh, fish');
  });
});
