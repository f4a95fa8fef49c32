/**
 * `ms-auth status`: what is saved, per profile, like `gh auth status`: method,
 * integration, tenant, client, where each secret lives (masked), and with --online
 * whether Entra still accepts it. Exit 3 when a profile is missing or broken, 4 when
 * Entra rejects it.
 */
import { findIntegration } from '../../core/catalog.js';
import { checkConfigDocument, secretKinds } from '../../core/profile-check.js';
import { displayProfile, findProfile, unusableProfile, type ConfigFile, type Profile, type SecretKind } from '../../core/profile.js';
import { mask } from '../../core/redact.js';
import { sanitize } from '../../core/sanitize.js';
import { CliError, runExitCode, type ErrorKind } from '../../errors.js';
import type { SecretSource, SecretStore } from '../../io/secret-store.js';
import { kindsFromStore, missingSecretMessage, readProfileSecrets } from '../profile-secrets.js';
import type { Ui } from '../../io/terminal.js';
import type { TokenRequests } from '../token-requests.js';
import { proveOnline, type OnlineDeps, type OnlineResult } from '../online.js';

export interface StatusOptions {
  profile: string;
  all: boolean;
  online: boolean;
  json: boolean;
  httpTimeout: number;
}

export interface StatusDeps extends TokenRequests, Pick<OnlineDeps, 'authorityHost' | 'announce'> {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  configPath: string;
  readConfig(): Promise<ConfigFile>;
  openStore(): Promise<SecretStore>;
  /**
   * What the text calls the store when it is not the keychain (--insecure-storage's file);
   * `--json` keeps the contract's `keychain` for it.
   */
  storedIn?: string;
  /** The plaintext file of an earlier --insecure-storage run, when the keychain is in use now. */
  leftovers?: SecretStore | undefined;
}

interface Entry {
  name: string;
  profile: Profile;
  sources: Partial<Record<SecretKind, SecretSource>>;
  values: Partial<Record<SecretKind, string>>;
  problems: string[];
  online?: OnlineResult | { ok: false; message: string; code: string };
}

function describe(entry: Entry, storedIn: string | undefined): string {
  // Every text of the file shown as a terminal may show it (whoever wrote the file may not be you).
  const p = displayProfile(entry.profile);
  const integration = p.integration ? (findIntegration(p.integration)?.name ?? p.integration) : 'no integration';
  const lines = [
    `${sanitize(entry.name, { max: 80 })}  (${integration}; ${p.method}${p.flow ? `, ${p.flow}` : ''}; ${p.cloud}${p.authorityHost ? ` via ${p.authorityHost}` : ''})`,
  ];
  if (p.method === 'self-deployed') lines.push(`  Tenant:        ${p.tenantId}`, `  Client ID:     ${p.clientId}`);
  else lines.push(`  XSOAR app ID:  ${p.clientId}`);
  if (p.redirectUri) lines.push(`  Redirect URI:  ${p.redirectUri}`);
  if (p.scopes.length) lines.push(`  Scopes:        ${p.scopes.join(' ')}`);
  const secrets = Object.entries(entry.sources).map(([kind, source]) => {
    const value = entry.values[kind as SecretKind];
    return `${kind}: ${source === 'keychain' && storedIn ? storedIn : source}${value ? ` (${sanitize(mask(value))})` : ''}`;
  });
  if (p.xsoar) lines.push(`  Pushed to:     ${p.xsoar.url}, instance "${p.xsoar.instance}"`);
  lines.push(
    `  Secrets:       ${secrets.join(', ')}`,
    `  Set up:        ${p.createdAt}${p.updatedAt !== p.createdAt ? ` (updated ${p.updatedAt})` : ''}`,
  );
  for (const problem of entry.problems) lines.push(`  ✗ ${problem}`);
  if (entry.online)
    lines.push(`  ${entry.online.ok === true ? '✓' : entry.online.ok === null ? '-' : '✗'} Online: ${entry.online.message}`);
  return lines.join('\n');
}

export async function runStatus(options: StatusOptions, deps: StatusDeps): Promise<number> {
  const config = await deps.readConfig();
  const names = options.all ? Object.keys(config.profiles) : [options.profile];
  if (names.length === 0)
    throw new CliError('config', 'no_profiles', `No profiles in ${deps.configPath} yet.`, ['Create one with `ms-auth setup`.']);
  const unknownName = names.find((name) => !findProfile(config, name));
  if (unknownName !== undefined) throw unusableProfile(config, unknownName, deps.configPath, ' (or --all).');
  let store: Promise<SecretStore> | undefined;
  const openStore = () => (store ??= deps.openStore());
  // Every keychain secret the run will read, fetched at once when there are many (--all),
  // and checked offline while the keychain answers.
  const wanted = names.flatMap((name) =>
    kindsFromStore(
      deps.env,
      secretKinds(config.profiles[name] as Profile).map((k) => k.kind),
    ).map((kind) => ({ profile: name, kind })),
  );
  // The secrets themselves only for what is shown masked (not in --json) or used online.
  const shown = !options.json || options.online;
  const prefetch = wanted.length ? (await openStore()).prefetch?.(wanted, { values: shown }) : undefined;
  await prefetch?.asked;
  const report = checkConfigDocument(config, names, deps.authorityHost);
  const checked = new Map(report.profiles.map((c) => [c.name, c.problems]));
  await prefetch?.done;
  const entries: Entry[] = [];
  /** What went wrong, per profile: one exit code for the run (errors.ts runExitCode). */
  const failures: ErrorKind[] = [];
  for (const name of names) {
    const profile = findProfile(config, name) as Profile;
    const { sources, values, missingRequired } = await readProfileSecrets(
      name,
      secretKinds(profile),
      { env: deps.env, openStore },
      { values: shown },
    );
    const problems = (checked.get(name) ?? []).map((p) => sanitize(`${p.field}: ${p.message}`, { max: 600 }));
    for (const kind of missingRequired) {
      const inFile = (await deps.leftovers?.get(name, kind)) !== undefined;
      problems.push(
        inFile
          ? `${kind} is in the plaintext secrets.json of an --insecure-storage setup: run again with --insecure-storage.`
          : missingSecretMessage(name, kind),
      );
    }
    const entry: Entry = { name, profile, sources, values, problems };
    if (problems.length) failures.push('config');
    else if (options.online) {
      try {
        entry.online = await proveOnline(profile, values, options.httpTimeout, deps);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        entry.online = { ok: false, code: error.code, message: [error.message, ...error.hints].join(' ') };
        failures.push(error.kind);
      }
    }
    entries.push(entry);
  }
  if (options.json) {
    deps.ui.result(
      JSON.stringify({
        profiles: entries.map((e) => ({
          name: e.name,
          method: e.profile.method,
          integration: e.profile.integration,
          flow: e.profile.flow,
          cloud: e.profile.cloud,
          tenantId: e.profile.tenantId,
          clientId: e.profile.clientId,
          redirectUri: e.profile.redirectUri,
          scopes: e.profile.scopes,
          secrets: e.sources,
          createdAt: e.profile.createdAt,
          ...(e.profile.xsoar && { xsoar: { url: e.profile.xsoar.url, instance: e.profile.xsoar.instance } }),
          ...(e.problems.length && { problems: e.problems }),
          ...(e.online && { online: e.online }),
        })),
      }),
    );
  } else {
    deps.ui.result(entries.map((entry) => describe(entry, deps.storedIn)).join('\n\n'));
  }
  return runExitCode(failures);
}
