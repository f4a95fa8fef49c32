/**
 * authorize-url through the built CLI: the URL alone on stdout, exactly as the
 * contract spells it; PKCE verifier and challenge that match; clouds and catalog.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

const ids = ['--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555'];

describe('ms-auth authorize-url', () => {
  it('prints one line on stdout and nothing on stderr', async () => {
    const r = await runCli(
      ['authorize-url', ...ids, '--scope', 'User.Read', 'offline_access', '--scope', 'Mail.Send', '--state', 's1', '--prompt', 'consent'],
      { endInput: true },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?response_type=code&client_id=11111111-2222-3333-4444-555555555555' +
        '&redirect_uri=https%3A%2F%2Flocalhost%2Fmyapp&scope=offline_access%20User.Read%20Mail.Send&state=s1&prompt=consent\n',
    );
  });

  it('--json --pkce gives the URL and a verifier whose S256 is the challenge', async () => {
    const r = await runCli(['authorize-url', ...ids, '--scope', 'User.Read', '--pkce', '--json'], { endInput: true });
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['codeVerifier', 'url']);
    const challenge = new URL(out.url).searchParams.get('code_challenge');
    expect(challenge).toBe(createHash('sha256').update(out.codeVerifier).digest('base64url'));
    expect(new URL(out.url).searchParams.get('code_challenge_method')).toBe('S256');
  });

  it("--integration fills the integration's scope for the chosen cloud and login host", async () => {
    const r = await runCli(['authorize-url', ...ids, '--integration', 'microsoft-atp', '--cloud', 'us-gcc-high'], { endInput: true });
    const url = new URL(r.stdout.trim());
    expect(url.origin).toBe('https://login.microsoftonline.us');
    expect(url.searchParams.get('scope')).toBe('offline_access https://securitycenter.onmicrosoft.us/windowsatpservice/.default');
    const china = await runCli(['authorize-url', ...ids, '--integration', 'msgraph-user', '--cloud', 'china'], { endInput: true });
    expect(new URL(china.stdout.trim()).searchParams.get('scope')).toBe('offline_access https://microsoftgraph.chinacloudapi.cn/.default');
  });

  it.each([
    [['--authority-host', 'http://login.example.com', '--scope', 'x'], /http: only for localhost/],
    [['--scope', 'a b'], /--scope: A scope must be one value per entry/],
    [[], /Give the scopes/],
    [['--integration', 'nope'], /Unknown integration "nope"/],
    [['--integration', 'azure-sentinel'], /has no authorization-code flow/],
    [['--redirect-uri', 'http://example.com/cb', '--scope', 'x'], /http: only for localhost/],
    [['--cloud', 'germany', '--scope', 'x'], /Allowed choices are worldwide, us-gcc/],
  ])('refuses %j with exit 2', async (extra, message) => {
    const r = await runCli(['authorize-url', ...ids, ...extra], { endInput: true });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a usage error with --json is one JSON document on stdout', async () => {
    const r = await runCli(
      ['authorize-url', '--json', '--tenant', 'common', '--client-id', '11111111-2222-3333-4444-555555555555', '--scope', 'x'],
      { endInput: true },
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'usage' } });
  });

  it('colour follows FORCE_COLOR on a pipe, and NO_COLOR or --no-color turn it off', async () => {
    const args = ['authorize-url', '--tenant', 'common', '--client-id', '11111111-2222-3333-4444-555555555555', '--scope', 'x'];
    const coloured = await runCli(args, { endInput: true, env: { FORCE_COLOR: '1' } });
    expect(coloured.stderr).toContain('\u001b[31m✗');
    for (const off of [
      { env: { FORCE_COLOR: '1', NO_COLOR: '1' }, extra: [] },
      { env: { FORCE_COLOR: '1' }, extra: ['--no-color'] },
    ]) {
      const plain = await runCli([...args, ...off.extra], { endInput: true, env: off.env });
      expect(plain.code).toBe(2);
      expect(plain.stderr).not.toContain('\u001b[');
    }
  });
});
