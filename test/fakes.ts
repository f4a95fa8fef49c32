/**
 * Fakes for unit tests of commands: a scripted prompter that fails on any question
 * it was not told to expect, an in-memory secret store, a recording browser and UI.
 */
import type { Prompter } from '../src/io/prompter.js';
import type { SecretStore } from '../src/io/secret-store.js';
import type { Browser, OpenResult } from '../src/io/browser.js';
import type { LineSource } from '../src/io/stdin-lines.js';
import type { Flow, Profile, SecretKind } from '../src/core/profile.js';
import { makeStyle, type Ui } from '../src/io/terminal.js';

export interface Answer {
  /** A piece of the question's message. */
  match: string;
  answer: string | boolean | ((validate?: (v: string) => string | undefined) => string);
}

export function scriptedPrompter(script: Answer[]): Prompter & { asked: string[]; masked: string[]; offered: Map<string, string[]> } {
  const asked: string[] = [];
  const masked: string[] = [];
  // Every select's choices, by its message: what the operator was offered.
  const offered = new Map<string, string[]>();
  const next = (message: string): Answer['answer'] => {
    asked.push(message);
    const step = script.shift();
    if (!step || !message.includes(step.match)) {
      throw new Error(`Unexpected question "${message}" (expected "${step?.match ?? 'none'}")`);
    }
    return step.answer;
  };
  const text = (message: string, validate?: (v: string) => string | undefined, fallback?: string): string => {
    const answer = next(message);
    // An empty answer takes the default, as pressing Enter does.
    const value = (typeof answer === 'function' ? answer(validate) : String(answer)) || fallback || '';
    const problem = validate?.(value);
    if (problem) throw new Error(`Scripted answer "${value}" to "${message}" is invalid: ${problem}`);
    return value;
  };
  return {
    asked,
    masked,
    offered,
    input: async (q) => text(q.message, q.validate, q.default),
    password: async (q) => {
      masked.push(q.message);
      return text(q.message, q.validate);
    },
    select: async (q) => {
      offered.set(
        q.message,
        q.choices.map((c) => String(c.value)),
      );
      // An empty answer takes the default, as pressing Enter does.
      const value = String(next(q.message)) || String(q.default ?? q.choices[0]?.value);
      if (!q.choices.some((c) => c.value === value)) throw new Error(`"${value}" is not a choice of "${q.message}"`);
      return value as never;
    },
    confirm: async (q) => Boolean(next(q.message)),
  };
}

export function memoryStore(initial: Record<string, string> = {}): SecretStore & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  const key = (profile: string, kind: SecretKind) => `${profile}:${kind}`;
  return {
    items,
    label: 'the test keychain',
    get: async (p, k) => items.get(key(p, k)),
    has: async (p, k) => items.has(key(p, k)),
    set: async (p, k, v) => void items.set(key(p, k), v),
    delete: async (p, k) => items.delete(key(p, k)),
    probe: async () => undefined,
  };
}

export function recordingBrowser(result: OpenResult = 'opened'): Browser & { opened: string[] } {
  const opened: string[] = [];
  return { opened, open: async (url) => (opened.push(url), result) };
}

export function recordingUi(): Ui & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    info: (l) => err.push(l),
    success: (l) => err.push(`✓ ${l}`),
    warn: (l) => err.push(`! ${l}`),
    url: (u) => err.push(u),
    result: (t) => out.push(t),
    style: makeStyle(false),
  };
}

export function lines(...values: string[]): LineSource {
  return { next: async () => values.shift(), close: () => undefined };
}

/** Customer `i`'s self-deployed Graph profile with the given flow, as setup saves it: many of them make an MSSP's config. */
export const customerProfile = (i: number, flow: Flow): Profile => ({
  method: 'self-deployed',
  integration: 'msgraph-user',
  flow,
  cloud: 'worldwide',
  tenantId: `customer${i}.onmicrosoft.com`,
  clientId: `11111111-2222-3333-4444-${String(i).padStart(12, '0')}`,
  redirectUri: 'https://localhost/myapp',
  scopes: ['https://graph.microsoft.com/.default'],
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
});
