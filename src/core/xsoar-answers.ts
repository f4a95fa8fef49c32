/**
 * What XSOAR answers, read tolerantly and made safe to print: the Test button's
 * `{success, message}`, the War Room entries of `/entry/execute/sync` (type 4 is an
 * error), error bodies (`{id, status, title, detail, error}` on XSOAR 6; unknown on the
 * XSOAR 8 gateway), web pages where JSON was expected, and version conflicts. Pure.
 * Facts: ../shared/docs/xsoar-api.md sections 4 and 7.
 */
import { sanitize } from './sanitize.js';

export interface Outcome {
  success: boolean;
  message: string;
}

const ENTRY_ERROR = 4;
const MAX_MESSAGE = 1000;

const clean = (text: string): string => sanitize(text, { keepNewlines: true, max: MAX_MESSAGE });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The Test button's answer; `success` may come as a boolean or the string "true". */
export function readTestResult(body: unknown): Outcome | { problem: string } {
  if (!isObject(body) || !('success' in body)) return { problem: 'its test answer has no "success"' };
  const success = body['success'] === true || body['success'] === 'true';
  const message = typeof body['message'] === 'string' ? clean(body['message']) : '';
  return { success, message: message || (success ? 'ok' : 'the test failed without a message') };
}

function contentsText(entry: Record<string, unknown>): string {
  const contents = entry['contents'];
  if (typeof contents === 'string') return contents;
  if (contents === undefined || contents === null) return '';
  return JSON.stringify(contents);
}

/**
 * A command's entries: any entry of type 4 makes it a failure (its text is the
 * message); no entries at all means the command did not run.
 */
export function readEntries(body: unknown): Outcome | { problem: string } {
  if (!Array.isArray(body)) return { problem: 'its command answer is not a list of entries' };
  const entries = body.filter(isObject);
  if (entries.length === 0)
    return {
      success: false,
      message: 'XSOAR returned no entries: the command did not run (is the instance enabled, and does the investigation exist?)',
    };
  const errors = entries.filter((e) => e['type'] === ENTRY_ERROR || e['type'] === String(ENTRY_ERROR));
  const chosen = errors.length ? errors : entries;
  const message = clean(chosen.map(contentsText).filter(Boolean).join('\n'));
  return { success: errors.length === 0, message: message || (errors.length ? 'the command failed without a message' : 'done') };
}

/** True for a text that is a web page rather than JSON. */
export const looksLikeHtml = (contentType: string, text: string): boolean =>
  /text\/html/i.test(contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(text);

/** The readable part of an error body: XSOAR 6's `detail`/`title`/`error`, or a short plain text. */
export function errorDetail(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return sanitize(text, { max: 300 });
  }
  if (!isObject(parsed)) return sanitize(text, { max: 300 });
  const parts = ['title', 'detail', 'error', 'message', 'id']
    .map((k) => parsed[k])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  return sanitize([...new Set(parts)].slice(0, 3).join(': '), { max: 300 });
}

/** A save refused because the instance changed since it was read: a 409, or a 4xx naming the version. */
export const isVersionConflict = (status: number, text: string): boolean =>
  status === 409 || (status >= 400 && status < 500 && /version/i.test(text));

/**
 * XSOAR 6 answers a bad (or missing) API key with 403 "Issue with CSRF code" (it falls
 * back to cookie auth); the XSOAR 8 gateway with 401. Both mean the key was refused.
 */
export const isKeyRefused = (status: number): boolean => status === 401 || status === 403;
