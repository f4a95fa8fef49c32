/**
 * How every setup path begins and ends: the keychain checked before any question, the
 * profile it saves, and the hand-off it prints.
 */
import { buildHandoff, formatHandoff, handoffDocument, handoffTitle, type HandoffInput } from '../../core/handoff.js';
import type { Profile } from '../../core/profile.js';
import type { SecretStore } from '../../io/secret-store.js';
import type { SetupDeps, SetupOptions } from './options.js';

/** Fail fast: the keychain must take writes before any question or browser. */
export async function openCheckedStore(options: SetupOptions, deps: SetupDeps): Promise<SecretStore> {
  const store = await deps.openStore();
  await store.probe(options.profile);
  return store;
}

export function newProfile(
  options: SetupOptions,
  fields: Pick<Profile, 'method' | 'integration' | 'flow' | 'tenantId' | 'clientId' | 'redirectUri' | 'scopes' | 'certificateThumbprint'>,
  now: Date,
): Profile {
  return {
    ...fields,
    cloud: options.cloud,
    ...(options.authorityHost !== undefined && { authorityHost: options.authorityHost }),
    ...(options.params && Object.keys(options.params).length > 0 && { params: { ...options.params } }),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** Pushes the hand-off into XSOAR (setup --push), or prints it: a readable block, or with --json the contract's document. */
export async function emitHandoff(deps: Pick<SetupDeps, 'ui' | 'handOver'>, options: SetupOptions, given: HandoffInput): Promise<void> {
  // The instance parameters (--param, the wizard's answers) travel with every hand-off.
  const input: HandoffInput = { ...given, params: { ...given.params, ...options.params } };
  if (deps.handOver && (await deps.handOver(input))) return;
  const handoff = buildHandoff(input);
  deps.ui.result(options.json ? JSON.stringify(handoffDocument(options.profile, input, handoff)) : formatHandoff(handoff, handoffTitle(options.profile, input.integration)));
}
