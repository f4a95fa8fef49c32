/**
 * How every setup path begins and ends: the keychain checked before any question, the
 * profile it saves, and the hand-off it prints.
 */
import { buildHandoff, formatHandoff, handoffDocument, handoffTitle, type HandoffInput } from '../../core/handoff.js';
import type { Integration } from '../../core/catalog.js';
import type { Profile } from '../../core/profile.js';
import { sanitize } from '../../core/sanitize.js';
import { CliError } from '../../errors.js';
import type { Secrets } from '../../io/persist.js';
import type { SecretStore } from '../../io/secret-store.js';
import type { SetupDeps, SetupOptions } from './options.js';

/** Fail fast: the keychain must take writes before any question or browser. */
export async function openCheckedStore(options: SetupOptions, deps: SetupDeps): Promise<SecretStore> {
  const store = await deps.openStore();
  await store.probe(options.profile);
  return store;
}

/** A setup path's own profile fields: the rest (cloud, login host, parameters, times) come from the options. */
type ProfileFields = Pick<
  Profile,
  'method' | 'integration' | 'flow' | 'tenantId' | 'clientId' | 'redirectUri' | 'scopes' | 'certificateThumbprint'
>;

function newProfile(options: SetupOptions, fields: ProfileFields, now: Date, existing: Profile | undefined): Profile {
  // Set up again for the same integration, the profile still lives where it was pushed (a push replaces this).
  const pushed = existing?.xsoar !== undefined && existing.integration === fields.integration ? existing.xsoar : undefined;
  return {
    ...fields,
    cloud: options.cloud,
    ...(options.authorityHost !== undefined && { authorityHost: options.authorityHost }),
    ...(options.params && Object.keys(options.params).length > 0 && { params: { ...options.params } }),
    ...(pushed && { xsoar: { ...pushed } }),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** The instance parameters (--param, the wizard's answers) travel with every hand-off. */
const withParams = (options: SetupOptions, given: HandoffInput): HandoffInput => ({
  ...given,
  params: { ...given.params, ...options.params },
});

/** Pushes the hand-off into XSOAR (setup --push), or prints it: a readable block, or with --json the contract's document. */
async function emitHandoff(deps: Pick<SetupDeps, 'ui' | 'handOver'>, options: SetupOptions, given: HandoffInput): Promise<void> {
  const input = withParams(options, given);
  if (deps.handOver && (await deps.handOver(input))) return;
  const handoff = buildHandoff(input);
  deps.ui.result(
    options.json
      ? JSON.stringify(handoffDocument(options.profile, input, handoff))
      : formatHandoff(handoff, handoffTitle(options.profile, input.integration)),
  );
}

/**
 * Saves the profile with its secrets, says so, and hands off (push or print). When the
 * save fails anyway (it was rolled back), the operator still gets what the sign-in paid
 * for: the hand-off is printed (secrets masked unless --show-secrets, never pushed without
 * a profile), and the error says why the profile could not be kept; with --json both are
 * in the one document.
 */
export async function saveAndHandOff(
  deps: Pick<SetupDeps, 'ui' | 'save' | 'handOver' | 'now' | 'existing'>,
  options: SetupOptions,
  integration: Integration | undefined,
  result: {
    store: SecretStore;
    fields: ProfileFields;
    secrets: Secrets;
    /** The line that says what was saved where. */
    saved: string;
    /** What the hand-off carries beyond the profile's fields: the secrets, a code, a refresh token. */
    handoff: Omit<HandoffInput, 'integration' | 'method' | 'flow' | 'cloud' | 'clientId' | 'tenantId' | 'redirectUri' | 'showSecrets'>;
  },
): Promise<void> {
  const { fields } = result;
  const profile = newProfile(options, fields, deps.now(), deps.existing);
  const given: HandoffInput = {
    integration,
    method: fields.method,
    flow: fields.flow,
    cloud: options.cloud,
    clientId: fields.clientId,
    tenantId: fields.tenantId,
    redirectUri: fields.redirectUri,
    ...result.handoff,
    showSecrets: options.showSecrets,
  };
  try {
    await deps.save(result.store, profile, result.secrets);
  } catch (error) {
    if (error instanceof CliError && error.kind === 'cancelled') throw error;
    const reason =
      error instanceof CliError
        ? error
        : new CliError('internal', 'unexpected', sanitize(error instanceof Error ? error.message : String(error), { max: 300 }));
    const input = withParams(options, given);
    const handoff = buildHandoff(input);
    const message = `The profile "${options.profile}" could not be saved: ${reason.message}`;
    const hints = [
      'The XSOAR parameters printed on stdout are still good: enter them in XSOAR now (masked secrets are the values you supplied; --show-secrets prints them), then fix the cause and run setup again to keep a profile.',
      ...reason.hints,
    ];
    if (options.json)
      throw new CliError(reason.kind, 'profile_not_saved', message, hints, handoffDocument(options.profile, input, handoff));
    deps.ui.result(formatHandoff(handoff, handoffTitle(options.profile, input.integration)));
    throw new CliError(reason.kind, 'profile_not_saved', message, hints);
  }
  deps.ui.success(result.saved);
  await emitHandoff(deps, options, given);
}
