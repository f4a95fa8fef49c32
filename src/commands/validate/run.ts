/**
 * `ms-auth validate`: the CI check. Never prompts. Checks a config (the saved one, or
 * a committed file with --file) offline, then that each needed secret resolves from
 * the environment or the keychain, and with --online that Entra accepts it.
 * Exit 0 when all hold; 3 for configuration problems; 5 when the keychain is needed
 * and unavailable; 4 when Entra rejects; 6 when it cannot be reached.
 */
import { dirname } from 'node:path';
import { checkConfigDocument, secretKinds, type Problem } from '../../core/profile-check.js';
import { METHODS, type Profile, type SecretKind } from '../../core/profile.js';
import { sanitize } from '../../core/sanitize.js';
import { CliError, runExitCode, type ErrorKind } from '../../errors.js';
import { checkDirTrust, readTextFile } from '../../io/config-store.js';
import type { SecretStore } from '../../io/secret-store.js';
import { kindsFromStore, missingSecretMessage, readProfileSecrets } from '../profile-secrets.js';
import type { Ui } from '../../io/terminal.js';
import type { TokenRequests } from '../token-requests.js';
import { proveOnline, type OnlineDeps } from '../online.js';
import { hasApiKey } from '../push/connect.js';
import { untrustedServerMessage } from '../../core/xsoar-push.js';

export interface ValidateOptions {
  profile: string;
  /** True when --profile (or MS_AUTH_PROFILE) was given explicitly. */
  profileGiven: boolean;
  all: boolean;
  file?: string | undefined;
  online: boolean;
  json: boolean;
  httpTimeout: number;
}

export interface ValidateDeps extends TokenRequests, Pick<OnlineDeps, 'authorityHost' | 'announce'> {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  configPath: string;
  openStore(): Promise<SecretStore>;
}

async function readDocument(path: string, usingFile: boolean): Promise<{ document?: unknown; problem?: Problem }> {
  // The config directory as every other command takes it: one someone else could write is not read
  // (a --file document is the caller's own choice).
  if (!usingFile) {
    try {
      await checkDirTrust(dirname(path));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return { problem: { field: '', code: error.code, message: [error.message, ...error.hints].join(' ') } };
    }
  }
  let text: string;
  try {
    // As every command reads a config: with a byte-order mark, or in UTF-16 (PowerShell 5.1's `>`).
    text = await readTextFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !usingFile)
      return {
        problem: { field: '', code: 'config_missing', message: `No config at ${path}: run ms-auth setup first, or pass --file PATH.` },
      };
    return { problem: { field: '', code: 'file_unreadable', message: `Cannot read ${path} (${code ?? 'error'}).` } };
  }
  try {
    return { document: JSON.parse(text) as unknown };
  } catch (error) {
    // The parser's own message quotes the file's text (secrets, escape bytes): keep the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return {
      problem: { field: '', code: 'json_invalid', message: `${path} is not valid JSON${position ? ` (at character ${position})` : ''}.` },
    };
  }
}

/**
 * A remembered XSOAR server `push` would refuse without a terminal: push goes to a server
 * given at run time (MS_AUTH_XSOAR_URL) instead, whichever it is, and to the remembered one
 * only when an API key kept for its origin vouches for it.
 */
async function untrustedServer(
  name: string,
  url: string,
  path: string,
  deps: ValidateDeps,
  openStore: () => Promise<SecretStore>,
): Promise<Problem | undefined> {
  const runtime = deps.env['MS_AUTH_XSOAR_URL'];
  if (runtime && URL.canParse(runtime)) return undefined;
  const origin = new URL(url).origin;
  const kept = await openStore()
    .then((store) => hasApiKey(store, origin))
    .catch(() => false);
  if (kept) return undefined;
  return {
    field: `profiles.${name}.xsoar.url`,
    code: 'xsoar_url_untrusted',
    message: untrustedServerMessage(origin, `profile "${name}" in ${path}`),
  };
}

export async function runValidate(options: ValidateOptions, deps: ValidateDeps): Promise<number> {
  const path = options.file ?? deps.configPath;
  const { document, problem } = await readDocument(path, options.file !== undefined);
  const only = options.all || (options.file !== undefined && !options.profileGiven) ? undefined : [options.profile];
  const profiles = (document as { profiles?: Record<string, Profile> } | undefined)?.profiles ?? {};
  let store: Promise<SecretStore> | undefined;
  // Every keychain secret the checks below may read, fetched at once when there are many
  // (--all), and the file checked offline while the keychain answers. Asked for before the
  // check, so for each entry shaped as a profile (an object with a known method): one the
  // check then finds wrong reads none.
  const shaped = typeof profiles === 'object' && profiles !== null && !Array.isArray(profiles);
  const wanted = (shaped ? (only ?? Object.keys(profiles)) : []).flatMap((name) => {
    const raw: unknown = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
    if (typeof raw !== 'object' || raw === null || !METHODS.includes((raw as Profile).method)) return [];
    return kindsFromStore(
      deps.env,
      secretKinds(raw as Profile)
        .filter((k) => k.required || options.online)
        .map((k) => k.kind),
    ).map((kind) => ({ profile: name, kind }));
  });
  // An unusable keychain is reported per profile by the reads below. Offline, a secret only
  // has to be there: on Linux the keychain is not asked for the secrets themselves.
  const prefetch = wanted.length
    ? await (store ??= deps.openStore()).then((opened) => opened.prefetch?.(wanted, { values: options.online })).catch(() => undefined)
    : undefined;
  await prefetch?.asked;
  const report =
    document === undefined ? { problems: problem ? [problem] : [], profiles: [] } : checkConfigDocument(document, only, deps.authorityHost);

  // A CI gate must not pass on nothing: a document with no profile to check is a problem.
  if (document !== undefined && report.problems.length === 0 && report.profiles.length === 0) {
    report.problems.push({ field: 'profiles', code: 'no_profiles', message: `There are no profiles in ${path} to check.` });
  }
  await prefetch?.done;
  /** What went wrong, per profile: one exit code for the run (errors.ts runExitCode). */
  const failures: ErrorKind[] = report.problems.length ? ['config'] : [];
  for (const entry of report.profiles) {
    // A remembered XSOAR server push would refuse, reported whatever else is wrong (its shape checked above).
    const remembered = (Object.hasOwn(profiles, entry.name) ? profiles[entry.name] : undefined)?.xsoar;
    if (remembered !== undefined && !entry.problems.some((p) => p.field.startsWith(`profiles.${entry.name}.xsoar`))) {
      const problem = await untrustedServer(
        entry.name,
        remembered.url,
        options.file ?? deps.configPath,
        deps,
        () => (store ??= deps.openStore()),
      );
      if (problem) entry.problems.push(problem);
    }
    if (entry.problems.length) {
      failures.push('config');
      continue;
    }
    const profile = (Object.hasOwn(profiles, entry.name) ? profiles[entry.name] : undefined) as Profile;
    // Offline, only what the profile cannot work without; --online also needs the refresh token.
    const needed = secretKinds(profile).filter((k) => k.required || options.online);
    let values: Partial<Record<SecretKind, string>> = {};
    try {
      const secrets = await readProfileSecrets(
        entry.name,
        needed,
        { env: deps.env, openStore: () => (store ??= deps.openStore()) },
        { values: options.online },
      );
      values = secrets.values;
      for (const kind of secrets.missingRequired) {
        entry.problems.push({ field: `profiles.${entry.name}`, code: 'secret_missing', message: missingSecretMessage(entry.name, kind) });
        failures.push('config');
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      for (const kind of kindsFromStore(
        deps.env,
        needed.map((k) => k.kind),
      )) {
        entry.problems.push({
          field: `profiles.${entry.name}`,
          code: 'secret_store_unavailable',
          message: `${kind}: ${error.message} Set it in the environment for CI.`,
        });
      }
      failures.push('store');
    }
    if (options.online && entry.problems.length === 0) {
      try {
        await proveOnline(profile, values, options.httpTimeout, deps);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        entry.problems.push({
          field: `profiles.${entry.name}`,
          code: error.kind === 'auth' ? 'online_rejected' : `online_${error.code}`,
          message: [error.message, ...error.hints].join(' '),
        });
        failures.push(error.kind);
      }
    }
  }

  // Field names and values come from the file: nothing of it reaches a terminal unsanitized.
  const clean = (p: Problem): Problem => ({
    field: sanitize(p.field, { max: 200 }),
    code: p.code,
    message: sanitize(p.message, { max: 600 }),
  });
  report.problems = report.problems.map(clean);
  for (const entry of report.profiles) {
    entry.name = sanitize(entry.name, { max: 80 });
    entry.problems = entry.problems.map(clean);
  }
  const ok = failures.length === 0;
  if (options.json) {
    deps.ui.result(
      JSON.stringify({
        ok,
        ...(report.problems.length && { problems: report.problems }),
        profiles: report.profiles.map((p) => ({ name: p.name, ok: p.problems.length === 0, problems: p.problems })),
      }),
    );
  } else {
    const lines: string[] = report.problems.map((p) => `✗ ${p.field || path}: ${p.message} (${p.code})`);
    for (const entry of report.profiles) {
      if (entry.problems.length === 0) lines.push(`✓ ${entry.name}: ok${options.online ? ' (Entra accepted it)' : ''}`);
      for (const p of entry.problems) lines.push(`✗ ${p.field}: ${p.message} (${p.code})`);
    }
    deps.ui.result(lines.join('\n'));
  }
  return runExitCode(failures);
}
