/**
 * The package exactly as users get it, the gate of the suite: installed-package.ts packs
 * it and installs the tarball with --omit=dev and an empty npm cache of its own into an
 * empty directory (what a fresh machine sees: every dependency comes from the registry),
 * and every end-to-end file runs that installed `ms-auth`. Here: the tarball ships only
 * bin/, dist/ (the bundle, its source maps), schema/, README, LICENSE, the third-party
 * notices and npm-shrinkwrap.json; the install is a handful of packages; `ms-auth` runs
 * the way npx would run it, and the shrinkwrap installs exactly the versions tested here.
 * Also the shell completion scripts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT, baseEnv, runCli, tempDir } from './harness.js';
import { npmInstall } from './installed-package.js';

const exec = promisify(execFile);
const { tarball, app } = inject('installed');
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await tempDir('ms-auth-pack-');
});
afterAll(async () => dir?.remove());

describe('the packed package', () => {
  it('holds only bin/, dist/, schema/, README.md, LICENSE, THIRD-PARTY-NOTICES.md, package.json and npm-shrinkwrap.json', async () => {
    const { stdout } = await exec('tar', ['tzf', tarball]);
    const top = new Set(
      stdout
        .trim()
        .split('\n')
        .map((path) => path.replace(/^package\//, '').split('/')[0]),
    );
    expect([...top].sort()).toEqual([
      'LICENSE',
      'README.md',
      'THIRD-PARTY-NOTICES.md',
      'bin',
      'dist',
      'npm-shrinkwrap.json',
      'package.json',
      'schema',
    ]);
    expect(stdout).toContain('package/dist/cli.js');
    expect(stdout).toContain('package/dist/keychain-process.js');
    expect(stdout).toContain('package/schema/config.schema.json');
    expect(stdout).not.toMatch(/\.test\.|standin|\.ts\n/);
  });

  it('bundles its JavaScript dependencies with their licence texts in THIRD-PARTY-NOTICES.md; only @napi-rs/keyring (native) is a dependency', async () => {
    const manifest = JSON.parse(await readFile(join(app, 'node_modules/ms-auth/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).toEqual(['@napi-rs/keyring']);
    const notices = await readFile(join(app, 'node_modules/ms-auth/THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const bundled of ['commander', 'openid-client', 'jose', 'undici', 'node-forge', 'open', '@inquirer/core'])
      expect(notices).toMatch(new RegExp(`^## ${bundled} \\d+\\.\\d+\\.\\d+$`, 'm'));
    expect(notices).toContain('Permission is hereby granted, free of charge');
    expect(notices).not.toContain('ships no licence file');
  });

  it("ships source maps for the chunks of ms-auth's own code, pointing at src/, and none for chunks of third-party code alone", async () => {
    const dist = join(app, 'node_modules/ms-auth/dist');
    const files = await readdir(dist);
    const sources = new Set<string>();
    for (const map of files.filter((file) => file.endsWith('.js.map'))) {
      const mapped = (JSON.parse(await readFile(join(dist, map), 'utf8')) as { sources: string[] }).sources;
      expect(mapped.some((source) => source.startsWith('../src/'))).toBe(true);
      for (const source of mapped) sources.add(source);
    }
    for (const source of ['../src/cli.ts', '../src/io/secret-store.ts', '../src/io/oauth.ts']) expect(sources).toContain(source);
    const unmapped = files.filter((file) => file.endsWith('.js') && !files.includes(`${file}.map`));
    expect(unmapped.length).toBeGreaterThan(0);
    for (const file of unmapped) expect(await readFile(join(dist, file), 'utf8')).not.toContain('sourceMappingURL');
  });

  async function runsAsUsersRunIt(bin: string): Promise<void> {
    const run = (...args: string[]) => exec(bin, args, { env: baseEnv() });
    expect((await run('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await run('--help');
    for (const command of ['setup', 'authorize-url', 'status', 'validate', 'revoke', 'export', 'integrations', 'completion'])
      expect(help.stdout).toContain(command);
    const url = await run(
      'authorize-url',
      '--tenant',
      'contoso.onmicrosoft.com',
      '--client-id',
      '11111111-2222-3333-4444-555555555555',
      '--integration',
      'msgraph-user',
    );
    expect(url.stdout).toMatch(
      /^https:\/\/login\.microsoftonline\.com\/contoso\.onmicrosoft\.com\/oauth2\/v2\.0\/authorize\?response_type=code&.*scope=offline_access%20https%3A%2F%2Fgraph\.microsoft\.com%2F\.default\n$/,
    );
  }
  const devOnly = [
    'vitest',
    'oidc-provider',
    'playwright-core',
    'typescript',
    'tsx',
    'fast-check',
    'ajv',
    'commander',
    'openid-client',
    'undici',
  ];

  it('installed from the tarball with --omit=dev and an empty npm cache into an empty directory: at most 5 packages, none for development, and it runs --help, --version and authorize-url', async () => {
    await runsAsUsersRunIt(join(app, 'node_modules/.bin/ms-auth'));
    const installed = JSON.parse(await readFile(join(app, 'node_modules/.package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const packages = Object.keys(installed.packages).filter((path) => path.startsWith('node_modules/'));
    expect(packages).toContain('node_modules/ms-auth');
    expect(packages).toContain('node_modules/@napi-rs/keyring');
    expect(packages.length).toBeLessThanOrEqual(5);
    const top = await readdir(join(app, 'node_modules'));
    for (const dev of devOnly) expect(top).not.toContain(dev);
  });

  // npm follows a dependency's shrinkwrap when the registry flags the version as having one, which a
  // local tarball can't show: the shipped shrinkwrap is installed the way that flag makes npm install it.
  it('the shipped npm-shrinkwrap.json installs exactly the tested production versions, each allowing the running Node (engine-strict), from an empty cache', async () => {
    const unpacked = join(dir.path, 'unpacked');
    await mkdir(unpacked);
    await exec('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
    expect((await npmInstall(unpacked, ['ci'])).length).toBeGreaterThan(0);
    await runsAsUsersRunIt(join(unpacked, 'bin/ms-auth.js'));

    type Lock = { packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } }> };
    const shipped = JSON.parse(await readFile(join(unpacked, 'npm-shrinkwrap.json'), 'utf8')) as Lock;
    const tested = JSON.parse(await readFile(join(ROOT, 'npm-shrinkwrap.json'), 'utf8')) as Lock;
    const production = (lock: Lock) =>
      Object.entries(lock.packages)
        .filter(([path, entry]) => path !== '' && !entry.dev)
        .map(([path, entry]) => `${path}@${entry.version}`)
        .sort();
    expect(production(shipped)).toEqual(production(tested));
    const installed = JSON.parse(await readFile(join(unpacked, 'node_modules/.package-lock.json'), 'utf8')) as Lock;
    const expected = new Set(production(tested));
    const got = production(installed);
    expect(got).toContain(`node_modules/@napi-rs/keyring@${tested.packages['node_modules/@napi-rs/keyring']?.version}`);
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
      const { stdout } = await exec('bash', [
        '-c',
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ms_auth; echo "\${COMPREPLY[@]}"`,
      ]);
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
