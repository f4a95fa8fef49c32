/**
 * Property-based tests (fast-check, 10,000 cases each) for the code that meets
 * untrusted input: the sanitizer, the paste parser and the URL builder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/core/sanitize.js';
import { parseCallback } from '../../src/core/callback.js';
import { buildAuthorizeUrl } from '../../src/core/authorize-url.js';

const RUNS = { numRuns: 10_000 };
// Any code unit, escape-heavy: ESC, CSI, OSC, BEL, C1 controls and bidi overrides show up often.
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u001b', '[', ']', '\u0007', '\u009b', '\u009d', '\u0085', '\r', '\n', '\t', '\u202e', '\u2066', '\\', ';', '0', 'm'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 200,
});
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const codeChars = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'),
  minLength: 8,
  maxLength: 300,
});

describe('sanitize() properties', () => {
  it('leaves no control, escape or bidi character, and respects the cap', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 2, max: 300 }), (text, max) => {
        const out = sanitize(text, { max });
        expect(out).not.toMatch(FORBIDDEN);
        expect(out.length).toBeLessThanOrEqual(max);
      }),
      RUNS,
    );
  });

  it('keeps only LF with keepNewlines, and is idempotent', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = sanitize(text, { keepNewlines: true, max: 10_000 });
        expect(out.replace(/\n/g, '')).not.toMatch(FORBIDDEN);
        expect(sanitize(out, { keepNewlines: true, max: 10_000 })).toBe(out);
      }),
      RUNS,
    );
  });

  it('leaves printable text alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ 0123:/.-_=&?'), maxLength: 100 }), (text) => {
        expect(sanitize(text, { max: 1000 })).toBe(text.trim());
      }),
      RUNS,
    );
  });
});

describe('parseCallback() properties', () => {
  it('a pasted query with escape bytes in its code or state is refused', () => {
    expect(parseCallback('?code=AAAA%1B%5D0%3Bpwned%07BBBB&state=s1').kind).toBe('invalid');
    expect(parseCallback('?code=AAAAAAAAAA&state=s%1B1').kind).toBe('invalid');
  });

  it('never throws, and never lets a control or escape byte through in what it returns', () => {
    fc.assert(
      fc.property(
        hostile,
        fc.constantFrom('', 'https://localhost/myapp?code=', '?state=s&code=', 'error=x&error_description='),
        fc.boolean(),
        (text, prefix, encode) => {
          const parsed = parseCallback(prefix + (encode ? encodeURIComponent(text) : text));
          if (parsed.kind === 'code') {
            expect(parsed.code).not.toMatch(FORBIDDEN);
            expect(parsed.state ?? '').not.toMatch(FORBIDDEN);
          }
        },
      ),
      RUNS,
    );
  });

  it('round-trips a code and state through every paste shape and terminal wrapping', () => {
    fc.assert(
      fc.property(codeChars, codeChars, fc.constantFrom('url', 'query', 'bare-query', 'quoted', 'wrapped'), (code, state, shape) => {
        const query = `code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}&session_state=x`;
        const pasted = {
          url: `https://localhost/myapp?${query}`,
          query: `?${query}`,
          'bare-query': query,
          quoted: `  '${`https://localhost/myapp?${query}`}'\n`,
          wrapped: `https://localhost/myapp?${query.slice(0, 20)}\r\n${query.slice(20)}`,
        }[shape];
        expect(parseCallback(pasted)).toEqual({ kind: 'code', code, state });
      }),
      RUNS,
    );
  });

  it('takes a bare code as itself', () => {
    fc.assert(
      fc.property(codeChars, (code) => {
        expect(parseCallback(` ${code} `)).toEqual({ kind: 'code', code, bare: true });
      }),
      RUNS,
    );
  });
});

describe('buildAuthorizeUrl() properties', () => {
  const scope = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC./:_-'), minLength: 1, maxLength: 40 });
  it('encodes every value so the URL parses back to exactly what was given', () => {
    fc.assert(
      fc.property(fc.array(scope, { maxLength: 8 }), fc.string({ maxLength: 60 }), fc.webPath(), (scopes, state, path) => {
        const redirectUri = `https://localhost${path.startsWith('/') ? path : `/${path}`}`;
        const url = buildAuthorizeUrl({
          origin: 'https://login.microsoftonline.com',
          tenant: 'contoso.onmicrosoft.com',
          clientId: 'c',
          redirectUri,
          scopes,
          state,
        });
        const parsed = new URL(url);
        expect(parsed.searchParams.get('redirect_uri')).toBe(redirectUri);
        expect(parsed.searchParams.get('state')).toBe(state);
        expect(parsed.search).not.toContain('+');
        const sent = (parsed.searchParams.get('scope') ?? '').split(' ');
        expect(sent[0]).toBe('offline_access');
        expect(new Set(sent.map((s) => s.toLowerCase())).size).toBe(sent.length);
        for (const s of scopes) expect(sent.map((x) => x.toLowerCase())).toContain(s.toLowerCase());
      }),
      RUNS,
    );
  });
});
