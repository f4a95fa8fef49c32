/**
 * `setup --push`: the hand-off goes straight into XSOAR instead of onto the screen. The
 * server, its API key, the integration there and the parameters the operator must
 * supply are checked before any browser opens; the push itself runs once the profile is
 * saved. Without `--push` or `--no-push`, the wizard offers the push at its end when a
 * server is known (the profile's, or MS_AUTH_XSOAR_URL).
 */
import type { Integration } from '../../core/catalog.js';
import type { HandoffInput } from '../../core/handoff.js';
import type { Flow, Method } from '../../core/profile.js';
import { CliError, usageError } from '../../errors.js';
import { connectXsoar, knownServer, type ConnectDeps, type ServerOptions } from '../push/connect.js';
import { checkedParams, instanceName } from '../push/run.js';
import { openPush, type PushContext } from '../push/session.js';
import type { SetupDeps, SetupOptions } from './options.js';

/** The flags `setup` shares with `push`: the server, its key and the instance. */
export type SetupPushOptions = Omit<ServerOptions, 'profile'> & { instance?: string | undefined; params?: string[] | undefined };

/** What a push needs from the run besides setup's own dependencies. */
export type PushWiring = Pick<ConnectDeps, 'configPath' | 'client'> & {
  remember(profile: string, memory: NonNullable<Parameters<PushContext['remember']>[0]>): Promise<void>;
  onCancel: PushContext['onCancel'];
};

type Input = Omit<HandoffInput, 'showSecrets'>;

/** Which parameters the method and flow fill, before the sign-in produced the values. */
function sample(integration: Integration, method: Method, flow: Flow | null, options: SetupOptions): Input {
  const placeholder = 'placeholder';
  return {
    integration,
    method,
    flow,
    cloud: options.cloud,
    clientId: placeholder,
    tenantId: placeholder,
    redirectUri: 'https://localhost/placeholder',
    clientSecret: placeholder,
    xsoarToken: placeholder,
    xsoarKey: placeholder,
    scopes: [placeholder],
    authCode: flow === 'auth-code' ? { kind: 'refresh-token', token: placeholder } : undefined,
    // setup --param values: they go into the hand-off, so the server's required parameters count them.
    params: options.params,
  };
}

/** A push failure after a successful setup: the profile stays, and the message says how to retry. */
function keptProfile(error: unknown, profile: string): unknown {
  if (!(error instanceof CliError) || error.kind === 'cancelled') return error;
  return new CliError(error.kind, error.code, error.message, [
    ...error.hints,
    `The profile "${profile}" is saved (the Entra side succeeded): retry the push with \`ms-auth push --profile ${profile}\`.`,
  ]);
}

async function start(
  integration: Integration,
  method: Method,
  flow: Flow | null,
  options: SetupOptions,
  deps: SetupDeps,
  wiring: PushWiring,
) {
  const xsoar = options.xsoar ?? {};
  const remembered = deps.existing?.xsoar;
  const connection = await connectXsoar(
    { ...xsoar, profile: options.profile },
    { ...wiring, ui: deps.ui, prompter: deps.prompter, env: deps.env, openStore: deps.openStore },
    remembered,
  );
  return openPush(
    {
      ...connection,
      integration,
      instance: instanceName(xsoar.instance, remembered, integration, options.profile),
      params: checkedParams(xsoar.params ?? []),
      runTest: true,
      json: options.json,
    },
    { ui: deps.ui, prompter: deps.prompter, onCancel: wiring.onCancel, remember: (memory) => wiring.remember(options.profile, memory) },
    sample(integration, method, flow, options),
  );
}

/**
 * The setup's options and dependencies with the push wired in: `handOver` replaces the
 * printed hand-off. With `--push` the hand-off defaults to the refresh token (no second
 * round trip, no ten-minute clock), and the server is checked now.
 */
export async function withPush(
  integration: Integration | undefined,
  method: Method,
  flow: Flow | null,
  options: SetupOptions,
  deps: SetupDeps,
): Promise<{ options: SetupOptions; deps: SetupDeps }> {
  const wiring = deps.pushWiring;
  const server = options.xsoar?.xsoarUrl ?? knownServer(deps.env, deps.existing?.xsoar);
  const fromMemory = server !== undefined && options.xsoar?.xsoarUrl === undefined && !deps.env['MS_AUTH_XSOAR_URL'];
  const offer =
    options.push === undefined && deps.prompter !== undefined && server !== undefined && integration !== undefined && wiring !== undefined;
  if (options.push !== true && !offer) return { options, deps };
  if (!integration) throw usageError('--push needs --integration ID: the push must know which XSOAR integration it sets up.');
  if (!wiring) throw usageError('--push is not available here.');
  const takesCode = flow === 'auth-code' && options.exchange && integration.params.authCode !== undefined;
  const pushOptions = takesCode && options.handoff === undefined ? { ...options, handoff: 'refresh-token' as const } : options;

  const session = options.push === true ? await start(integration, method, flow, pushOptions, deps, wiring) : undefined;
  const handOver = async (input: Input): Promise<boolean> => {
    let pushing = session;
    if (!pushing) {
      const yes = await deps.prompter!.confirm({
        message: `Push it to XSOAR at ${server}${fromMemory ? ` (remembered by profile "${options.profile}")` : ''} now (creates or updates the instance and tests it)?`,
        default: true,
      });
      if (!yes) return false;
      // The yes names the server: a remembered one needs no second question.
      const accepted = { ...pushOptions, xsoar: { ...pushOptions.xsoar, acceptedUrl: server } };
      pushing = await start(integration, method, flow, accepted, deps, wiring).catch((error: unknown) => {
        throw keptProfile(error, options.profile);
      });
    }
    const code = await pushing.push(input).catch((error: unknown) => {
      throw keptProfile(error, options.profile);
    });
    if (code !== 0)
      deps.ui.warn(
        `The profile "${options.profile}" is saved (the Entra side succeeded): fix the cause and retry with \`ms-auth push --profile ${options.profile}\`.`,
      );
    deps.setExitCode?.(code);
    return true;
  };
  return { options: pushOptions, deps: { ...deps, handOver } };
}
