/** The harness's environment for the CLI: minimal, yet enough for Windows to run programs. */
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, WINDOWS_ESSENTIALS } from './harness.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('the CLI environment in tests', () => {
  it("keeps Windows' essential variables (SystemRoot, APPDATA, LOCALAPPDATA, USERPROFILE, ComSpec, PATHEXT...)", () => {
    for (const key of WINDOWS_ESSENTIALS) process.env[key] = `value of ${key}`;
    const env = baseEnv();
    for (const key of ['SystemRoot', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'ComSpec', 'PATHEXT', 'TEMP'])
      expect(env[key]).toBe(`value of ${key}`);
  });

  it('drops what would make a run depend on the developer (display, MS_AUTH_* values)', () => {
    process.env['DISPLAY'] = ':0';
    process.env['MS_AUTH_CLIENT_SECRET'] = 'dev-secret';
    const env = baseEnv();
    expect(env['DISPLAY']).toBeUndefined();
    expect(env['MS_AUTH_CLIENT_SECRET']).toBeUndefined();
  });
});
