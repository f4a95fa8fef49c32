import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiKeyAccount, authHeaders, checkKeyId, nonceFrom, readAbout, xsoarTarget } from '../../src/core/xsoar-server.js';

const target = (url: string, options: { keyId?: string; account?: string } = {}) => {
  const found = xsoarTarget(url, options);
  if ('problem' in found) throw new Error(found.problem);
  return found.target;
};

describe('xsoarTarget()', () => {
  it('XSOAR 6: endpoints at the root, trailing slashes dropped, the origin keys the API key', () => {
    expect(target('https://xsoar.example.com/')).toEqual({
      url: 'https://xsoar.example.com',
      origin: 'https://xsoar.example.com',
      generation: 6,
      base: 'https://xsoar.example.com',
    });
  });

  it('XSOAR 6 multi-tenant: an account puts the endpoints under /acc_NAME', () => {
    expect(target('https://xsoar.example.com', { account: 'client01' }).base).toBe('https://xsoar.example.com/acc_client01');
  });

  it('a key ID means XSOAR 8: the host gets its api- prefix (said), paths go under /xsoar', () => {
    const t = target('https://tenant.crtx.eu.paloaltonetworks.com', { keyId: '7' });
    expect(t).toMatchObject({
      url: 'https://api-tenant.crtx.eu.paloaltonetworks.com',
      generation: 8,
      base: 'https://api-tenant.crtx.eu.paloaltonetworks.com/xsoar',
      rewrittenFrom: 'https://tenant.crtx.eu.paloaltonetworks.com',
    });
  });

  it('XSOAR 8: an api- host is kept, and a /xsoar path is not doubled', () => {
    const t = target('https://api-tenant.example.com/xsoar/', { keyId: '7' });
    expect(t.base).toBe('https://api-tenant.example.com/xsoar');
    expect(t.rewrittenFrom).toBeUndefined();
  });

  it('XSOAR 8 on a loopback or IP address: no api- rewrite (there is no such host)', () => {
    expect(target('http://127.0.0.1:8443', { keyId: '1' })).toMatchObject({
      url: 'http://127.0.0.1:8443',
      base: 'http://127.0.0.1:8443/xsoar',
    });
    expect(target('https://10.0.0.5', { keyId: '1' }).rewrittenFrom).toBeUndefined();
  });

  it.each([
    ['ftp://x.example.com', 'https:'],
    ['http://xsoar.example.com', 'http: only for localhost'],
    ['https://user:pw@xsoar.example.com', 'user name or password'],
    ['https://xsoar.example.com/?a=1', 'query'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (url, problem) => {
    const found = xsoarTarget(url, {});
    expect('problem' in found && found.problem).toContain(problem);
  });

  it('refuses an account on XSOAR 8 and an account name of the wrong shape', () => {
    expect(xsoarTarget('https://x.example.com', { keyId: '1', account: 'a' })).toHaveProperty('problem');
    expect(xsoarTarget('https://x.example.com', { account: 'a/b' })).toHaveProperty('problem');
  });
});

describe('readAbout()', () => {
  it.each([
    [{ demistoVersion: '6.13.0', productMode: 'xsoar', deploymentMode: 'opp' }, 'xsoar-6', 'XSOAR 6.13.0'],
    [{ demistoVersion: '8.6.0', productMode: 'xsoar', deploymentMode: 'saas' }, 'xsoar-8', 'XSOAR 8.6.0'],
    [{ demistoVersion: '8.6.0', productMode: 'xsiam' }, 'xsiam', 'XSIAM 8.6.0'],
    [{ demistoVersion: '8.9.0' }, 'xsoar-8', 'XSOAR 8.9.0'],
    [{ demistoVersion: '5.5.0', extra: { nested: true } }, 'xsoar-6', 'XSOAR 5.5.0'],
  ])('%j is %s', (body, kind, label) => {
    expect(readAbout(body)).toMatchObject({ kind, label });
  });

  it('an answer without demistoVersion is a problem, not a guess', () => {
    expect(readAbout({ productMode: 'xsoar' })).toHaveProperty('problem');
    expect(readAbout([])).toHaveProperty('problem');
  });
});

describe('authHeaders()', () => {
  const fresh = { nonce: 'n'.repeat(64), timestamp: 1_700_000_000_123 };

  it('XSOAR 6: the key itself, no scheme', () => {
    expect(authHeaders({ key: 'k-123456', keyType: 'standard' }, fresh)).toEqual({ Authorization: 'k-123456' });
  });

  it('XSOAR 8 standard key: the key and its ID', () => {
    expect(authHeaders({ key: 'k-123456', keyId: '42', keyType: 'standard' }, fresh)).toEqual({
      Authorization: 'k-123456',
      'x-xdr-auth-id': '42',
    });
  });

  it('XSOAR 8 advanced key: sha256(key + nonce + timestamp) in hex, with nonce and millisecond timestamp', () => {
    const headers = authHeaders({ key: 'k-123456', keyId: '42', keyType: 'advanced' }, fresh);
    expect(headers).toEqual({
      Authorization: createHash('sha256')
        .update(`k-123456${'n'.repeat(64)}1700000000123`)
        .digest('hex'),
      'x-xdr-auth-id': '42',
      'x-xdr-nonce': 'n'.repeat(64),
      'x-xdr-timestamp': '1700000000123',
    });
    expect(JSON.stringify(headers)).not.toContain('k-123456');
  });

  it('nonceFrom() gives 64 characters of [A-Za-z0-9]', () => {
    expect(nonceFrom(new Uint8Array(64).map((_, i) => i * 7))).toMatch(/^[A-Za-z0-9]{64}$/);
  });
});

describe('server values', () => {
  it('the API key is stored per server origin', () => {
    expect(apiKeyAccount('https://xsoar.example.com')).toBe('xsoar-api-key:https://xsoar.example.com');
  });

  it('checkKeyId() takes the numeric key ID only', () => {
    expect(checkKeyId('17')).toBeUndefined();
    expect(checkKeyId('abc')).toContain('numeric');
  });
});
