import { describe, expect, it } from 'vitest';
import { errorDetail, isKeyRefused, isVersionConflict, looksLikeHtml, readEntries, readTestResult } from '../../src/core/xsoar-answers.js';

describe('readTestResult()', () => {
  it('reads success and the message, sanitized', () => {
    expect(readTestResult({ success: false, message: 'AADSTS7000215: \u001b[31mInvalid\u001b[0m secret\u0007', extra: 1 })).toEqual({
      success: false,
      message: 'AADSTS7000215: Invalid secret',
    });
    expect(readTestResult({ success: 'true' })).toEqual({ success: true, message: 'ok' });
  });

  it('an answer without success is a problem', () => {
    expect(readTestResult({ message: 'x' })).toHaveProperty('problem');
  });
});

describe('readEntries()', () => {
  it('an entry of type 4 is a failure, its contents the message', () => {
    expect(
      readEntries([
        { type: 1, contents: 'starting' },
        { type: 4, contents: 'Error: token expired' },
      ]),
    ).toEqual({ success: false, message: 'Error: token expired' });
  });

  it('note entries are a success; object contents become JSON', () => {
    expect(
      readEntries([
        { type: 1, contents: '✅ Success!' },
        { type: 1, contents: { a: 1 } },
      ]),
    ).toEqual({ success: true, message: '✅ Success!\n{"a":1}' });
  });

  it('no entries means the command did not run', () => {
    expect(readEntries([])).toMatchObject({ success: false, message: expect.stringContaining('did not run') });
  });

  it('anything but a list is a problem', () => {
    expect(readEntries({ entries: [] })).toHaveProperty('problem');
  });
});

describe('error answers', () => {
  it("errorDetail() reads XSOAR 6's error shape", () => {
    expect(
      errorDetail(
        '{"id":"forbidden","status":403,"title":"Forbidden","detail":"Issue with CSRF code","error":"http: named cookie not present"}',
      ),
    ).toBe('Forbidden: Issue with CSRF code: http: named cookie not present');
    expect(errorDetail('plain \u001b[2Jtext')).toBe('plain text');
  });

  it('looksLikeHtml() by content type or by the text itself', () => {
    expect(looksLikeHtml('text/html; charset=utf-8', '')).toBe(true);
    expect(looksLikeHtml('application/octet-stream', '  <!DOCTYPE html><html>')).toBe(true);
    expect(looksLikeHtml('application/json', '{"a":1}')).toBe(false);
  });

  it('isVersionConflict(): a 409, or a 4xx that names the version', () => {
    expect(isVersionConflict(409, '')).toBe(true);
    expect(isVersionConflict(400, '{"id":"errVersionMismatch","detail":"version mismatch"}')).toBe(true);
    expect(isVersionConflict(400, '{"id":"bad_request"}')).toBe(false);
    expect(isVersionConflict(500, 'version')).toBe(false);
  });

  it('isKeyRefused(): 401 and 403', () => {
    expect([401, 403, 404].map(isKeyRefused)).toEqual([true, true, false]);
  });
});
