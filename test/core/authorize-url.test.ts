import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, scopeList } from '../../src/core/authorize-url.js';
import { authorityOrigin, checkAuthorityHost, endpoints } from '../../src/core/authority.js';

const base = {
  origin: 'https://login.microsoftonline.com',
  tenant: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  redirectUri: 'https://localhost/myapp',
};

describe('buildAuthorizeUrl()', () => {
  it('matches the URL XSOAR documents, offline_access first and %20 between scopes', () => {
    const url = buildAuthorizeUrl({ ...base, scopes: ['directory.accessasuser.all'] });
    expect(url).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?response_type=code' +
        '&client_id=11111111-2222-3333-4444-555555555555&redirect_uri=https%3A%2F%2Flocalhost%2Fmyapp' +
        '&scope=offline_access%20directory.accessasuser.all',
    );
  });

  it('percent-encodes a redirect URI that carries a query, so it comes back exactly as registered', () => {
    const redirectUri = 'https://xsoar.example.com/cb?tenant=contoso&x=a%20b';
    const raw = buildAuthorizeUrl({ ...base, redirectUri, scopes: ['User.Read'] });
    expect(raw).toContain('&redirect_uri=https%3A%2F%2Fxsoar.example.com%2Fcb%3Ftenant%3Dcontoso%26x%3Da%2520b&');
    expect(new URL(raw).searchParams.get('redirect_uri')).toBe(redirectUri);
  });

  it('names each scope once, offline_access only first, whatever its case', () => {
    const url = new URL(buildAuthorizeUrl({ ...base, scopes: ['User.Read', 'OFFLINE_ACCESS', 'user.read', 'Mail.Send'] }));
    expect(url.searchParams.get('scope')).toBe('offline_access User.Read Mail.Send');
    expect(scopeList([])).toEqual(['offline_access']);
  });

  it('adds state, prompt and an S256 challenge only when given', () => {
    const url = new URL(buildAuthorizeUrl({ ...base, scopes: ['User.Read'], state: 'a b&c', prompt: 'consent', codeChallenge: 'xyz' }));
    expect(url.searchParams.get('state')).toBe('a b&c');
    expect(url.search).toContain('state=a%20b%26c');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('code_challenge')).toBe('xyz');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const plain = new URL(buildAuthorizeUrl({ ...base, scopes: ['User.Read'] }));
    expect([...plain.searchParams.keys()]).toEqual(['response_type', 'client_id', 'redirect_uri', 'scope']);
  });

  it('uses the login host of each national cloud', () => {
    expect(authorityOrigin('us-gcc-high')).toBe('https://login.microsoftonline.us');
    expect(authorityOrigin('us-dod')).toBe('https://login.microsoftonline.us');
    expect(authorityOrigin('china')).toBe('https://login.chinacloudapi.cn');
    expect(authorityOrigin('us-gcc')).toBe('https://login.microsoftonline.com');
    expect(authorityOrigin('china', 'http://127.0.0.1:9999')).toBe('http://127.0.0.1:9999');
    expect(endpoints('https://login.microsoftonline.us', 'x.onmicrosoft.us').token).toBe(
      'https://login.microsoftonline.us/x.onmicrosoft.us/oauth2/v2.0/token',
    );
  });
});

describe('checkAuthorityHost()', () => {
  it('accepts https hosts and http loopback hosts, as an origin', () => {
    expect(checkAuthorityHost('https://login.example.com:8443')).toEqual({ origin: 'https://login.example.com:8443' });
    expect(checkAuthorityHost('http://127.0.0.1:5000/')).toEqual({ origin: 'http://127.0.0.1:5000' });
    expect(checkAuthorityHost('http://localhost:5000')).toEqual({ origin: 'http://localhost:5000' });
    expect(checkAuthorityHost('http://[::1]:5000')).toEqual({ origin: 'http://[::1]:5000' });
  });

  it.each([
    ['http://login.example.com', /only for localhost/],
    ['https://login.example.com/tenant', /without a path/],
    ['https://user:pw@login.example.com', /credentials/],
    ['ftp://login.example.com', /https:/],
    ['not a url', /must be a URL/],
  ])('refuses %s, naming no flag (a profile field is checked the same way)', (value, message) => {
    const result = checkAuthorityHost(value);
    expect('problem' in result && result.problem).toMatch(message);
    expect('problem' in result && result.problem).not.toContain('--');
  });
});
