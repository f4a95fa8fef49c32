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
import pty from '@lydell/node-pty';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
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

/** Fails loudly when a shell the completion tests load their scripts in is not installed. */
async function requireShell(shell: string): Promise<void> {
  try {
    await exec(shell, ['-c', 'exit 0']);
  } catch {
    throw new Error(
      `${shell} is missing: the completion tests load ms-auth's script in it. Install it: apt-get install -y zsh fish (sh scripts/prepare.sh --test does).`,
    );
  }
}

/** The installed `ms-auth` on PATH: fish loads a command's completions only for a command it finds. */
const PATH_WITH_MS_AUTH = `${join(app, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}`;

/**
 * An interactive zsh in a pseudo-terminal with compinit and ms-auth's script, installed the
 * README's way (a `_ms-auth` file in $fpath) or sourced. For each line it types the line and
 * TAB, and returns what the completion system offered (every match compadd was given) and the
 * command line after it.
 */
async function zshComplete(
  script: string,
  install: 'fpath' | 'source',
  lines: string[],
): Promise<Array<{ offered: string[]; line: string }>> {
  const home = await tempDir('ms-auth-zsh-');
  const log = join(home.path, 'offered');
  await writeFile(join(home.path, '_ms-auth'), script);
  const shell = pty.spawn('zsh', ['-f', '-i'], {
    cols: 300,
    rows: 50,
    env: { PATH: PATH_WITH_MS_AUTH, HOME: home.path, TERM: 'dumb' },
  });
  let screen = '';
  shell.onData((data) => (screen += data));
  const until = async (done: () => Promise<boolean> | boolean, what: string) => {
    for (const deadline = Date.now() + 15_000; !(await done());) {
      if (Date.now() > deadline) throw new Error(`zsh: timed out waiting for ${what}. Screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  try {
    shell.write(
      [
        install === 'fpath'
          ? `fpath=(${home.path} $fpath); autoload -Uz compinit; compinit -u -D`
          : `autoload -Uz compinit; compinit -u -D; source ${home.path}/_ms-auth`,
        // Every match given to compadd, but for the calls that only compute (-O, -A, -D).
        `compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return; fi; local -a hits; builtin compadd -A hits "$@"; print -rl -- "\${hits[@]}" >> ${log}; builtin compadd "$@"; }`,
        // Ctrl-B writes the command line to the log and clears it.
        `zle -N ms_auth_line; ms_auth_line() { print -r -- "LINE<$BUFFER>" >> ${log}; BUFFER=; }; bindkey '^B' ms_auth_line`,
        'print -r -- $((6 * 7))-ready',
        '',
      ].join('\r'),
    );
    await until(() => screen.includes('42-ready'), 'compinit');
    const results: Array<{ offered: string[]; line: string }> = [];
    for (const [index, line] of lines.entries()) {
      shell.write(`${line}\t\u0002`);
      const read = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n');
      await until(async () => (await read()).filter((l) => l.startsWith('LINE<')).length > index, `the completion of "${line}"`);
      const logged = await read();
      const ends = logged.flatMap((l, at) => (l.startsWith('LINE<') ? [at] : []));
      const from = index === 0 ? 0 : (ends[index - 1] as number) + 1;
      const to = ends[index] as number;
      results.push({ offered: logged.slice(from, to), line: (logged[to] as string).slice('LINE<'.length, -1) });
    }
    return results;
  } finally {
    shell.kill();
    await home.remove();
  }
}

const COMMANDS = ['authorize-url', 'completion', 'export', 'integrations', 'push', 'revoke', 'setup', 'status', 'validate'];

describe('ms-auth completion', () => {
  it('bash: the sourced script registers itself for ms-auth and completes commands, options and option choices', async () => {
    const script = (await runCli(['completion', 'bash'], { endInput: true })).stdout;
    const complete = async (...words: string[]) => {
      const { stdout } = await exec('bash', [
        '-c',
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ms_auth; echo "\${COMPREPLY[@]}"`,
      ]);
      return stdout.trim().split(' ');
    };
    expect((await exec('bash', ['-c', `${script}\ncomplete -p ms-auth`])).stdout.trim()).toBe('complete -F _ms_auth ms-auth');
    expect(await complete('ms-auth', 'st')).toEqual(['status']);
    expect(await complete('ms-auth', 'setup', '--cloud', '')).toEqual(['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod', 'china']);
    expect(await complete('ms-auth', 'setup', '--han')).toEqual(['--handoff']);
    expect(await complete('ms-auth', 'setup', '--client-sec')).toEqual(['--client-secret-stdin']);
  });

  it.each(['fpath', 'source'] as const)(
    'zsh (%s) with compinit: completes `ms-auth se` to setup, offers every command, option and option choice',
    async (install) => {
      await requireShell('zsh');
      const script = (await runCli(['completion', 'zsh'], { endInput: true })).stdout;
      const [se, commands, clouds, handoff, status] = await zshComplete(script, install, [
        'ms-auth se',
        'ms-auth ',
        'ms-auth setup --cloud ',
        'ms-auth setup --han',
        'ms-auth status --',
      ]);
      expect(se).toEqual({ offered: ['setup'], line: 'ms-auth setup ' });
      expect(commands?.offered.sort()).toEqual(COMMANDS);
      expect(clouds?.offered).toEqual(['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod', 'china']);
      expect(handoff?.line).toBe('ms-auth setup --handoff=');
      expect(status?.offered).toEqual(expect.arrayContaining(['--all', '--online', '--authority-host', '--profile', '--json']));
      expect(status?.offered).not.toContain('--listen');
    },
  );

  it('fish (from ~/.config/fish/completions): completes `ms-auth se` to setup, offers every command, option and option choice', async () => {
    await requireShell('fish');
    const home = await tempDir('ms-auth-fish-');
    try {
      const r = await runCli(['completion', 'fish'], { endInput: true });
      await mkdir(join(home.path, '.config/fish/completions'), { recursive: true });
      await writeFile(join(home.path, '.config/fish/completions/ms-auth.fish'), r.stdout);
      const complete = async (line: string) => {
        const { stdout } = await exec('fish', ['-c', `complete -C '${line}'`], {
          env: { PATH: PATH_WITH_MS_AUTH, HOME: home.path },
        });
        return stdout
          .split('\n')
          .filter(Boolean)
          .map((candidate) => candidate.split('\t')[0]);
      };
      expect(await complete('ms-auth se')).toEqual(['setup']);
      expect((await complete('ms-auth ')).sort()).toEqual(COMMANDS);
      expect((await complete('ms-auth setup --cloud ')).sort()).toEqual(['china', 'us-dod', 'us-gcc', 'us-gcc-high', 'worldwide']);
      expect(await complete('ms-auth setup --han')).toEqual(['--handoff']);
      const status = await complete('ms-auth status --');
      expect(status).toEqual(expect.arrayContaining(['--all', '--online', '--authority-host', '--profile', '--json']));
      expect(status).not.toContain('--listen');
    } finally {
      await home.remove();
    }
  });

  it('an unknown shell is a usage error naming the shells', async () => {
    const bad = await runCli(['completion', 'tcsh'], { endInput: true });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('completion takes bash, zsh, fish');
  });
});
