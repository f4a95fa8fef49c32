/**
 * Opening a URL in the operator's browser. The URL is always printed first by the
 * caller; this only tries, and says when it cannot, so no peer's classic failure
 * (spawning xdg-open on a display-less SSH session) happens here.
 *
 * Per platform: an SSH session has no display of ours on any OS (unless $BROWSER says
 * what to run). Windows opens the URL with `rundll32 url.dll,FileProtocolHandler`, run
 * without a shell, so nothing in the URL is interpreted and no encoded PowerShell
 * command (which endpoint protection blocks) is involved; WSL does the same through
 * the Windows side when it can reach it. macOS and Linux desktops use the `open`
 * package (`open`, `xdg-open`, which honours $BROWSER).
 */
import { existsSync, readFileSync } from 'node:fs';

export type OpenResult = 'opened' | 'no-display' | 'failed';

export interface Browser {
  open(url: string): Promise<OpenResult>;
}

/** What decides how a URL is opened here. */
export interface Host {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Under WSL: Windows' rundll32.exe as seen from Linux, when Windows interop is available. */
  wslRundll32?: string | undefined;
  /** Running under WSL (Linux on Windows). */
  wsl?: boolean;
}

export type Launch = { kind: 'no-display' } | { kind: 'open-package' } | { kind: 'spawn'; command: string; args: string[] };

export const inSshSession = (env: NodeJS.ProcessEnv): boolean => Boolean(env['SSH_CONNECTION'] || env['SSH_CLIENT'] || env['SSH_TTY']);

/** WSL: its variables, or a kernel that says it is Microsoft's. */
export function isWsl(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, kernel: string | undefined): boolean {
  return platform === 'linux' && Boolean(env['WSL_DISTRO_NAME'] || env['WSL_INTEROP'] || /microsoft/i.test(kernel ?? ''));
}

const FILE_PROTOCOL_HANDLER = 'url.dll,FileProtocolHandler';

export function chooseLaunch(host: Host): Launch {
  const { platform, env } = host;
  const windows = platform === 'win32' || Boolean(host.wsl);
  const browser = env['BROWSER'];
  if (browser) return windows ? { kind: 'spawn', command: browser, args: [] } : { kind: 'open-package' };
  if (inSshSession(env)) return { kind: 'no-display' };
  if (platform === 'win32') {
    const root = env['SystemRoot'] ?? env['SYSTEMROOT'] ?? 'C:\\Windows';
    return { kind: 'spawn', command: `${root}\\System32\\rundll32.exe`, args: [FILE_PROTOCOL_HANDLER] };
  }
  if (host.wsl && host.wslRundll32) return { kind: 'spawn', command: host.wslRundll32, args: [FILE_PROTOCOL_HANDLER] };
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return { kind: 'open-package' };
  return env['DISPLAY'] || env['WAYLAND_DISPLAY'] ? { kind: 'open-package' } : { kind: 'no-display' };
}

/** This machine, looked at once: WSL and its way to Windows. */
export function currentHost(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Host {
  if (platform !== 'linux') return { platform, env };
  let kernel: string | undefined;
  try {
    kernel = readFileSync('/proc/version', 'utf8');
  } catch {
    kernel = undefined;
  }
  const wsl = isWsl(platform, env, kernel);
  const rundll32 = '/mnt/c/Windows/System32/rundll32.exe';
  return { platform, env, wsl, wslRundll32: wsl && existsSync(rundll32) ? rundll32 : undefined };
}

/** Whether a browser can be shown here (else setup prefers the device code flow). */
export function canShowBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  return chooseLaunch(currentHost(env, platform)).kind !== 'no-display';
}

/**
 * Only a plain http(s) URL of printable ASCII without quotes or spaces is handed to a
 * program: nothing in it can then be taken for another argument on a Windows command line.
 */
export const launchableUrl = (url: string): boolean => /^https?:\/\/[\x21-\x7e]+$/.test(url) && !url.includes('"');

/** Settles once the launcher failed, exited, or had time to hand over (1.5 s). */
function watch(child: {
  once(event: 'error', listener: () => void): unknown;
  once(event: 'exit', listener: (code: number | null) => void): unknown;
}): Promise<OpenResult> {
  return new Promise<OpenResult>((resolve) => {
    const settle = (result: OpenResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    // Kept referenced: the launcher is detached, and this wait is what keeps the
    // process alive until it has either failed or had time to hand over.
    const timer = setTimeout(() => settle('opened'), 1500);
    child.once('error', () => settle('failed'));
    child.once('exit', (code) => settle(code === 0 || code === null ? 'opened' : 'failed'));
  });
}

export function systemBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Browser {
  return {
    async open(url) {
      const launch = chooseLaunch(currentHost(env, platform));
      if (launch.kind === 'no-display') return 'no-display';
      try {
        if (launch.kind === 'spawn') {
          if (!launchableUrl(url)) return 'failed';
          // Loaded here: node:child_process takes milliseconds that setup's first question should not wait for.
          const { spawn } = await import('node:child_process');
          return await watch(spawn(launch.command, [...launch.args, url], { stdio: 'ignore', windowsHide: true, shell: false }));
        }
        const { default: open } = await import('open');
        // open() resolves once spawned; a launcher that dies at once still counts as failed.
        return await watch(await open(url));
      } catch {
        return 'failed';
      }
    },
  };
}
