/**
 * One browser round trip: print the URL on its own line, try to open it, then take
 * the redirect back: on a loopback listener (--listen), or pasted (whole URL, query,
 * or bare code) at a prompt, or the next stdin line without a TTY. A `state` that
 * differs from the one sent ends the run before the code goes anywhere.
 */
import { parseCallback, type Callback } from '../../core/callback.js';
import { explainEntraError } from '../../core/aadsts.js';
import { CliError, cancelled, usageError } from '../../errors.js';
import type { Browser } from '../../io/browser.js';
import type { LoopbackListener, LoopbackOptions } from '../../io/loopback.js';
import type { Prompter } from '../../io/prompter.js';
import type { LineSource } from '../../io/stdin-lines.js';
import type { Ui } from '../../io/terminal.js';

export interface RedirectDeps {
  ui: Ui;
  prompter?: Prompter | undefined;
  lines: LineSource;
  browser: Browser;
  /** Starts a loopback listener (io/loopback.ts). */
  listen(options: LoopbackOptions): Promise<LoopbackListener>;
}

export interface RoundTrip {
  url: string;
  state: string;
  /** What the operator is asked to do, one line before the URL. */
  instruction: string;
  noBrowser: boolean;
  /** Capture the redirect on a loopback listener at the redirect URI instead of a paste. */
  listen?: { redirectUri: string; timeoutSeconds: number } | undefined;
}

/**
 * Prints the URL on its own line and tries to open a browser at it, or at `open` (a
 * --listen start page that redirects there, so the URL stays out of the opener's argv).
 */
export async function sendToBrowser(
  trip: Pick<RoundTrip, 'url' | 'instruction' | 'noBrowser'>,
  deps: RedirectDeps,
  open = trip.url,
): Promise<void> {
  deps.ui.info(trip.instruction);
  deps.ui.url(trip.url);
  if (trip.noBrowser) return;
  const opened = await deps.browser.open(open);
  if (opened === 'no-display') deps.ui.info(deps.ui.style.dim('No display found: open the URL above in a browser on any machine.'));
  else if (opened === 'failed') deps.ui.warn('Could not open a browser: open the URL above yourself.');
}

type Accepted = Exclude<Callback, { kind: 'invalid' } | { kind: 'error' }>;

/**
 * Why a callback cannot be used for this sign-in: unreadable, or its `state` missing or
 * foreign (only a bare code may come without one: there is nowhere to carry it).
 */
function refusal(callback: Callback, expectedState: string): CliError | undefined {
  if (callback.kind === 'invalid') return usageError(`Could not read the pasted redirect: ${callback.reason}`);
  if (callback.state === undefined && !(callback.kind === 'code' && callback.bare)) {
    return new CliError(
      'auth',
      'state_missing',
      'The redirect carries no state, so it cannot be matched to this sign-in: nothing was sent to Entra.',
      ['Paste the whole address the browser ended on, or just the code.'],
    );
  }
  if (callback.state !== undefined && callback.state !== expectedState) {
    return new CliError(
      'auth',
      'state_mismatch',
      'The redirect belongs to another sign-in (its state does not match): nothing was sent to Entra.',
      ['Paste the redirect of the URL printed by this run, or run setup again.'],
    );
  }
  return undefined;
}

/** Accepts the callback, or ends the run: refused (exit 2 or 4), or an error redirect (exit 4). */
function checkCallback(callback: Callback, expectedState: string): Accepted {
  const refused = refusal(callback, expectedState);
  if (refused) throw refused;
  if (callback.kind === 'error') {
    const explained = explainEntraError(callback.error, callback.description);
    throw new CliError('auth', explained.code, explained.message, explained.hints);
  }
  return callback as Accepted;
}

/**
 * Takes the redirect back. At a prompt, a paste that cannot be read is refused in place
 * and asked again, so one slip does not throw away a run; a redirect whose state is
 * missing or foreign ends the run (exit 4, contract), as it may be someone else's
 * sign-in. From stdin anything refused ends the run (exit 2 or 4).
 */
async function readRedirect(deps: RedirectDeps, message: string, state: string): Promise<Accepted> {
  if (deps.prompter) {
    const answer = await deps.prompter.input({
      message,
      validate: (value) => {
        const callback = parseCallback(value);
        return callback.kind === 'invalid' ? refusal(callback, state)?.message : undefined;
      },
    });
    return checkCallback(parseCallback(answer), state);
  }
  const line = await deps.lines.next();
  if (line === undefined) throw cancelled();
  return checkCallback(parseCallback(line), state);
}

async function takeRedirect(trip: RoundTrip, deps: RedirectDeps, pasteMessage: string): Promise<Accepted> {
  if (!trip.listen) {
    await sendToBrowser(trip, deps);
    return readRedirect(deps, pasteMessage, trip.state);
  }
  // Bind first: a port in use fails before the operator is sent anywhere.
  const listener = await deps.listen({
    redirectUri: trip.listen.redirectUri,
    expectedState: trip.state,
    timeoutSeconds: trip.listen.timeoutSeconds,
  });
  try {
    await sendToBrowser(trip, deps, listener.startPage(trip.url));
    deps.ui.info(
      deps.ui.style.dim(
        `Waiting for the browser to come back to ${trip.listen.redirectUri} (up to ${trip.listen.timeoutSeconds} s; Ctrl-C to stop)…`,
      ),
    );
    return checkCallback(await listener.result, trip.state);
  } finally {
    await listener.close();
  }
}

/** One round trip for an authorization code. */
export async function roundTrip(trip: RoundTrip, deps: RedirectDeps, pasteMessage: string): Promise<Extract<Callback, { kind: 'code' }>> {
  const callback = await takeRedirect(trip, deps, pasteMessage);
  if (callback.kind !== 'code') throw usageError('That redirect carries no authorization code: paste the address the sign-in ended on.');
  return callback;
}

/** One round trip through the admin consent page; resolves once consent was granted. */
export async function consentRoundTrip(
  trip: RoundTrip,
  deps: RedirectDeps,
  pasteMessage: string,
): Promise<Extract<Callback, { kind: 'admin-consent' }>> {
  const callback = await takeRedirect(trip, deps, pasteMessage);
  if (callback.kind !== 'admin-consent')
    throw usageError('That redirect is not an admin consent answer: paste the address the consent page ended on.');
  if (!callback.granted) {
    throw new CliError('auth', 'consent_not_granted', 'Admin consent was not granted (admin_consent is not True).', [
      'Ask a Global or Privileged Role Administrator to open the URL and accept.',
    ]);
  }
  return callback;
}
