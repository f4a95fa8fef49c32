/**
 * Typed failures with a stable code. `cli.ts` maps each kind to the exit code the
 * contract gives it; messages say what happened and the next step, and never carry
 * a secret (callers build them from sanitized, non-secret parts only).
 */
export type ErrorKind = 'usage' | 'config' | 'auth' | 'store' | 'network' | 'xsoar' | 'cancelled' | 'internal';

export const EXIT_CODES: Record<ErrorKind, number> = {
  internal: 1,
  usage: 2,
  config: 3,
  auth: 4,
  store: 5,
  network: 6,
  /** The XSOAR server refused the key or the request, lacks the integration, or the test failed (v2). */
  xsoar: 7,
  cancelled: 130,
};

/**
 * One exit code for a run over several profiles (status, validate): configuration
 * problems first, then the store, Entra, the network; 0 when nothing failed.
 */
export function runExitCode(failures: readonly ErrorKind[]): number {
  if (failures.length === 0) return 0;
  // A bug first (contract: 1), then configuration problems, the store, Entra, the network.
  for (const kind of ['internal', 'config', 'store', 'auth', 'network'] as const) if (failures.includes(kind)) return EXIT_CODES[kind];
  return EXIT_CODES.config;
}

export class CliError extends Error {
  readonly kind: ErrorKind;
  /** Stable, machine-readable code for `--json` (e.g. `state_mismatch`, `AADSTS70008`). */
  readonly code: string;
  /** Extra lines shown under the message (hints, next steps); already safe to print. */
  readonly hints: string[];
  /**
   * What the command still produced despite failing (e.g. setup's hand-off when the profile
   * could not be saved): with --json, its fields go into the same document as `error`.
   */
  readonly document: object | undefined;

  constructor(kind: ErrorKind, code: string, message: string, hints: string[] = [], document?: object) {
    super(message);
    this.name = 'CliError';
    this.kind = kind;
    this.code = code;
    this.hints = hints;
    this.document = document;
  }
}

export const usageError = (message: string, hints: string[] = []): CliError => new CliError('usage', 'usage', message, hints);

let cancelNote = 'Nothing was saved.';

/** What a cancel leaves behind in the running command (`revoke --forget` deletes rather than saves). */
export const setCancelNote = (note: string): void => {
  cancelNote = note;
};

export const cancelled = (): CliError => new CliError('cancelled', 'cancelled', `Cancelled. ${cancelNote}`);
