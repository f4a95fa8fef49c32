/**
 * `ms-auth push`: a saved profile into a running XSOAR, through its REST API: the
 * instance created or updated, its stored sign-in reset when it existed, and the test
 * the integration wants, with XSOAR's answer. `--plan` shows what would change.
 */
import { findIntegration, type Integration } from '../../core/catalog.js';
import { secretKinds } from '../../core/profile-check.js';
import type { Profile, SecretKind } from '../../core/profile.js';
import { checkInstanceName, defaultInstanceName, parseParams, profileHandoff, type XsoarMemory } from '../../core/xsoar-push.js';
import { usageError } from '../../errors.js';
import { savedValues } from '../../core/instance-params.js';
import { missingSecretError, readProfileSecrets } from '../profile-secrets.js';
import { connectXsoar, trustFileValues, type ConnectDeps, type ServerOptions } from './connect.js';
import { openPush } from './session.js';

export interface PushOptions extends ServerOptions {
  json: boolean;
  instance?: string | undefined;
  /** `--param NAME=VALUE`, as given. */
  params: string[];
  plan: boolean;
  test: boolean;
}

export interface PushDeps extends ConnectDeps {
  loadProfile(name: string): Promise<Profile>;
  remember(profile: string, memory: XsoarMemory): Promise<void>;
  onCancel: (cleanup: () => Promise<void>) => () => void;
}

/** A profile's remembered server, read tolerantly (the field is v2). */
export const rememberedOf = (profile: Profile | undefined): XsoarMemory | undefined => profile?.xsoar;

export function pushIntegration(profile: Profile, name: string): Integration {
  const integration = profile.integration === null ? undefined : findIntegration(profile.integration);
  if (!integration) {
    throw usageError(
      `Profile "${name}" has ${profile.integration === null ? 'no integration' : `an unknown integration "${profile.integration}"`}: a push needs to know which XSOAR integration it sets up.`,
      ['Set it up again with `ms-auth setup --integration ID`.'],
    );
  }
  return integration;
}

export function instanceName(
  given: string | undefined,
  remembered: XsoarMemory | undefined,
  integration: Integration,
  profile: string,
): string {
  const name = given ?? remembered?.instance ?? defaultInstanceName(integration, profile);
  const problem = checkInstanceName(name);
  if (problem) throw usageError(`--instance ${problem}`);
  return name;
}

export function checkedParams(values: string[]): Record<string, string> {
  const parsed = parseParams(values);
  if ('problem' in parsed) throw usageError(parsed.problem);
  return parsed.params;
}

async function profileSecrets(profile: Profile, name: string, deps: PushDeps): Promise<Partial<Record<SecretKind, string>>> {
  const { values, missingRequired } = await readProfileSecrets(name, secretKinds(profile), deps);
  const [firstMissing] = missingRequired;
  if (firstMissing) throw missingSecretError(name, firstMissing);
  return values;
}

export async function runPush(options: PushOptions, deps: PushDeps): Promise<number> {
  const profile = await deps.loadProfile(options.profile);
  const integration = pushIntegration(profile, options.profile);
  const remembered = rememberedOf(profile);
  const given = checkedParams(options.params);
  const params = { ...profile.params, ...given };
  const fromFile = Object.fromEntries(Object.entries(profile.params ?? {}).filter(([name]) => !Object.hasOwn(given, name)));
  const instance = instanceName(options.instance, remembered, integration, options.profile);
  if (!options.instance && !remembered?.instance) deps.ui.info(`Instance name: ${instance} (--instance NAME to choose another).`);
  const secrets = await profileSecrets(profile, options.profile, deps);
  const input = profileHandoff(profile, integration, secrets);

  // Asked after every local check, before anything is sent.
  await trustFileValues(integration, savedValues(profile, fromFile), `profile "${options.profile}" in ${deps.configPath}`, deps.prompter);
  const connection = await connectXsoar(options, deps, remembered);
  const session = await openPush(
    {
      ...connection,
      integration,
      instance,
      params,
      saved: { profile: options.profile, names: new Set(Object.keys(fromFile)) },
      runTest: options.test,
      json: options.json,
    },
    { ui: deps.ui, prompter: deps.prompter, onCancel: deps.onCancel, remember: (memory) => deps.remember(options.profile, memory) },
    input,
  );
  if (options.plan) {
    session.plan(input);
    return 0;
  }
  return session.push(input);
}
