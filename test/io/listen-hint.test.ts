/** A refused loopback port explained per platform: Hyper-V's reserved ranges on Windows. */
import { describe, expect, it } from 'vitest';
import { listenDeniedHint } from '../../src/io/listen-hint.js';

describe('a refused loopback port', () => {
  it('on Windows names the netsh command that lists Hyper-V reserved ranges, not privileges', () => {
    const hint = listenDeniedHint(50123, 'win32');
    expect(hint).toContain('netsh interface ipv4 show excludedportrange protocol=tcp');
    expect(hint).toContain('Port 50123');
    expect(hint).not.toContain('privileges');
  });

  it('elsewhere says ports below 1024 need privileges', () => {
    expect(listenDeniedHint(80, 'linux')).toContain('Ports below 1024 need privileges');
  });
});
