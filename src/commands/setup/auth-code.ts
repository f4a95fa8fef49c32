/**
 * setup, self-deployed application, authorization code flow: the values, the browser
 * round trip with PKCE and `state`, the tool's own redemption, and what XSOAR gets
 * in its place (a fresh code, the refresh token, or nothing).
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 */
import { authorityOrigin } from '../../core/authority.js';
import { buildAuthorizeUrl, scopeList } from '../../core/authorize-url.js';
import type { Integration } from '../../core/catalog.js';
import { HANDOFFS, type Handoff, type HandoffInput } from '../../core/handoff.js';
import { createPkce, randomToken } from '../../core/pkce.js';
import { CliError } from '../../errors.js';
import { askBrowserFlowValues, credentialSettings, saveBrowserFlow } from './self-deployed-questions.js';
import { describeTokens, showPermissions } from './sign-in-report.js';
import { roundTrip } from './redirect.js';
import type { SetupDeps, SetupOptions } from './options.js';

const HANDOFF_CHOICES: Record<Handoff, { name: string; description: string }> = {
  'fresh-code': {
    name: 'A fresh authorization code (recommended)',
    description: 'One more browser round trip, usually with nothing to click; XSOAR redeems the code within ten minutes.',
  },
  'refresh-token': {
    name: 'The refresh token, as refresh_token:<token>',
    description: "Goes into XSOAR's Authorization code field; no second code needed.",
  },
  none: { name: 'No code', description: 'Only ID, Token, Key and redirect URI; get the code in XSOAR yourself.' },
};

/** What XSOAR gets after the tool's own exchange: asked only when it matters and nothing decided it. */
async function chooseHandoff(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<Handoff> {
  if (options.handoff !== undefined || !options.exchange) return options.handoff ?? 'none';
  // Without an integration nothing says whether a code is wanted: ask, or give none.
  const takesCode = integration?.params.authCode !== undefined;
  if (!deps.prompter) return takesCode ? 'fresh-code' : 'none';
  if (integration && !takesCode) return 'none';
  return deps.prompter.select({
    message: 'Your sign-in proves the setup but spends its code. What should XSOAR get?',
    choices: HANDOFFS.map((h) => ({ value: h, ...HANDOFF_CHOICES[h] })),
    default: 'fresh-code',
  });
}

export async function runAuthCode(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<void> {
  const { listen, ...values } = await askBrowserFlowValues(integration, 'auth-code', options, deps);
  const { tenantId, clientId, credential, redirectUri, scopes } = values;
  const handoff = await chooseHandoff(integration, options, deps);
  showPermissions(integration, 'auth-code', deps);
  if (!options.exchange) {
    deps.ui.warn('--no-exchange: the secret, consent and scopes are not checked here; XSOAR will be the first to redeem the code.');
  }

  const origin = authorityOrigin(options.cloud, options.authorityHost);
  const pkce = options.exchange ? createPkce() : undefined;
  const state = randomToken();
  const first = await roundTrip(
    {
      url: buildAuthorizeUrl({ origin, tenant: tenantId, clientId, redirectUri, scopes, state, codeChallenge: pkce?.challenge }),
      state,
      instruction: listen
        ? 'Sign in and consent in the browser at this URL:'
        : 'Sign in and consent in the browser at this URL, then paste the address it redirects you to:',
      noBrowser: options.noBrowser,
      listen,
    },
    deps,
    'Paste the redirect URL (or the code)',
  );

  let authCode: HandoffInput['authCode'];
  let refreshToken: string | undefined;
  if (pkce) {
    const tokens = await deps.redeem(
      { origin, tenant: tenantId, clientId, ...credentialSettings(credential), timeout: options.httpTimeout },
      { code: first.code, redirectUri, scopes: scopeList(scopes), state: first.state, codeVerifier: pkce.verifier },
    );
    describeTokens(tokens, tenantId, deps);
    refreshToken = tokens.refreshToken;
    if (handoff === 'refresh-token') {
      if (!refreshToken) {
        throw new CliError('auth', 'no_refresh_token', 'Entra returned no refresh token, so XSOAR cannot be given one.', [
          'offline_access must be allowed for the app; or use --handoff fresh-code.',
        ]);
      }
      authCode = { kind: 'refresh-token', token: refreshToken };
    } else if (handoff === 'fresh-code') {
      deps.ui.info(
        'That code is now spent (codes are single-use). XSOAR needs its own: one more round trip, usually with nothing to click.',
      );
      const freshState = randomToken();
      const fresh = await roundTrip(
        {
          url: buildAuthorizeUrl({ origin, tenant: tenantId, clientId, redirectUri, scopes, state: freshState }),
          state: freshState,
          instruction: `Open this URL (no PKCE, so XSOAR can redeem the code)${listen ? '' : ', then paste the address it redirects you to'}:`,
          noBrowser: options.noBrowser,
          listen,
        },
        deps,
        'Paste the second redirect URL (or the code)',
      );
      authCode = { kind: 'code', code: fresh.code, issuedAt: deps.now().toISOString() };
    }
  } else {
    authCode = { kind: 'code', code: first.code, issuedAt: deps.now().toISOString() };
  }

  await saveBrowserFlow(integration, 'auth-code', values, { refreshToken, authCode }, options, deps);
}
