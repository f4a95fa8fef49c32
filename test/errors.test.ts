import { describe, expect, it } from 'vitest';
import { runExitCode, type ErrorKind } from '../src/errors.js';

describe('runExitCode()', () => {
  it.each([
    [[], 0],
    [['auth'], 4],
    [['network', 'auth'], 4],
    [['auth', 'config'], 3],
    [['network', 'store'], 5],
    [['network'], 6],
    // An unexpected failure is a bug: exit 1 (contract), whatever else went wrong.
    [['internal'], 1],
    [['config', 'internal'], 1],
  ] as Array<[ErrorKind[], number]>)('%j → %i', (failures, code) => {
    expect(runExitCode(failures)).toBe(code);
  });
});
