/**
 * `ms-auth export`: the XSOAR instance parameters of a saved profile, again. The
 * authorization code setup handed over is single-use and never stored, so for an
 * auth-code profile the code parameter carries the stored refresh token in the
 * `refresh_token:<token>` form MicrosoftApiModule accepts.
 */
import { findIntegration } from '../core/catalog.js';
import { buildHandoff, formatHandoff, paramsObject } from '../core/handoff.js';
import { resolveSecret, type SecretStore } from '../io/secret-store.js';
import type { Profile } from '../core/profile.js';
import type { Ui } from '../io/terminal.js';

export const EXPORT_FORMATS = ['text', 'json', 'env'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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
}

/** POSIX shell single-quoting. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

const envName = (param: string, half?: string): string =>
  `XSOAR_${param}${half ? `_${half}` : ''}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

export async function runExport(options: ExportOptions, deps: ExportDeps): Promise<void> {
  const profile = await deps.loadProfile(options.profile);
  const integration = profile.integration === null ? undefined : findIntegration(profile.integration);
  const store = await deps.openStore();
  const secret = async (kind: Parameters<typeof resolveSecret>[3]) => (await resolveSecret(store, deps.env, options.profile, kind)).value;
  const refreshToken = profile.flow === 'auth-code' ? await secret('refresh-token') : undefined;
  const handoff = buildHandoff({
    integration,
    method: profile.method,
    flow: profile.flow,
    cloud: profile.cloud,
    clientId: profile.clientId,
    tenantId: profile.tenantId,
    redirectUri: profile.redirectUri,
    clientSecret: await secret('client-secret'),
    xsoarToken: await secret('xsoar-token'),
    xsoarKey: await secret('xsoar-key'),
    authCode: refreshToken ? { kind: 'refresh-token', token: refreshToken } : undefined,
    showSecrets: options.showSecrets,
  });
  if (options.format === 'json') {
    deps.ui.result(
      JSON.stringify({
        profile: options.profile,
        integration: profile.integration,
        method: profile.method,
        flow: profile.flow,
        xsoar: { params: paramsObject(handoff), testCommand: handoff.testCommand ?? null, resetCommand: handoff.resetCommand ?? null },
      }),
    );
  } else if (options.format === 'env') {
    deps.ui.result(handoff.fields.map((f) => `${envName(f.param, f.credential)}=${shellQuote(String(f.value))}`).join('\n'));
  } else {
    deps.ui.result(formatHandoff(handoff, `XSOAR instance parameters for ${integration?.name ?? 'your integration'} (profile ${options.profile}):`));
    if (refreshToken) deps.ui.info('The authorization code field carries refresh_token:<token>, which XSOAR uses in place of a code.');
  }
}
