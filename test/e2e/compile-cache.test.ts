/**
 * Where the installed ms-auth keeps V8's compiled code (bin/ms-auth.js): a folder of the
 * user's own, never one another account can write. Node 20 has no compile cache: there,
 * no folder is made at all.
 */
import module from 'node:module';
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from './harness.js';

const cacheAvailable = 'enableCompileCache' in module;
let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir('ms-auth-compile-cache-');
});
afterAll(async () => dir?.remove());

const filesUnder = async (path: string): Promise<string[]> =>
  (await readdir(path, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => e.name);

describe(`compile cache (this Node ${cacheAvailable ? 'has one' : 'has none'})`, () => {
  it('is kept under XDG_CACHE_HOME/ms-auth, mode 0700, when Node has one; nothing is made when it has none', async () => {
    const cacheHome = join(dir.path, 'xdg');
    expect((await runCli(['--version'], { env: { XDG_CACHE_HOME: cacheHome } })).code).toBe(0);
    const folder = join(cacheHome, 'ms-auth', 'node-compile-cache');
    if (cacheAvailable) {
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
      expect((await filesUnder(folder)).length).toBeGreaterThan(0);
    } else {
      await expect(stat(join(cacheHome, 'ms-auth'))).rejects.toThrow(/ENOENT/);
    }
  });

  it('is not used when others can write its folder', async () => {
    const cacheHome = join(dir.path, 'shared');
    const folder = join(cacheHome, 'ms-auth', 'node-compile-cache');
    await mkdir(folder, { recursive: true });
    await chmod(folder, 0o777);
    expect((await runCli(['--version'], { env: { XDG_CACHE_HOME: cacheHome } })).code).toBe(0);
    expect(await filesUnder(folder)).toEqual([]);
  });

  it('follows NODE_COMPILE_CACHE when it is set', async () => {
    const chosen = join(dir.path, 'chosen');
    const cacheHome = join(dir.path, 'unused');
    expect((await runCli(['--version'], { env: { XDG_CACHE_HOME: cacheHome, NODE_COMPILE_CACHE: chosen } })).code).toBe(0);
    expect((await filesUnder(chosen)).length > 0).toBe(cacheAvailable);
    expect(await filesUnder(cacheHome)).toEqual([]);
  });
});
