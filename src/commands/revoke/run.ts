/**
 * `ms-auth revoke`: the guidance for withdrawing consent and invalidating credentials
 * (the result, on stdout), and with --forget the local profile and its secrets gone.
 */
import { findIntegration } from '../../core/catalog.js';
import { LOCAL_NOTE, formatGuidance, revokeGuidance } from '../../core/revoke.js';
import { displayProfile, type Profile } from '../../core/profile.js';
import { cancelled, setCancelNote, usageError } from '../../errors.js';
import type { Prompter } from '../../io/prompter.js';
import type { SecretStore } from '../../io/secret-store.js';
import type { Ui } from '../../io/terminal.js';

export interface RevokeOptions {
  profile: string;
  forget: boolean;
  yes: boolean;
  json: boolean;
}

export interface RevokeDeps {
  ui: Ui;
  prompter?: Prompter | undefined;
  loadProfile(name: string): Promise<Profile>;
  openStore(): Promise<SecretStore>;
  forget(store: SecretStore, name: string): Promise<string[]>;
}

export async function runRevoke(options: RevokeOptions, deps: RevokeDeps): Promise<void> {
  const profile = await deps.loadProfile(options.profile);
  const integration = profile.integration ? findIntegration(profile.integration) : undefined;
  let forgotten: string[] | undefined;
  if (options.forget) {
    setCancelNote('Nothing was deleted.');
    if (!options.yes) {
      if (!deps.prompter) throw usageError('--forget deletes the profile and its secrets: confirm with --yes (no terminal to ask on).');
      const sure = await deps.prompter.confirm({
        message: `Delete profile "${options.profile}" and its secrets from this machine?`,
        default: false,
      });
      if (!sure) throw cancelled();
    }
    forgotten = await deps.forget(await deps.openStore(), options.profile);
  }
  if (options.json) {
    deps.ui.result(
      JSON.stringify({
        profile: options.profile,
        steps: revokeGuidance(profile, integration),
        note: LOCAL_NOTE,
        forgotten: forgotten !== undefined,
        ...(forgotten && { deletedSecrets: forgotten }),
      }),
    );
  } else {
    // The file's texts as a terminal may show them.
    deps.ui.result(formatGuidance(options.profile, revokeGuidance(displayProfile(profile), integration)));
  }
  if (forgotten) deps.ui.success(`Forgot profile "${options.profile}"${forgotten.length ? ` and its ${forgotten.join(', ')}` : ''}.`);
}
