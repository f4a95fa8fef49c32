import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/core/sanitize.js';
import { explainEntraError, aadstsCode } from '../../src/core/aadsts.js';
import { mask } from '../../src/core/redact.js';

describe('sanitize()', () => {
  it('removes ANSI colours, OSC hyperlinks/titles and C0/C1 controls', () => {
    expect(sanitize('\u001b[31mred\u001b[0m text')).toBe('red text');
    expect(sanitize('\u001b]0;evil title\u0007after')).toBe('after');
    expect(sanitize('\u001b]8;;https://evil\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(sanitize('a\u0000b\u0007c\u0085d')).toBe('abcd');
    expect(sanitize('x\u009b2Jy')).toBe('xy');
    expect(sanitize('bidi\u202eevil')).toBe('bidievil');
  });

  it('turns line breaks into spaces unless asked to keep them, and caps length', () => {
    expect(sanitize('one\r\ntwo\nthree')).toBe('one two three');
    expect(sanitize('one\r\ntwo', { keepNewlines: true })).toBe('one\ntwo');
    expect(sanitize('x'.repeat(600))).toHaveLength(500);
    expect(sanitize('x'.repeat(600)).endsWith('…')).toBe(true);
  });
});

describe('explainEntraError()', () => {
  const description =
    'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.\r\nTrace ID: 1\r\nCorrelation ID: 2\r\nTimestamp: 2026-11-27 10:00:00Z';

  it("keeps Microsoft's first line and adds the cause and next step", () => {
    const explained = explainEntraError('invalid_grant', description);
    expect(explained.code).toBe('AADSTS70008');
    expect(explained.message).toBe(
      'Entra rejected the request (invalid_grant): AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
    );
    expect(explained.hints).toEqual([
      'The authorization code or refresh token has expired.',
      'Next: Start again: codes last about ten minutes.',
    ]);
  });

  it('prefers error_codes and still reports unknown codes', () => {
    expect(aadstsCode('AADSTS1: x', [7000215])).toBe(7000215);
    const unknown = explainEntraError('invalid_request', 'AADSTS123456: Something new.');
    expect(unknown.code).toBe('AADSTS123456');
    expect(unknown.message).toContain('AADSTS123456: Something new.');
    expect(unknown.hints).toEqual([]);
  });

  it('strips escape sequences from the server text', () => {
    expect(explainEntraError('x\u001b[2J', '\u001b]0;t\u0007AADSTS50011: bad').message).toBe(
      'Entra rejected the request (x): AADSTS50011: bad',
    );
  });
});

describe('redaction', () => {
  it('mask() shows four characters at most', () => {
    expect(mask('abcdefgh')).toBe('abcd…');
    expect(mask('abc')).toBe('…');
  });
});
