import { describe, expect, it } from 'vitest';
import { checkClientId, checkProfileName, checkRedirectUri, checkScope, checkSecret, checkTenant } from '../../src/core/validate.js';
import { checkXsoarId, checkXsoarKey, checkXsoarToken } from '../../src/core/xsoar-app.js';

describe('validators', () => {
  it('checkTenant() takes a GUID or a verified domain, not common/organizations', () => {
    expect(checkTenant('72f988bf-86f1-41af-91ab-2d7cd011db47')).toBeUndefined();
    expect(checkTenant('contoso.onmicrosoft.com')).toBeUndefined();
    expect(checkTenant('common')).toMatch(/not "common"/);
    expect(checkTenant('contoso')).toMatch(/GUID\) or a verified domain/);
  });

  it('checkClientId() wants a GUID', () => {
    expect(checkClientId('11111111-2222-3333-4444-555555555555')).toBeUndefined();
    expect(checkClientId('my-app')).toMatch(/must be a GUID/);
  });

  it('checkRedirectUri() follows Entra: https, or http on loopback; exact canonical form', () => {
    expect(checkRedirectUri('https://localhost/myapp')).toBeUndefined();
    expect(checkRedirectUri('http://localhost:8400/callback')).toBeUndefined();
    expect(checkRedirectUri('http://127.0.0.1:8400/cb')).toBeUndefined();
    expect(checkRedirectUri('http://example.com/cb')).toMatch(/http: only for localhost/);
    // a query is allowed (Entra matches it exactly), in the exact form sent to Entra
    expect(checkRedirectUri('https://example.com/cb?x=1')).toBeUndefined();
    expect(checkRedirectUri('https://example.com/cb?tenant=contoso&x=a%20b')).toBeUndefined();
    expect(checkRedirectUri('https://example.com/cb?x=a b')).toMatch(/exact form/);
    expect(checkRedirectUri('https://user:pw@example.com/cb')).toMatch(/credentials/);
    expect(checkRedirectUri('https://example.com/cb?x=1#y')).toMatch(/fragment/);
    expect(checkRedirectUri('https://example.com/cb#x')).toMatch(/fragment/);
    expect(checkRedirectUri('ftp://example.com/')).toMatch(/must use https/);
    expect(checkRedirectUri('localhost/myapp')).toMatch(/absolute URL/);
    expect(checkRedirectUri('http://localhost:8400')).toBe(
      'Write the redirect URI as http://localhost:8400/ (the exact form sent to Entra).',
    );
  });

  it('checkScope() takes one scope without spaces or quotes', () => {
    expect(checkScope('https://graph.microsoft.com/.default')).toBeUndefined();
    expect(checkScope('User.Read')).toBeUndefined();
    expect(checkScope('User.Read Mail.Send')).toMatch(/one value per entry/);
    expect(checkScope('"x"')).toMatch(/without spaces, quotes/);
  });

  it('checkProfileName() follows the contract pattern', () => {
    expect(checkProfileName('prod_graph-1.x')).toBeUndefined();
    expect(checkProfileName('a'.repeat(65))).toMatch(/1-64/);
    expect(checkProfileName('a b')).toMatch(/letters, digits/);
  });

  it('checkSecret() wants a value without whitespace inside', () => {
    expect(checkSecret('Client secret')('')).toBe('Client secret is required.');
    expect(checkSecret('Client secret')('ab cd')).toMatch(/must not contain spaces/);
    expect(checkSecret('Client secret')('abc~def')).toBeUndefined();
  });

  it('XSOAR ID, Token and Key shapes', () => {
    expect(checkXsoarId('abc123')).toBeUndefined();
    expect(checkXsoarId('abc123@https://oproxy.example/token')).toBeUndefined();
    expect(checkXsoarId('abc@http://x')).toMatch(/https URL/);
    expect(checkXsoarId('')).toBe('ID is required.');
    expect(checkXsoarToken('a b')).toMatch(/Token must not contain spaces/);
    expect(checkXsoarKey(Buffer.alloc(32, 7).toString('base64'))).toBeUndefined();
    expect(checkXsoarKey(Buffer.alloc(16, 7).toString('base64'))).toBeUndefined();
    expect(checkXsoarKey(Buffer.alloc(20, 7).toString('base64'))).toBe('Key must encode 16, 24 or 32 bytes (this one has 20).');
    expect(checkXsoarKey('not_base64!!')).toMatch(/standard base64/);
  });
});
