/**
 * setup, self-deployed application, client credentials (app only): the admin consent
 * round trip, then a client-credentials token that proves secret (or certificate),
 * consent and permissions, with the roles it carries.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { authorityOrigin, endpoints } from '../../core/authority.js';
import type { Integration } from '../../core/catalog.js';
import { peekClaims } from '../../core/jwt.js';
import { randomToken } from '../../core/pkce.js';
import { sanitize } from '../../core/sanitize.js';
import { askBrowserFlowValues, credentialSettings, saveBrowserFlow } from './self-deployed-questions.js';
import { showPermissions } from './sign-in-report.js';
import { consentRoundTrip } from './redirect.js';
import type { SetupDeps, SetupOptions } from './options.js';

/** `{login}/{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri&state`, values encoded as encodeURIComponent does. */
export function adminConsentUrl(
  origin: string,
  tenant: string,
  clientId: string,
  scope: string,
  redirectUri: string,
  state: string,
): string {
  const query = [
    ['client_id', clientId],
    ['scope', scope],
    ['redirect_uri', redirectUri],
    ['state', state],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  return `${endpoints(origin, tenant).adminConsent}?${query}`;
}

export async function runClientCredentials(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<void> {
  const { listen, ...values } = await askBrowserFlowValues(integration, 'client-credentials', options, deps);
  const { tenantId, clientId, credential, redirectUri, scopes } = values;
  showPermissions(integration, 'client-credentials', deps);

  const origin = authorityOrigin(options.cloud, options.authorityHost);
  const state = randomToken();
  const consent = await consentRoundTrip(
    {
      url: adminConsentUrl(origin, tenantId, clientId, scopes.join(' '), redirectUri, state),
      state,
      instruction: `An administrator grants the app's permissions at this URL${listen ? '' : ', then pastes the address it redirects to'}:`,
      noBrowser: options.noBrowser,
      listen,
    },
    deps,
    'Paste the redirect URL after admin consent',
  );
  deps.ui.success(`Admin consent granted${consent.tenant ? ` in tenant ${sanitize(consent.tenant, { max: 60 })}` : ''}.`);

  const tokens = await deps.clientCredentials(
    { origin, tenant: tenantId, clientId, ...credentialSettings(credential), timeout: options.httpTimeout },
    scopes,
  );
  // Display only: roles are read from the token, never trusted for a decision.
  const roles = peekClaims(tokens.accessToken)?.['roles'];
  const granted = Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string').map((r) => sanitize(r, { max: 100 })) : [];
  deps.ui.success(
    `Entra issued an app-only token for ${scopes.join(' ')}${granted.length ? ` with roles: ${granted.join(', ')}` : ' (no application roles in it yet: check the API permissions and admin consent)'}.`,
  );

  await saveBrowserFlow(integration, 'client-credentials', values, {}, options, deps);
}
