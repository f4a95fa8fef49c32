/**
 * Opening a URL in the operator's browser. The URL is always printed first by the
 * caller; this only tries, and says when it cannot, so no peer's classic failure
 * (spawning xdg-open on a display-less SSH session) happens here.
 */
export type OpenResult = 'opened' | 'no-display' | 'failed';

export interface Browser {
  open(url: string): Promise<OpenResult>;
}

/** Linux without X11/Wayland and without $BROWSER cannot show a browser. */
export function canShowBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (env['BROWSER']) return true;
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

export function systemBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Browser {
  return {
    async open(url) {
      if (!canShowBrowser(env, platform)) return 'no-display';
      try {
        const { default: open } = await import('open');
        const child = await open(url);
        // open() resolves once spawned; a launcher that dies at once still counts as failed.
        return await new Promise<OpenResult>((resolve) => {
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
      } catch {
        return 'failed';
      }
    },
  };
}
