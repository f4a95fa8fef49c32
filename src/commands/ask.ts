/**
 * Getting one value: from its flag, else its environment variable, else a question
 * when prompting is allowed, else a usage error that names the flag and variable.
 * Every source goes through the same check, so a bad flag and a bad answer get the
 * same message.
 */
import { usageError } from '../errors.js';
import type { Check } from '../core/validate.js';
import type { Prompter } from '../io/prompter.js';

export interface Source {
  /** `--tenant ID` */
  flag: string;
  env?: string | undefined;
  label: string;
}

export async function resolveValue(
  given: string | undefined,
  source: Source,
  check: Check,
  prompter: Prompter | undefined,
  ask: (prompter: Prompter) => Promise<string>,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const fromEnv = source.env ? env[source.env] : undefined;
  const value = given ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
  if (value !== undefined) {
    const problem = check(value.trim());
    if (problem) throw usageError(`${given !== undefined ? source.flag.split(' ')[0] : source.env}: ${problem}`);
    return value.trim();
  }
  if (prompter) return ask(prompter);
  const where = source.env ? `pass ${source.flag} or set ${source.env}` : `pass ${source.flag}`;
  throw usageError(`Missing ${source.label}: ${where} (no terminal to ask on).`);
}
