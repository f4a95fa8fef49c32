/**
 * What setup runs on: its options (from the flags, commands/setup/command.ts) and its
 * dependencies (real ones in command.ts, fakes in tests).
 */
import type { Cloud } from '../../core/authority.js';
import type { Handoff, HandoffInput } from '../../core/handoff.js';
import type { Flow, Method, Profile } from '../../core/profile.js';
import type { Browser } from '../../io/browser.js';
import type { Secrets } from '../../io/persist.js';
import type { Prompter } from '../../io/prompter.js';
import type { SecretStore } from '../../io/secret-store.js';
import type { LineSource } from '../../io/stdin-lines.js';
import type { LoopbackListener, LoopbackOptions } from '../../io/loopback.js';
import type { Ui } from '../../io/terminal.js';
import type { TokenRequests } from '../token-requests.js';
import type { PushWiring, SetupPushOptions } from './push.js';

export interface SetupOptions {
  profile: string;
  json: boolean;
  showSecrets: boolean;
  integration?: string | undefined;
  method?: Method | undefined;
  flow?: Flow | undefined;
  tenant?: string | undefined;
  clientId?: string | undefined;
  redirectUri?: string | undefined;
  scopes?: string[] | undefined;
  clientSecretStdin: boolean;
  /** --certificate PATH: PEM (key + certificate) or PFX, instead of a client secret. */
  certificate?: string | undefined;
  xsoarId?: string | undefined;
  noBrowser: boolean;
  /** Capture redirects on a loopback listener (--listen) instead of a paste. */
  listen: boolean;
  /** Seconds to wait for the browser callback or device-code approval (--timeout); each flow has its default. */
  timeout?: number | undefined;
  handoff?: Handoff | undefined;
  exchange: boolean;
  cloud: Cloud;
  authorityHost?: string | undefined;
  httpTimeout: number;
  /** --push (true), --no-push (false), or neither: the wizard offers the push when a server is known. */
  push?: boolean | undefined;
  /** The XSOAR server, key and instance for a push (the flags `push` takes too). */
  xsoar?: SetupPushOptions | undefined;
  /** Non-authentication instance parameters by XSOAR name (`--param NAME=VALUE`); after the integration is chosen, also those the wizard asked. */
  params?: Record<string, string> | undefined;
}

export interface SetupDeps extends TokenRequests {
  ui: Ui;
  /** Undefined when the run may not prompt (no TTY, or --no-input). */
  prompter?: Prompter | undefined;
  lines: LineSource;
  browser: Browser;
  /** False on a machine that cannot show a browser (SSH, no display): device code is offered first. */
  hasDisplay: boolean;
  env: NodeJS.ProcessEnv;
  /** The profile being set up again, if it exists: its values become the questions' defaults. */
  existing?: Profile | undefined;
  openStore: () => Promise<SecretStore>;
  save(store: SecretStore, profile: Profile, secrets: Secrets): Promise<void>;
  now(): Date;
  listen(options: LoopbackOptions): Promise<LoopbackListener>;
  /** The XSOAR client, config memory and Ctrl-C clean-ups a push needs; absent where no push can run. */
  pushWiring?: PushWiring | undefined;
  /** Set by a push: takes the hand-off instead of the printed block; resolves false when the operator declined. */
  handOver?: ((input: Omit<HandoffInput, 'showSecrets'>) => Promise<boolean>) | undefined;
  /** The exit code of a push whose test failed (7). */
  setExitCode?: ((code: number) => void) | undefined;
}

/** core/handoff.ts's HANDOFFS, without loading the catalog it imports on every start. */
export const HANDOFFS: readonly Handoff[] = ['fresh-code', 'refresh-token', 'none'];

export type RunSetup = (options: SetupOptions) => Promise<void>;
