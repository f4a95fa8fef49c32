import { describe, expect, it } from 'vitest';
import { parseCallback } from '../../src/core/callback.js';

const CODE = '0.AXoAabc-DEF_ghi~jkl.mnopQRSTuvwxyz0123456789';

describe('parseCallback()', () => {
  it.each([
    ['the whole redirect URL with session_state', `https://localhost/myapp?code=${CODE}&state=s1&session_state=abc-123`],
    ['the query string with ?', `?code=${CODE}&state=s1&session_state=abc`],
    ['the query string without ?', `code=${CODE}&state=s1`],
    ['a URL wrapped in quotes and whitespace', `  "https://localhost/myapp?code=${CODE}&state=s1"  \n`],
    ['a URL broken over lines by the terminal', `https://localhost/myapp?code=${CODE.slice(0, 10)}\n${CODE.slice(10)}&state=s1`],
    ['a URL in angle brackets', `<https://localhost/myapp?code=${CODE}&state=s1>`],
    ['a fragment response', `https://localhost/myapp#code=${CODE}&state=s1`],
  ])('reads %s', (_, pasted) => {
    expect(parseCallback(pasted)).toEqual({ kind: 'code', code: CODE, state: 's1' });
  });

  it('reads a bare code, which carries no state', () => {
    expect(parseCallback(`  ${CODE}\r\n`)).toEqual({ kind: 'code', code: CODE, bare: true });
  });

  it('reads an error redirect with its description and state', () => {
    expect(parseCallback('https://localhost/myapp?error=access_denied&error_description=AADSTS65004%3A+User+declined&state=s9')).toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'AADSTS65004: User declined',
      state: 's9',
    });
  });

  it('reads an admin consent redirect', () => {
    expect(parseCallback('https://localhost/myapp?admin_consent=True&tenant=t1&state=s2')).toEqual({
      kind: 'admin-consent',
      granted: true,
      tenant: 't1',
      state: 's2',
    });
  });

  it('a redirect with neither a code nor a consent answer (a consent page left before it answered) names both it looks for', () => {
    expect(parseCallback('https://localhost/myapp?tenant=t1&state=s2')).toEqual({
      kind: 'invalid',
      reason:
        'The pasted URL has neither code= (sign-in) nor admin_consent= (admin consent): paste the whole address the browser was sent to at the end.',
    });
  });

  it.each([
    ['nothing', '   '],
    ['a URL without a code', 'https://localhost/myapp?session_state=abc'],
    ['prose', 'I could not sign in'],
    ['a too-short word', 'abc'],
    ['a query with an empty code', 'code=&state=x'],
  ])('refuses %s', (_, pasted) => {
    expect(parseCallback(pasted).kind).toBe('invalid');
  });
});
