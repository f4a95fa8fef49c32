/**
 * The config store's file handling on the platforms operators have: configs written
 * with a byte-order mark or in UTF-16 (PowerShell 5.1's `>`), a rename that Windows
 * refuses for a moment, a lock that cannot be removed, a directory that refuses files.
 */
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkConfigDir, decodeText, loadCheckedProfile, readConfig, renameWithRetry, withLock } from '../../src/io/config-store.js';
import { reusableProfile } from '../../src/core/profile.js';
import { customerProfile } from '../fakes.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ms-auth-store-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const document = '{"version": 1, "profiles": {"café": {"method": "xsoar-app"}}}';

describe('reading a config in any encoding an editor or shell writes', () => {
  const encodings: Array<[string, Buffer]> = [
    ['UTF-8', Buffer.from(document, 'utf8')],
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(document, 'utf8')])],
    ['UTF-16 LE with a byte-order mark (PowerShell 5.1)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(document, 'utf16le')])],
    ['UTF-16 BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(document, 'utf16le').swap16()])],
  ];
  it.each(encodings)('%s', async (_, bytes) => {
    expect(decodeText(bytes)).toBe(document);
    await writeFile(join(dir, 'config.json'), bytes);
    await chmod(dir, 0o700);
    expect(Object.keys((await readConfig(dir)).profiles)).toEqual(['café']);
  });
});

describe('renameWithRetry()', () => {
  const busy = (code: string) => Object.assign(new Error(code), { code });

  it('retries while Windows says EPERM or EBUSY (a scanner holding the file), then succeeds', async () => {
    const codes = ['EPERM', 'EBUSY', 'EACCES'];
    const waits: number[] = [];
    let calls = 0;
    await renameWithRetry(
      'a',
      'b',
      async () => {
        calls++;
        const code = codes.shift();
        if (code) throw busy(code);
      },
      async (ms) => void waits.push(ms),
    );
    expect(calls).toBe(4);
    expect(waits).toEqual([10, 20, 40]);
  });

  it('gives up after about a second of refusals, and never retries other errors', async () => {
    let calls = 0;
    await expect(
      renameWithRetry(
        'a',
        'b',
        async () => {
          calls++;
          throw busy('EPERM');
        },
        async () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'EPERM' });
    expect(calls).toBe(8);
    calls = 0;
    await expect(
      renameWithRetry(
        'a',
        'b',
        async () => {
          calls++;
          throw busy('ENOENT');
        },
        async () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'ENOENT' });
    expect(calls).toBe(1);
  });
});

describe('the lock', () => {
  it('a lock file that cannot be removed after the work never turns the saved work into a failure', async () => {
    const path = join(dir, 'config.json');
    const lock = `${path}.lock`;
    // Once the work is done the lock cannot be removed (here: something put a directory in its place).
    const result = await withLock(path, async () => {
      await rm(lock);
      await mkdir(lock);
      await writeFile(join(lock, 'held'), '');
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(await readdir(dir)).toContain('config.json.lock');
  });
});

describe('checkConfigDir()', () => {
  it('proves writability with a probe file it removes again', async () => {
    await chmod(dir, 0o700);
    await checkConfigDir(join(dir, 'not-yet', 'ms-auth'));
    expect(await readdir(dir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')(
    'a probe name planted in advance (a symlink) is refused, never written through, and another name is tried',
    async () => {
      await chmod(dir, 0o700);
      const target = join(dir, 'target');
      await writeFile(target, 'untouched');
      const planted = 0.25;
      await symlink(target, join(dir, `.ms-auth-probe-${process.pid}-${planted.toString(36).slice(2)}`));
      const random = vi.spyOn(Math, 'random').mockReturnValueOnce(planted).mockReturnValueOnce(0.5);
      try {
        await checkConfigDir(dir);
      } finally {
        random.mockRestore();
      }
      expect(await readFile(target, 'utf8')).toBe('untouched');
      expect((await readdir(dir)).sort()).toEqual([`.ms-auth-probe-${process.pid}-${planted.toString(36).slice(2)}`, 'target']);
    },
  );

  it('a directory that refuses new files is unusable (exit 3), whatever its mode bits say', async () => {
    // A file where a parent directory should be refuses every new file beneath it.
    await writeFile(join(dir, 'file'), 'x');
    await expect(checkConfigDir(join(dir, 'file', 'ms-auth'))).rejects.toMatchObject({ kind: 'config', code: 'config_dir_unusable' });
    expect(await readFile(join(dir, 'file'), 'utf8')).toBe('x');
  });
});

describe('loadCheckedProfile() (export, push)', () => {
  const write = async (profile: Record<string, unknown>) => {
    await chmod(dir, 0o700);
    await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, profiles: { p: profile } }), { mode: 0o600 });
  };

  it('a profile with what ms-auth never writes (control characters, a parameter that is not text, a bad client ID) is refused (exit 3), each problem named', async () => {
    await write({ ...customerProfile(1, 'client-credentials'), clientId: 'not-a-guid', params: { limit: 50, note: 'a\u001b[8mb' } });
    const refused = loadCheckedProfile(dir, 'p');
    await expect(refused).rejects.toMatchObject({ kind: 'config', code: 'params_invalid' });
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toContain('profiles.p.clientId: ');
    expect(message).toContain('profiles.p.params.limit');
    expect(message).toContain('profiles.p.params.note: params.note holds control characters or escape sequences');
    expect(message).not.toContain('\u001b');
  });

  it('problems an operator may have chosen (scopes short of the catalog, an unknown field, a login host given at run time) do not stop it', async () => {
    const chosen = {
      ...customerProfile(2, 'auth-code'),
      scopes: ['https://graph.microsoft.com/User.Read'],
      note: 'mine',
      authorityHost: 'https://login.example.com',
    };
    await write(chosen);
    expect(await loadCheckedProfile(dir, 'p')).toEqual(chosen);
  });
});

describe('reusableProfile() (what setup offers again)', () => {
  it('leaves out every text holding control characters or escape sequences, at any depth, and keeps the rest', () => {
    const saved = {
      ...customerProfile(3, 'client-credentials'),
      tenantId: 'contoso\u001b]0;x\u0007.onmicrosoft.com',
      scopes: ['https://graph.microsoft.com/.default', '\u009b31m'],
      params: { cluster_url: 'https://help.kusto.windows.net', limit: '\u008550' },
    };
    const { tenantId, ...rest } = saved;
    expect(tenantId).toBeDefined();
    expect(reusableProfile(saved)).toEqual({
      ...rest,
      scopes: ['https://graph.microsoft.com/.default'],
      params: { cluster_url: 'https://help.kusto.windows.net' },
    });
  });

  it('drops where the profile was pushed as a whole when any part of it holds one (a server without its URL is no memory)', () => {
    const pushed = { ...customerProfile(4, 'client-credentials'), xsoar: { url: 'https://xsoar.example.com', instance: 'i\u001b[8m' } };
    expect(reusableProfile(pushed).xsoar).toBeUndefined();
    const clean = { ...pushed, xsoar: { url: 'https://xsoar.example.com', instance: 'i' } };
    expect(reusableProfile(clean).xsoar).toEqual(clean.xsoar);
  });
});
