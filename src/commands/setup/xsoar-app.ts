/**
 * setup with the Cortex XSOAR application (Palo Alto's registered app): its consent page,
 * then the ID, Token and Key it shows, from flags and environment or masked questions.
 */
import type { Integration } from '../../core/catalog.js';
import { SECRET_ENV } from '../../core/profile.js';
import { checkXsoarId, checkXsoarKey, checkXsoarToken, consentPageUrl } from '../../core/xsoar-app.js';
import { missingValueError, suppliedValue } from '../ask.js';
import type { SetupDeps, SetupOptions } from './options.js';
import { sendToBrowser } from './redirect.js';
import { openCheckedStore, saveAndHandOff } from './result.js';

export async function runXsoarApp(integration: Integration, options: SetupOptions, deps: SetupDeps): Promise<void> {
  // Fail fast: the keychain, then any value given up front, before the consent page.
  const store = await openCheckedStore(options, deps);
  const idSource = { flag: '--xsoar-id ID', label: 'XSOAR application ID' };
  const tokenSource = { env: SECRET_ENV['xsoar-token'], label: 'XSOAR Token' };
  const keySource = { env: SECRET_ENV['xsoar-key'], label: 'XSOAR Key' };
  const given = {
    id: suppliedValue(options.xsoarId, idSource, checkXsoarId, deps.env),
    token: suppliedValue(undefined, tokenSource, checkXsoarToken, deps.env),
    key: suppliedValue(undefined, keySource, checkXsoarKey, deps.env),
  };
  if (!deps.prompter) {
    const absent = [
      given.id === undefined && idSource,
      given.token === undefined && tokenSource,
      given.key === undefined && keySource,
    ].find(Boolean);
    if (absent) throw missingValueError(absent);
  }
  await sendToBrowser(
    {
      url: consentPageUrl(integration.xsoarApp ?? ''),
      instruction: `Open the Cortex XSOAR consent page for ${integration.name}, sign in, choose Start Authorization Process, and copy the ID, Token and Key it shows:`,
      noBrowser: options.noBrowser,
    },
    deps,
  );
  const prompter = deps.prompter;
  const id = given.id ?? (await prompter!.input({ message: 'ID', validate: checkXsoarId }));
  const token = given.token ?? (await prompter!.password({ message: 'Token', validate: checkXsoarToken }));
  const key = given.key ?? (await prompter!.password({ message: 'Key', validate: checkXsoarKey }));
  await saveAndHandOff(deps, options, integration, {
    store,
    fields: { method: 'xsoar-app', integration: integration.id, flow: null, tenantId: '', clientId: id, redirectUri: '', scopes: [] },
    secrets: { 'xsoar-token': token, 'xsoar-key': key },
    saved: `Saved profile "${options.profile}": Token and Key are in ${store.label}.`,
    handoff: { xsoarToken: token, xsoarKey: key },
  });
}
