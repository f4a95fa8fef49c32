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
  /** `--tenant ID`, when a flag supplies the value. */
  flag?: string | undefined;
  env?: string | undefined;
  label: string;
}

/** The value a flag or environment variable supplies, checked; undefined when neither does. */
export function supplied(given: string | undefined, source: Source, check: Check, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = source.env ? env[source.env] : undefined;
  const value = given ?? (fromEnv ? fromEnv : undefined);
  if (value === undefined) return undefined;
  const problem = check(value.trim());
  if (problem) throw usageError(`${given !== undefined ? (source.flag ?? '').split(' ')[0] : source.env}: ${problem}`);
  return value.trim();
}

export function missing(source: Source): Error {
  const ways = [source.flag && `pass ${source.flag}`, source.env && `set ${source.env}`].filter(Boolean).join(' or ');
  return usageError(`Missing ${source.label}: ${ways} (no terminal to ask on).`);
}

export async function resolveValue(
  given: string | undefined,
  source: Source,
  check: Check,
  prompter: Prompter | undefined,
  ask: (prompter: Prompter) => Promise<string>,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const value = supplied(given, source, check, env);
  if (value !== undefined) return value;
  if (prompter) return ask(prompter);
  throw missing(source);
}
