/**
 * Secrets this run has seen (sent to Entra, received from it, taken from the
 * environment), so that no message can carry one back: a server that echoes the
 * request in its error text, or an exception that quotes a value, is scrubbed before
 * anything is printed. Values are matched as they are and in their URL-encoded forms.
 */
const MIN_LENGTH = 8;
const known = new Set<string>();

export const REDACTED = '[redacted]';
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Every spelling of a value a server or library might quote back. */
function spellings(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]);
  return [...forms];
}

export function rememberSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_LENGTH) known.add(value);
}

/** `text` without any remembered secret, nor any of `also` (this request's values). */
export function scrub(text: string, also: ReadonlyArray<string | undefined> = []): string {
  const values = [...known, ...also.filter((v): v is string => v !== undefined && v.length >= MIN_LENGTH)]
    .flatMap(spellings)
    // Longest first, so a value that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  // A signed client assertion is built inside the token request and never seen here: any JWT goes.
  return out.replace(JWT, REDACTED);
}
