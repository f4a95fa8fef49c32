/**
 * --insecure-storage on Windows: secrets.json in the local, non-roaming app data folder,
 * its access list cut down to the user with icacls, or a clear warning.
 */
import { describe, expect, it } from 'vitest';
import { insecureStorageDir, restrictToUser, type Run } from '../../src/io/insecure-location.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tempDir = async () => {
  const path = await mkdtemp(join(tmpdir(), 'ms-auth-acl-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
};

const WIN_ENV = {
  LOCALAPPDATA: 'C:\\Users\\op\\AppData\\Local',
  APPDATA: 'C:\\Users\\op\\AppData\\Roaming',
  USERDOMAIN: 'CORP',
  USERNAME: 'op',
  SystemRoot: 'C:\\Windows',
};

describe('where --insecure-storage keeps secrets', () => {
  it('Windows: the local app data folder, not the roaming config dir', () => {
    expect(insecureStorageDir('C:\\Users\\op\\AppData\\Roaming\\ms-auth\\Config', false, WIN_ENV, 'win32')).toBe(
      'C:\\Users\\op\\AppData\\Local\\ms-auth',
    );
  });

  it('a config dir chosen by the operator, and other platforms: beside the config', () => {
    expect(insecureStorageDir('D:\\ops\\ms-auth', true, WIN_ENV, 'win32')).toBe('D:\\ops\\ms-auth');
    expect(insecureStorageDir('/home/op/.config/ms-auth', false, {}, 'linux')).toBe('/home/op/.config/ms-auth');
  });
});

describe('restricting the folder to the user', () => {
  it('Windows: icacls from the system folder drops inherited entries and grants the user alone', async () => {
    const dir = await tempDir();
    const calls: Array<[string, string[]]> = [];
    const run: Run = async (command, args) => void calls.push([command, args]);
    try {
      expect(await restrictToUser(dir.path, WIN_ENV, 'win32', run)).toBeUndefined();
      expect(calls).toEqual([['C:\\Windows\\System32\\icacls.exe', [dir.path, '/inheritance:r', '/grant:r', 'CORP\\op:(OI)(CI)F']]]);
    } finally {
      await dir.remove();
    }
  });

  it('Windows: a failing icacls becomes a warning naming the folder', async () => {
    const dir = await tempDir();
    try {
      const warning = await restrictToUser(dir.path, WIN_ENV, 'win32', async () => {
        throw new Error('Access is denied.');
      });
      expect(warning).toContain(`Could not limit ${dir.path} to your Windows account`);
    } finally {
      await dir.remove();
    }
  });

  it('elsewhere nothing is run or created (file-store.ts makes the file 0600 in a 0700 folder)', async () => {
    const dir = await tempDir();
    try {
      expect(await restrictToUser(dir.path, {}, 'linux', async () => expect.unreachable())).toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});
