/**
 * Questions to the operator, on stderr so stdout stays for results. Backed by
 * @inquirer prompts, loaded only when a question is asked. Ctrl-C and end of input
 * at a prompt both become the `cancelled` error (exit 130).
 */
import { cancelled } from '../errors.js';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  input(question: { message: string; default?: string; validate?: (value: string) => string | undefined }): Promise<string>;
  password(question: { message: string; validate?: (value: string) => string | undefined }): Promise<string>;
  select<T extends string>(question: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
}

const asInquirerCheck = (validate?: (value: string) => string | undefined) =>
  validate ? (value: string) => validate(value) ?? true : undefined;

async function guard<T>(ask: Promise<T>): Promise<T> {
  try {
    return await ask;
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') throw cancelled();
    throw error;
  }
}

export function inquirerPrompter(streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Prompter {
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false };
  return {
    input: async (q) => {
      const { default: input } = await import('@inquirer/input');
      const answer = await guard(
        input(
          { message: q.message, ...(q.default !== undefined && { default: q.default }), validate: asInquirerCheck(q.validate) },
          context,
        ),
      );
      return answer.trim();
    },
    password: async (q) => {
      const { default: password } = await import('@inquirer/password');
      // Pastes come with spaces, line ends or quotes around them; the value never does.
      const unwrap = (value: string) =>
        value
          .trim()
          .replace(/^(["'])(.*)\1$/s, '$2')
          .trim();
      const check = q.validate;
      const answer = await guard(
        password({ message: q.message, mask: '*', validate: asInquirerCheck(check && ((value) => check(unwrap(value)))) }, context),
      );
      return unwrap(answer);
    },
    select: async <T extends string>(q: { message: string; choices: Choice<T>[]; default?: T }) => {
      const { default: select } = await import('@inquirer/select');
      return guard(select<T>({ message: q.message, choices: q.choices, ...(q.default !== undefined && { default: q.default }) }, context));
    },
    confirm: async (q) => {
      const { default: confirm } = await import('@inquirer/confirm');
      return guard(confirm({ message: q.message, ...(q.default !== undefined && { default: q.default }) }, context));
    },
  };
}
