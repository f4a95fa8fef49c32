/**
 * Reaching the XSOAR server: its URL (flag, environment, or the profile's memory, in
 * that order), the key ID and type, the API key (environment, the keychain entry of
 * that server's origin, or a masked prompt, stored once the server accepted it), and
 * `/about`, which says what answers. Shared by `push` and `setup --push`.
 */
import {
  KEY_TYPES,
  apiKeyAccount,
  checkKeyId,
  xsoarTarget,
  type About,
  type ApiKey,
  type KeyType,
  type XsoarTarget,
} from '../../core/xsoar-server.js';
import { untrustedServerMessage, type XsoarMemory } from '../../core/xsoar-push.js';
import type { Integration } from '../../core/catalog.js';
import { fileHosts, type savedValues } from '../../core/instance-params.js';
import type { SecretKind } from '../../core/profile.js';
import { CliError, usageError } from '../../errors.js';
import { flagOrEnv } from '../globals.js';
import type { Prompter } from '../../io/prompter.js';
import type { SecretStore } from '../../io/secret-store.js';
import type { Ui } from '../../io/terminal.js';
import type { XsoarClient } from '../../io/xsoar-client.js';
import { resolve } from 'node:path';

export interface ServerOptions {
  profile: string;
  xsoarUrl?: string | undefined;
  keyId?: string | undefined;
  keyType?: string | undefined;
  caFile?: string | undefined;
  account?: string | undefined;
  investigation?: string | undefined;
  /** A remembered server URL the operator already accepted by name (the wizard's offer). */
  acceptedUrl?: string | undefined;
}

export interface ConnectDeps {
  ui: Ui;
  prompter?: Prompter | undefined;
  env: NodeJS.ProcessEnv;
  /** The config file, named when the server URL came from it alone. */
  configPath: string;
  openStore: () => Promise<SecretStore>;
  client(target: XsoarTarget, apiKey: ApiKey, caFile: CaFile | undefined): Promise<XsoarClient>;
}

/** `--xsoar-ca-file`, or the one the profile remembers with its server (then checked like the config directory). */
export interface CaFile {
  path: string;
  remembered: boolean;
}

export interface Connection {
  client: XsoarClient;
  about: About;
  memory: Omit<XsoarMemory, 'instance' | 'investigation'>;
  investigation?: string | undefined;
}

/** The API key's keychain entry: account `xsoar-api-key:<origin>`, shared by every profile. */
const keyEntry = (origin: string): [string, SecretKind] => {
  const [profile, ...rest] = apiKeyAccount(origin).split(':');
  return [profile as string, rest.join(':') as SecretKind];
};

const getApiKey = (store: SecretStore, origin: string): Promise<string | undefined> => store.get(...keyEntry(origin));
/** Whether an API key is kept for the origin, read only where the store cannot tell otherwise. */
export const hasApiKey = (store: SecretStore, origin: string): Promise<boolean> => store.has(...keyEntry(origin));
export const setApiKey = (store: SecretStore, origin: string, key: string): Promise<void> => store.set(...keyEntry(origin), key);

const checkApiKey = (value: string): string | undefined =>
  value.trim().length >= 8 && !/\s/.test(value.trim()) ? undefined : 'an XSOAR API key is one word of at least 8 characters.';

/** Whether a server is known for the wizard's offer: the profile's memory or MS_AUTH_XSOAR_URL. */
export const knownServer = (env: NodeJS.ProcessEnv, remembered: XsoarMemory | undefined): string | undefined =>
  env['MS_AUTH_XSOAR_URL'] || remembered?.url;

/**
 * A server URL read from the config file alone would let whoever can write that file
 * decide where the API key and the profile's secrets go. It is used when the operator
 * vouched for that server: its API key kept in the keychain for exactly its origin
 * (entered for it before), a yes to a question naming it, or the wizard's accepted offer
 * naming it. Without a terminal: exit 3, nothing sent (the same server given at run
 * time is the operator's choice and never gets here).
 */
async function trustRemembered(target: XsoarTarget, keyKept: boolean, options: ServerOptions, deps: ConnectDeps): Promise<void> {
  const where = `profile "${options.profile}" in ${deps.configPath}`;
  if (keyKept || options.acceptedUrl === target.url) {
    deps.ui.info(`Using the XSOAR server ${new URL(target.url).host} remembered by ${where}.`);
    return;
  }
  const refusal = (message: string) =>
    new CliError('config', 'xsoar_url_untrusted', message, [
      `Nothing was sent. If you pushed there yourself, confirm it on the command line (--xsoar-url ${target.origin}); otherwise remove "xsoar" from the profile.`,
    ]);
  if (!deps.prompter) throw refusal(untrustedServerMessage(target.origin, where));
  const yes = await deps.prompter.confirm({
    message: `Send the XSOAR API key and profile "${options.profile}"'s secrets to ${target.origin}? It comes from ${deps.configPath}, and no API key is kept for it here.`,
    default: false,
  });
  if (!yes) throw refusal(`Not pushed to ${target.origin} (remembered by ${where}).`);
}

/**
 * Whoever could write the config file must not choose where XSOAR sends the sign-in or
 * its tokens (fileHosts): a place the file alone names is named in a question at a
 * terminal (default no); without one, or when it is no address that can be shown, exit 3
 * and nothing sent. What is given at run time (`--param`) is the operator's choice.
 */
export async function trustFileValues(
  integration: Integration,
  saved: ReturnType<typeof savedValues>,
  where: string,
  prompter: Prompter | undefined,
): Promise<void> {
  for (const { field, subject, host, sends, runTime, code } of fileHosts(integration, saved)) {
    const refusal = (message: string) =>
      new CliError('config', code, message, [
        `Nothing was sent. If you set it yourself, say it at run time (${runTime}); otherwise remove it from the profile.`,
      ]);
    if ('unreadable' in host)
      throw refusal(`${subject} of ${where} is no web address ms-auth can read ("${host.unreadable}"), and ${sends} would go there.`);
    if (!prompter)
      throw refusal(
        `${subject} of ${where} sends ${sends} to ${host.origin}, which ms-auth does not know for it: what the file alone names is pushed only when given at run time (${runTime}) or confirmed at a terminal.`,
      );
    const yes = await prompter.confirm({
      message: `Push ${field} (from ${where}), which sends ${sends} to ${host.origin}? ms-auth does not know that host for it.`,
      default: false,
    });
    if (!yes) throw refusal(`Not pushed: ${field} sends ${sends} to ${host.origin} (from ${where}).`);
  }
}

export async function connectXsoar(options: ServerOptions, deps: ConnectDeps, remembered: XsoarMemory | undefined): Promise<Connection> {
  const env = deps.env;
  const givenUrl = flagOrEnv(options.xsoarUrl, '--xsoar-url', 'MS_AUTH_XSOAR_URL', env);
  const given = givenUrl.value;
  const url = given ?? remembered?.url;
  if (url === undefined) throw usageError('Missing XSOAR server: pass --xsoar-url URL or set MS_AUTH_XSOAR_URL.');
  // The profile's other server settings apply to the server it remembers, not to another one.
  const same = remembered !== undefined && (given === undefined || given.replace(/\/+$/, '') === remembered.url);
  // Each setting from its flag, its variable, or what the profile remembers of this server.
  // `wrong(problem)` names where a wrong one came from: `<flag or variable> <problem>` (usage),
  // or for a remembered one a configuration error with validate's code for the field.
  const setting = (flagValue: string | undefined, flag: string, variable: string, field: 'keyId' | 'keyType' | 'investigation') => {
    const supplied = flagOrEnv(flagValue, flag, variable, env);
    const saved = same ? remembered?.[field] : undefined;
    if (supplied.value !== undefined || saved === undefined)
      return { value: supplied.value, wrong: (problem: string) => usageError(`${supplied.name} ${problem}`) };
    const code = `xsoar_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_invalid`;
    return {
      value: saved,
      wrong: (problem: string) =>
        new CliError('config', code, `The XSOAR ${field} that profile "${options.profile}" remembers ${problem}`, [
          `Pass ${flag} (or set ${variable}), or correct xsoar.${field} in its config file.`,
        ]),
    };
  };
  const givenKeyId = setting(options.keyId, '--xsoar-key-id', 'MS_AUTH_XSOAR_API_KEY_ID', 'keyId');
  const keyId = givenKeyId.value;
  const keyIdProblem = keyId === undefined ? undefined : checkKeyId(keyId);
  if (keyIdProblem) throw givenKeyId.wrong(keyIdProblem);
  const givenKeyType = setting(options.keyType, '--xsoar-key-type', 'MS_AUTH_XSOAR_API_KEY_TYPE', 'keyType');
  const keyType = givenKeyType.value ?? 'standard';
  if (!KEY_TYPES.includes(keyType as KeyType)) throw givenKeyType.wrong(`must be ${KEY_TYPES.join(' or ')}.`);
  if (keyType === 'advanced' && keyId === undefined)
    throw givenKeyType.wrong('is advanced, which is for XSOAR 8 / XSIAM keys: pass --xsoar-key-id ID too.');
  const account = options.account ?? (same ? remembered?.account : undefined);
  const givenInvestigation = setting(options.investigation, '--xsoar-investigation', 'MS_AUTH_XSOAR_INVESTIGATION', 'investigation');
  const investigation = givenInvestigation.value;
  if (investigation !== undefined && !/^[A-Za-z0-9_-]{1,100}$/.test(investigation))
    throw givenInvestigation.wrong('must be an investigation or incident ID.');

  const caFile: CaFile | undefined =
    options.caFile !== undefined
      ? { path: resolve(options.caFile), remembered: false }
      : same && remembered?.caFile !== undefined
        ? { path: remembered.caFile, remembered: true }
        : undefined;

  const found = xsoarTarget(url, { keyId, account });
  if ('problem' in found)
    throw usageError(`${given !== undefined ? givenUrl.name : `The XSOAR URL of profile "${options.profile}"`} ${found.problem}`);
  const target = found.target;
  if (target.rewrittenFrom)
    deps.ui.info(`XSOAR 8 / XSIAM: using the API host ${target.url} (from ${target.rewrittenFrom}, as XSOAR's own client does).`);
  // A URL read from the config file alone is the file's say, not the operator's: see trustRemembered.
  const envKey = env['MS_AUTH_XSOAR_API_KEY'] || undefined;
  let store: SecretStore | undefined;
  let kept: string | undefined;
  if (envKey === undefined || given === undefined) {
    try {
      store = await deps.openStore();
      kept = await getApiKey(store, target.origin);
    } catch (error) {
      // With the key in the environment the keychain only vouches for a remembered server.
      if (envKey === undefined) throw error;
    }
  }
  if (given === undefined) await trustRemembered(target, kept !== undefined, options, deps);

  let key = envKey ?? kept;
  let prompted = false;
  if (key === undefined) {
    if (!deps.prompter)
      throw usageError(
        `Missing XSOAR API key for ${target.origin}: set MS_AUTH_XSOAR_API_KEY (no terminal to ask on; once typed at the prompt it is kept in the keychain).`,
      );
    key = await deps.prompter.password({ message: `XSOAR API key for ${target.origin}`, validate: checkApiKey });
    prompted = true;
  }
  const client = await deps.client(target, { key: key.trim(), keyId, keyType: keyType as KeyType }, caFile);
  const about = await client.about();
  deps.ui.success(`Connected to ${about.label} at ${target.url}.`);
  if (target.generation === 6 && about.kind !== 'xsoar-6')
    deps.ui.warn(`${about.label} answered on XSOAR 6 paths; XSOAR 8 / XSIAM keys need --xsoar-key-id.`);
  if (prompted && store) {
    await setApiKey(store, target.origin, key.trim());
    deps.ui.info(`The API key for ${target.origin} is now in ${store.label} (shared by every profile that pushes there).`);
  }
  const memory = {
    url: target.url,
    ...(keyId !== undefined && { keyId }),
    ...(keyId !== undefined && { keyType: keyType as KeyType }),
    ...(account !== undefined && { account }),
    ...(caFile !== undefined && { caFile: caFile.path }),
  };
  return { client, about, memory, investigation };
}
