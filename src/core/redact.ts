/** Shows the first four characters of a secret and an ellipsis, as `gh auth status` does. */
export function mask(secret: string): string {
  return secret.length <= 4 ? '…' : `${secret.slice(0, 4)}…`;
}

/**
 * Replaces every occurrence of each known secret in `text` with `[redacted]`. A last
 * line of defence for debug logs and error text; the first is never building such
 * text from secrets at all.
 */
export function redactKnown(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
