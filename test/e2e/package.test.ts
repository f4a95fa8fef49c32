/**
 * The package exactly as users get it: `npm pack` ships only bin/, dist/, schema/,
 * README, LICENSE and npm-shrinkwrap.json; installed into an empty directory with
 * --omit=dev and an empty npm cache of its own (what a fresh machine sees: every
 * dependency comes from the registry), `ms-auth` runs the way npx would run it, and the
 * shrinkwrap installs exactly the versions tested here. Also the shell completion scripts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
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
  it('holds only bin/, dist/, schema/, README.md, LICENSE, package.json and npm-shrinkwrap.json', async () => {
    const { stdout } = await exec('tar', ['tzf', tarball]);
    const top = new Set(stdout.trim().split('\n').map((path) => path.replace(/^package\//, '').split('/')[0]));
    expect([...top].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'npm-shrinkwrap.json', 'package.json', 'schema']);
    expect(stdout).toContain('package/dist/io/keychain-process.js');
    expect(stdout).toContain('package/schema/config.schema.json');
    expect(stdout).not.toMatch(/\.test\.|standin|\.ts\n/);
  });

  // npm passes its own settings to scripts as npm_config_* variables (an outer --offline or cache among
  // them): none of them may decide what these installs see. Each install gets an empty cache of its own.
  const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));
  async function npmInstall(cwd: string, args: string[]): Promise<void> {
    const cache = join(cwd, '..', `${basename(cwd)}-npm-cache`);
    await mkdir(cache);
    await exec('npm', [...args, '--cache', cache, '--omit=dev', '--engine-strict', '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
    expect((await readdir(cache)).length).toBeGreaterThan(0);
  }
  async function runsAsUsersRunIt(bin: string): Promise<void> {
    const run = (...args: string[]) => exec(bin, args, { env: baseEnv() });
    expect((await run('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await run('--help');
    for (const command of ['setup', 'authorize-url', 'status', 'validate', 'revoke', 'export', 'integrations', 'completion']) expect(help.stdout).toContain(command);
    const url = await run('authorize-url', '--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555', '--integration', 'msgraph-user');
    expect(url.stdout).toMatch(/^https:\/\/login\.microsoftonline\.com\/contoso\.onmicrosoft\.com\/oauth2\/v2\.0\/authorize\?response_type=code&.*scope=offline_access%20https%3A%2F%2Fgraph\.microsoft\.com%2F\.default\n$/);
  }
  const devOnly = ['vitest', 'oidc-provider', 'playwright-core', 'typescript', 'tsx', 'fast-check', 'ajv'];

  it('installs from the tarball with --omit=dev and an empty npm cache into an empty directory and runs --help, --version and authorize-url', async () => {
    const app = join(dir.path, 'app');
    await mkdir(app);
    await npmInstall(app, ['install', '--prefix', app, tarball]);
    await runsAsUsersRunIt(join(app, 'node_modules/.bin/ms-auth'));
    const installed = await readdir(join(app, 'node_modules'));
    for (const dev of devOnly) expect(installed).not.toContain(dev);
  }, 120_000);

  // npm follows a dependency's shrinkwrap when the registry flags the version as having one, which a
  // local tarball can't show: the shipped shrinkwrap is installed the way that flag makes npm install it.
  it('the shipped npm-shrinkwrap.json installs exactly the tested production versions, each allowing the running Node (engine-strict), from an empty cache', async () => {
    const unpacked = join(dir.path, 'unpacked');
    await mkdir(unpacked);
    await exec('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
    await npmInstall(unpacked, ['ci']);
    await runsAsUsersRunIt(join(unpacked, 'bin/ms-auth.js'));

    type Lock = { packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } }> };
    const shipped = JSON.parse(await readFile(join(unpacked, 'npm-shrinkwrap.json'), 'utf8')) as Lock;
    const tested = JSON.parse(await readFile(join(ROOT, 'npm-shrinkwrap.json'), 'utf8')) as Lock;
    const production = (lock: Lock) => Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.dev).map(([path, entry]) => `${path}@${entry.version}`).sort();
    expect(production(shipped)).toEqual(production(tested));
    const installed = JSON.parse(await readFile(join(unpacked, 'node_modules/.package-lock.json'), 'utf8')) as Lock;
    const expected = new Set(production(tested));
    const got = production(installed);
    expect(got.length).toBeGreaterThan(20);
    for (const entry of got) expect(expected.has(entry) ? entry : `unpinned ${entry}`).toBe(entry);
    for (const dev of devOnly) expect(existsSync(join(unpacked, 'node_modules', dev))).toBe(false);
    // The prompt packages' newest versions need Node 22+: the pinned ones must not.
    expect(tested.packages['node_modules/@inquirer/core']?.engines?.node).toContain('^20.17.0');
    expect(tested.packages['node_modules/mute-stream']?.engines?.node).toMatch(/\^20\./);
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
