/**
 * The run's environment. Secrets given as MS_AUTH_* variables (contract: CI) are taken
 * into the process at start and removed from `process.env`, so no child process (the
 * keychain helper, the browser opener and whatever it starts) inherits them; commands
 * read them from here.
 */
import { rememberSecret } from '../core/scrub.js';

const SECRET_NAME = /^MS_AUTH_\w*(SECRET|TOKEN|KEY|PASSPHRASE|PASSWORD)$/;
const taken: Record<string, string> = {};

export function takeSecretEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) {
    if (!SECRET_NAME.test(name) || value === undefined) continue;
    taken[name] = value;
    rememberSecret(value);
    delete env[name];
  }
}

/** `process.env` with the secrets taken out of it at start. */
export const runEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ...taken });
