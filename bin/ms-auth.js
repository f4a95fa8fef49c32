#!/usr/bin/env node
import module from 'node:module';

/**
 * The user's own cache folder for ms-auth's compiled code (Windows: local app data; macOS:
 * Caches; else XDG), made 0700 and used only if it is the user's and nobody else can write it.
 */
function compileCacheDir() {
  // Taken only here: importing node:fs, node:os and node:path costs every run milliseconds.
  const fs = process.getBuiltinModule('node:fs');
  const { homedir } = process.getBuiltinModule('node:os');
  const { isAbsolute, join } = process.getBuiltinModule('node:path');
  const env = process.env;
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  const base =
    process.platform === 'win32'
      ? env.LOCALAPPDATA
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (xdg ?? join(homedir(), '.cache'));
  if (!base) return undefined;
  const dir = join(base, 'ms-auth', 'node-compile-cache');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = fs.statSync(dir);
  return process.platform === 'win32' || (info.uid === process.getuid?.() && (info.mode & 0o022) === 0) ? dir : undefined;
}

// Node 22.3+ keeps V8's compiled code of dist/ between runs, which starts every run sooner
// (Node 20 has no such cache). Not in Node's default, the temp folder every account shares:
// code another account planted there would run as ms-auth, with its access to the keychain.
// NODE_COMPILE_CACHE, when set, is the user's choice.
if (module.enableCompileCache && process.getBuiltinModule) {
  if (process.env.NODE_COMPILE_CACHE) module.enableCompileCache();
  else {
    try {
      const dir = compileCacheDir();
      if (dir) module.enableCompileCache(dir);
    } catch {
      // No cache folder to be had: ms-auth runs without one.
    }
  }
}
await import('../dist/cli.js');
