/**
 * Getting one value: from its flag, else its environment variable, else a question
 * when prompting is allowed, else a usage error that names the flag and variable.
 * Every source goes through the same check, so a bad flag and a bad answer get the
 * same message.
 */
import { usageError } from '../errors.js';
import { noTerminalHint } from '../io/terminal.js';
import { checkedValue, flagOrEnv } from './globals.js';
import type { Check } from '../core/validate.js';
import type { Prompter } from '../io/prompter.js';

export interface Source {
  /** `--tenant ID`, when a flag supplies the value. */
  flag?: string | undefined;
  env?: string | undefined;
  label: string;
}

/** The value a flag or environment variable supplies, checked; undefined when neither does. */
export function suppliedValue(given: string | undefined, source: Source, check: Check, env: NodeJS.ProcessEnv): string | undefined {
  const supplied = flagOrEnv(given, (source.flag ?? '').split(' ')[0] ?? '', source.env ?? '', env);
  return checkedValue(supplied.value, supplied.name, check);
}

/** The usage error for a value nothing supplied, with no terminal to ask on. */
export function missingValueError(source: Source): Error {
  const ways = [source.flag && `pass ${source.flag}`, source.env && `set ${source.env}`].filter(Boolean).join(' or ');
  const hint = noTerminalHint(process.env, Boolean(process.stdin.isTTY));
  return usageError(`Missing ${source.label}: ${ways} (no terminal to ask on).`, hint ? [hint] : []);
}

export interface ValueRequest {
  /** What the flag gave, if anything (the environment variable is read from `source.env`). */
  given: string | undefined;
  source: Source;
  check: Check;
  /** The question, asked only when nothing supplied the value and prompting is allowed. */
  ask(prompter: Prompter): Promise<string>;
}

export async function resolveValue(
  request: ValueRequest,
  deps: { prompter?: Prompter | undefined; env: NodeJS.ProcessEnv },
): Promise<string> {
  const value = suppliedValue(request.given, request.source, request.check, deps.env);
  if (value !== undefined) return value;
  if (deps.prompter) return request.ask(deps.prompter);
  throw missingValueError(request.source);
}
