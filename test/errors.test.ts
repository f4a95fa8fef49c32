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
    [['internal'], 3],
  ] as Array<[ErrorKind[], number]>)('%j → %i', (failures, code) => {
    expect(runExitCode(failures)).toBe(code);
  });
});
