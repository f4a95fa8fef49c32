/**
 * What setup tells the operator around a sign-in: the permissions the app registration
 * needs (before the browser), and who signed in with what (after).
 */
import type { Integration } from '../../core/catalog.js';
import { peekClaims } from '../../core/jwt.js';
import type { Flow } from '../../core/profile.js';
import { sanitize } from '../../core/sanitize.js';
import type { Tokens } from '../../io/oauth.js';
import type { SetupDeps } from './options.js';

/** What the app registration needs, before the operator goes to the browser, so consent succeeds the first time. */
export function showPermissions(integration: Integration | undefined, flow: Flow, deps: SetupDeps): void {
  const wanted = flow === 'client-credentials' ? 'application' : 'delegated';
  const permissions = integration?.permissions.filter((p) => p.type === wanted || p.type === 'azure-role') ?? [];
  if (!integration || permissions.length === 0) return;
  deps.ui.info(
    `${integration.name} needs these permissions on the app registration (API permissions), so consent succeeds the first time:`,
  );
  for (const p of permissions) deps.ui.info(`  - ${p.name} (${p.type}${p.api ? `, ${p.api}` : ''})`);
}

/** Who signed in and what was granted, from the token response (claims read for display only). */
export function describeTokens(tokens: Tokens, tenant: string, deps: SetupDeps): void {
  // Display only: the access token's claims are read, never trusted for a decision.
  const claims = peekClaims(tokens.accessToken);
  const user = tokens.user ?? [claims?.['upn'], claims?.['preferred_username'], claims?.['unique_name']].find((c) => typeof c === 'string');
  const tid = typeof claims?.['tid'] === 'string' && claims['tid'] !== tenant ? ` (${sanitize(claims['tid'], { max: 40 })})` : '';
  deps.ui.success(`Signed in to tenant ${tenant}${tid}${typeof user === 'string' ? ` as ${sanitize(user, { max: 120 })}` : ''}.`);
  if (tokens.scopes.length) deps.ui.info(`  Granted: ${tokens.scopes.join(' ')}`);
  if (tokens.expiresIn !== undefined) {
    deps.ui.info(
      `  Access token valid for ${Math.round(tokens.expiresIn / 60)} minutes; refresh token ${tokens.refreshToken ? 'received' : 'NOT received (is offline_access allowed?)'}.`,
    );
  }
}
