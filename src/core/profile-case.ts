/**
 * Profile names that differ only in letter case. Windows Credential Manager compares
 * target names without case, so the keychain accounts of `Prod` and `prod` would be the
 * same entries there and one profile would overwrite the other's secrets. ms-auth refuses
 * the second name on every platform, so a config file means the same everywhere. It does
 * not fold case in keychain accounts instead: that would orphan the secrets earlier
 * versions stored under mixed-case names on macOS and Linux.
 */
import { usageError } from '../errors.js';

export function refuseCaseTwin(existing: readonly string[], name: string): void {
  const twin = existing.find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
  if (twin === undefined) return;
  throw usageError(`Profile "${name}" differs from the existing profile "${twin}" only in letter case.`, [
    'Windows Credential Manager treats such names as one, so their secrets would overwrite each other; ms-auth refuses them on every platform.',
    `Use --profile ${twin} to set that profile up again, or choose another name.`,
  ]);
}
