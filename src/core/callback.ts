/**
 * Reads what the operator pasted after signing in: the whole redirect URL, its query
 * string (with or without `?`), or the bare code. Terminals add whitespace, quotes and
 * line breaks around long pastes; those are dropped. `session_state` and other extra
 * parameters are ignored, as XSOAR wants the code alone.
 */
export type Callback =
  | { kind: 'code'; code: string; state?: string | undefined; bare?: true }
  | { kind: 'error'; error: string; description?: string | undefined; state?: string | undefined }
  | { kind: 'admin-consent'; granted: boolean; tenant?: string | undefined; state?: string | undefined }
  | { kind: 'invalid'; reason: string };

// Entra's codes are long base64url-ish strings with '.', '-', '_' and '~'; nothing
// with spaces, '&', '=' or '?' is a bare code.
const BARE_CODE = /^[A-Za-z0-9._~+/-]{8,4096}={0,2}$/;
const TOKEN = /^[\x21-\x7e]{1,1024}$/;

function clean(raw: string): string {
  // Line breaks inside a wrapped paste, then quotes or angle brackets around it.
  let text = raw.replace(/[\r\n]+\s*/g, '').trim();
  for (;;) {
    const pair = /^(["'<`])([\s\S]*)(["'>`])$/.exec(text);
    if (!pair || !['""', "''", '<>', '``'].includes(`${pair[1]}${pair[3]}`)) break;
    text = (pair[2] ?? '').trim();
  }
  return text;
}

function queryOf(text: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      // Entra may return in the fragment when response_mode=fragment was used.
      return url.search ? url.search : url.hash.replace(/^#/, '?');
    } catch {
      return undefined;
    }
  }
  if (text.startsWith('?') || /(^|&)(code|error|state|admin_consent)=/.test(text)) return text;
  return undefined;
}

export function parseCallback(raw: string): Callback {
  const text = clean(raw);
  if (text === '') return { kind: 'invalid', reason: 'Nothing was pasted.' };
  const query = queryOf(text);
  if (query === undefined) {
    if (BARE_CODE.test(text)) return { kind: 'code', code: text, bare: true };
    return { kind: 'invalid', reason: 'That is not a redirect URL, a query string or an authorization code.' };
  }
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  const state = params.get('state') ?? undefined;
  // Codes and states are printable tokens; anything else (escape bytes included) is not ours.
  if (state !== undefined && !TOKEN.test(state))
    return { kind: 'invalid', reason: 'The state in that redirect holds characters a state never has.' };
  const error = params.get('error');
  if (error) return { kind: 'error', error, description: params.get('error_description') ?? undefined, state };
  const consent = params.get('admin_consent');
  if (consent !== null) {
    return { kind: 'admin-consent', granted: consent.toLowerCase() === 'true', tenant: params.get('tenant') ?? undefined, state };
  }
  const code = params.get('code');
  if (!code)
    return {
      kind: 'invalid',
      reason:
        'The pasted URL has neither code= (sign-in) nor admin_consent= (admin consent): paste the whole address the browser was sent to at the end.',
    };
  if (!BARE_CODE.test(code))
    return { kind: 'invalid', reason: 'The code in that redirect holds characters a code never has: paste the address again.' };
  return { kind: 'code', code, state };
}
