/**
 * `ms-auth export`: the XSOAR instance parameters of a saved profile, again. The
 * authorization code setup handed over is single-use and never stored, so for an
 * auth-code profile the code parameter carries the stored refresh token in the
 * `refresh_token:<token>` form MicrosoftApiModule accepts.
 */
import { findIntegration } from '../../core/catalog.js';
import { secretKinds } from '../../core/profile-check.js';
import { buildHandoff, formatHandoff, handoffDocument, handoffTitle } from '../../core/handoff.js';
import { fileHostWarning, fileHosts, savedValues } from '../../core/instance-params.js';
import { profileHandoff } from '../../core/xsoar-push.js';
import type { SecretStore } from '../../io/secret-store.js';
import { missingSecretError, readProfileSecrets } from '../profile-secrets.js';
import type { Profile } from '../../core/profile.js';
import type { Ui } from '../../io/terminal.js';

export type ExportFormat = 'text' | 'json' | 'env' | 'powershell';

export interface ExportOptions {
  profile: string;
  format: ExportFormat;
  showSecrets: boolean;
}

export interface ExportDeps {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  loadProfile(name: string): Promise<Profile>;
  openStore(): Promise<SecretStore>;
  /** The clock, for the refresh token's age (default: the system's). */
  now?: () => Date;
}

/** Entra's default refresh-token lifetime: a token unused this long is refused (AADSTS700082). */
export const REFRESH_TOKEN_DAYS = 90;

/**
 * The warning for a stored refresh token older than Entra's 90-day lifetime, dated from the
 * profile's last save (when setup stored the token), or undefined.
 */
export function staleRefreshTokenWarning(profile: Pick<Profile, 'updatedAt'>, now: Date): string | undefined {
  const saved = Date.parse(profile.updatedAt);
  if (Number.isNaN(saved)) return undefined;
  const days = Math.floor((now.getTime() - saved) / 86_400_000);
  if (days <= REFRESH_TOKEN_DAYS) return undefined;
  return `The stored refresh token was saved ${days} days ago (${profile.updatedAt}); Entra refresh tokens last ${REFRESH_TOKEN_DAYS} days unless used, so XSOAR may be refused (AADSTS700082). Run ms-auth setup again for a fresh one.`;
}

/** POSIX shell single-quoting. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * PowerShell single-quoting: nothing inside is expanded; a quote is doubled. PowerShell
 * also ends a single-quoted string at the typographic quotes ‘ ’ ‚ ‛, so those are doubled too.
 */
const powershellQuote = (value: string): string => `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;

/** One line per variable, for `--format env` (POSIX shells) and `--format powershell`. */
const ASSIGNMENT = {
  env: (name: string, value: string) => `${name}=${shellQuote(value)}`,
  powershell: (name: string, value: string) => `$env:${name} = ${powershellQuote(value)}`,
};

const envName = (param: string, half?: string): string =>
  `XSOAR_${param}${half ? `_${half}` : ''}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

export async function runExport(options: ExportOptions, deps: ExportDeps): Promise<void> {
  const profile = await deps.loadProfile(options.profile);
  const integration = profile.integration === null ? undefined : findIntegration(profile.integration);
  // What push would ask about or refuse is said here too: the hand-off may go to XSOAR by other hands.
  for (const host of fileHosts(integration, savedValues(profile))) deps.ui.warn(fileHostWarning(host, options.profile));
  // Only the kinds this profile's method uses, so CI with MS_AUTH_* set needs no keychain.
  const read = await readProfileSecrets(options.profile, secretKinds(profile), deps);
  // A hand-off without a secret XSOAR cannot work without is broken, as status says (exit 3).
  const lacking = read.missingRequired[0];
  if (lacking) throw missingSecretError(options.profile, lacking);
  const secrets = read.values;
  const refreshToken = secrets['refresh-token'];
  const stale =
    refreshToken && !deps.env['MS_AUTH_REFRESH_TOKEN'] ? staleRefreshTokenWarning(profile, deps.now?.() ?? new Date()) : undefined;
  if (stale) deps.ui.warn(stale);
  const handoff = buildHandoff({ ...profileHandoff(profile, integration, secrets), showSecrets: options.showSecrets });
  if (options.format === 'json') {
    deps.ui.result(JSON.stringify(handoffDocument(options.profile, { integration, method: profile.method, flow: profile.flow }, handoff)));
  } else if (options.format === 'env' || options.format === 'powershell') {
    // A masked value in a file meant to be sourced would be silently wrong: leave it out.
    const shown = handoff.fields.filter((f) => !f.masked);
    const left = handoff.fields.filter((f) => f.masked).map((f) => envName(f.param, f.credential));
    const assign = ASSIGNMENT[options.format];
    deps.ui.result(shown.map((f) => assign(envName(f.param, f.credential), String(f.value))).join('\n'));
    if (left.length) deps.ui.warn(`Left out (secrets; --show-secrets includes them): ${left.join(', ')}`);
  } else {
    deps.ui.result(formatHandoff(handoff, handoffTitle(options.profile, integration)));
    if (refreshToken && profile.flow === 'auth-code')
      deps.ui.info('The authorization code field carries refresh_token:<token>, which XSOAR uses in place of a code.');
  }
}
