/** Shows the first four characters of a secret and an ellipsis, as `gh auth status` does. */
export function mask(secret: string): string {
  return secret.length <= 4 ? '…' : `${secret.slice(0, 4)}…`;
}
