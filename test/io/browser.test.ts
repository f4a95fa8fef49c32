/**
 * How a URL is opened on each platform: the command chosen (never a shell, never an
 * encoded PowerShell command), SSH sessions treated as having no display on every OS,
 * WSL going through the Windows side when it can reach it.
 */
import { describe, expect, it } from 'vitest';
import { chooseLaunch, isWsl, launchableUrl } from '../../src/io/browser.js';

const SSH = { SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22' };

describe('the browser command per platform', () => {
  it('Windows: rundll32 url.dll,FileProtocolHandler from the system folder, no shell or PowerShell', () => {
    expect(chooseLaunch({ platform: 'win32', env: { SystemRoot: 'D:\\Win' } })).toEqual({
      kind: 'spawn',
      command: 'D:\\Win\\System32\\rundll32.exe',
      args: ['url.dll,FileProtocolHandler'],
    });
  });

  it('Windows and WSL: $BROWSER is run itself, with the URL as its one argument', () => {
    expect(chooseLaunch({ platform: 'win32', env: { BROWSER: 'C:\\Tools\\firefox.exe' } })).toEqual({
      kind: 'spawn',
      command: 'C:\\Tools\\firefox.exe',
      args: [],
    });
    expect(chooseLaunch({ platform: 'linux', env: { BROWSER: '/usr/bin/wslview' }, wsl: true })).toMatchObject({
      kind: 'spawn',
      command: '/usr/bin/wslview',
    });
  });

  it('macOS and a Linux desktop use the open package', () => {
    expect(chooseLaunch({ platform: 'darwin', env: {} })).toEqual({ kind: 'open-package' });
    expect(chooseLaunch({ platform: 'linux', env: { DISPLAY: ':0' } })).toEqual({ kind: 'open-package' });
    expect(chooseLaunch({ platform: 'linux', env: {} })).toEqual({ kind: 'no-display' });
  });

  it('an SSH session has no display on every OS, even with X forwarding; $BROWSER still wins', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const)
      expect(chooseLaunch({ platform, env: { ...SSH, DISPLAY: 'localhost:10.0' } })).toEqual({ kind: 'no-display' });
    expect(chooseLaunch({ platform: 'linux', env: { SSH_TTY: '/dev/pts/1' } })).toEqual({ kind: 'no-display' });
    expect(chooseLaunch({ platform: 'darwin', env: { SSH_CLIENT: '10.0.0.2 50000 22' } })).toEqual({ kind: 'no-display' });
    expect(chooseLaunch({ platform: 'linux', env: { ...SSH, BROWSER: '/usr/bin/lynx' } })).toEqual({ kind: 'open-package' });
  });

  it('WSL opens through Windows when its rundll32 is reachable, else follows the Linux rules', () => {
    const rundll32 = '/mnt/c/Windows/System32/rundll32.exe';
    expect(chooseLaunch({ platform: 'linux', env: {}, wsl: true, wslRundll32: rundll32 })).toEqual({
      kind: 'spawn',
      command: rundll32,
      args: ['url.dll,FileProtocolHandler'],
    });
    expect(chooseLaunch({ platform: 'linux', env: {}, wsl: true })).toEqual({ kind: 'no-display' });
    expect(chooseLaunch({ platform: 'linux', env: { DISPLAY: ':0' }, wsl: true })).toEqual({ kind: 'open-package' });
  });
});

describe('detection', () => {
  it('WSL: by its variables or a Microsoft kernel, only on Linux', () => {
    expect(isWsl('linux', { WSL_DISTRO_NAME: 'Ubuntu' }, undefined)).toBe(true);
    expect(isWsl('linux', {}, 'Linux version 5.15.167.4-microsoft-standard-WSL2 (root@host)')).toBe(true);
    expect(isWsl('linux', {}, 'Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)')).toBe(false);
    expect(isWsl('win32', { WSL_DISTRO_NAME: 'Ubuntu' }, undefined)).toBe(false);
  });

  it('only a plain http(s) URL without spaces or quotes is handed to a program', () => {
    expect(launchableUrl('https://login.microsoftonline.com/t/oauth2/v2.0/authorize?a=1&scope=offline_access%20User.Read')).toBe(true);
    expect(launchableUrl('https://x.example/"&calc.exe')).toBe(false);
    expect(launchableUrl('https://x.example/a b')).toBe(false);
    expect(launchableUrl('file:///C:/Windows/System32/calc.exe')).toBe(false);
  });
});
