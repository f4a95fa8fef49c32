/**
 * vitest globalSetup: the suite runs against the package as users get it, not against
 * dist/ of the checkout. Once per run it packs the checkout (dist/ built by `npm run
 * build`) and installs the tarball with --omit=dev and an empty npm cache of its own into
 * an empty directory (what a fresh machine sees: every dependency comes from the
 * registry); the harness runs that installed `ms-auth` (inject('installed')). A package
 * that does not pack or install fails the whole run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

export interface Installed {
  /** The tarball `npm pack` made. */
  tarball: string;
  /** The directory it was installed into (node_modules/ms-auth, node_modules/.bin/ms-auth). */
  app: string;
  /** The installed bin script, run with `node`. */
  cli: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    installed: Installed;
  }
}

// npm passes its own settings to scripts as npm_config_* variables (an outer --offline or cache among
// them): none of them may decide what these installs see.
const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));

/** `npm ARGS` in `cwd` with --omit=dev and an empty cache of its own; resolves the cache's entries. */
export async function npmInstall(cwd: string, args: string[]): Promise<string[]> {
  const cache = join(cwd, '..', `${basename(cwd)}-npm-cache`);
  await mkdir(cache);
  await exec('npm', [...args, '--cache', cache, '--omit=dev', '--engine-strict', '--no-audit', '--no-fund', '--no-update-notifier'], {
    cwd,
    env: npmEnv(),
    maxBuffer: 16 * 1024 * 1024,
  });
  return readdir(cache);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does it).');
  const dir = await mkdtemp(join(tmpdir(), 'ms-auth-installed-'));
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, env: npmEnv() });
  const tarball = join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]?.filename ?? '');
  const app = join(dir, 'app');
  await mkdir(app);
  const cache = await npmInstall(app, ['install', '--prefix', app, tarball]);
  if (cache.length === 0) throw new Error('npm installed the package without filling its empty cache: the registry was not asked.');
  const cli = join(app, 'node_modules/ms-auth/bin/ms-auth.js');
  if (!existsSync(cli)) throw new Error(`npm install left no ${cli}`);
  project.provide('installed', { tarball, app, cli });
  return () => rm(dir, { recursive: true, force: true });
}
