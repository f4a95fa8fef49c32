/**
 * setup, device code (RFC 8628): for SSH sessions and jump boxes without a browser.
 * A public client (no secret); the operator signs in on any device with a short code.
 * XSOAR gets `<client id>@<refresh token>` where the integration's ID field takes
 * that form, else the names of its own device-code commands.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code
 */
import { authorityOrigin } from '../../core/authority.js';
import { scopeList } from '../../core/authorize-url.js';
import { xsoarPublicClient, type Integration } from '../../core/catalog.js';
import { CliError } from '../../errors.js';
import { askScopes, askTenantAndClient } from './self-deployed-questions.js';
import { describeTokens, showPermissions } from './sign-in-report.js';
import type { SetupDeps, SetupOptions } from './options.js';
import { openCheckedStore, saveAndHandOff } from './result.js';

export async function runDeviceCode(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<void> {
  const store = await openCheckedStore(options, deps);

  const { tenantId, clientId } = await askTenantAndClient(options, deps, integration && xsoarPublicClient(integration, options.cloud));
  const scopes = await askScopes(integration, 'device-code', options, deps);
  showPermissions(integration, 'device-code', deps);

  const settings = {
    origin: authorityOrigin(options.cloud, options.authorityHost),
    tenant: tenantId,
    clientId,
    timeout: options.httpTimeout,
  };
  const device = await deps.startDevice(settings, scopeList(scopes));
  deps.ui.info('On any device, open this page and enter the code below:');
  deps.ui.url(device.verificationUri);
  deps.ui.url(device.userCode);
  deps.ui.info(deps.ui.style.dim(`Waiting for the sign-in (the code lasts ${Math.round(device.expiresIn / 60)} min; Ctrl-C to stop)…`));
  // Entra says when the code expires (expired_token); --timeout, if given, bounds the wait besides.
  const tokens = await deps.pollDevice(settings, device, AbortSignal.timeout((options.timeout ?? device.expiresIn + 30) * 1000));
  describeTokens(tokens, tenantId, deps);
  if (!tokens.refreshToken) {
    throw new CliError('auth', 'no_refresh_token', 'Entra returned no refresh token, so nothing lasting can be handed to XSOAR.', [
      'offline_access must be allowed for the app.',
    ]);
  }

  await saveAndHandOff(deps, options, integration, {
    store,
    fields: {
      method: 'self-deployed',
      integration: integration?.id ?? null,
      flow: 'device-code',
      tenantId,
      clientId,
      redirectUri: '',
      scopes,
    },
    secrets: { 'refresh-token': tokens.refreshToken },
    saved: `Saved profile "${options.profile}": refresh token in ${store.label}.`,
    handoff: { deviceRefreshToken: tokens.refreshToken, scopes },
  });
}
