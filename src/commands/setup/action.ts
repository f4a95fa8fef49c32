/**
 * What `ms-auth setup` does with its option values: checks them, wires the real
 * prompter, browser, keychain, token requests and loopback listener, and runs the
 * wizard. Free of commander, so that the fast path (src/fast-path.ts) starts it from its
 * own parse, and the first question comes up without the rest of the program loaded.
 */
import { runEnv } from '../../io/run-env.js';
import { FLOWS, METHODS, findProfile, reusableProfile } from '../../core/profile.js';
import { usageError } from '../../errors.js';
import { leftoverStore, secretStore, tokenRequests } from '../real-deps.js';
import { refuseCaseTwin } from '../../core/profile-case.js';
import {
  authority,
  canPrompt,
  configDir,
  flag,
  httpTimeout,
  oneOf,
  profileName,
  seconds,
  text,
  texts,
  type CommandHost,
  type GlobalOptions,
} from '../globals.js';
import { HANDOFFS, type RunSetup, type SetupOptions } from './options.js';
import { serverOptions } from '../push/server-options.js';
// What the first question needs, in this module's chunk; saving and the listener load when used.
import { runSetup } from './run.js';
import { inquirerPrompter } from '../../io/prompter.js';
import { stdinLines } from '../../io/stdin-lines.js';
import { canShowBrowser, systemBrowser } from '../../io/browser.js';
import { checkConfigDir, configFile, readConfig } from '../../io/config-store.js';
import { xsoarWiring } from '../push/wiring.js';

/** `--param NAME=VALUE` values by name; whether each one suits the integration is the wizard's check. */
function paramFlags(values: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const raw of values) {
    const at = raw.indexOf('=');
    const name = at > 0 ? raw.slice(0, at).trim() : '';
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name))
      throw usageError(`--param takes NAME=VALUE with an XSOAR parameter name (got "${raw.slice(0, 40).replace(/=.*/, '=…')}").`);
    if (name in params) throw usageError(`--param ${name} is given twice.`);
    params[name] = raw.slice(at + 1).trim();
  }
  return params;
}

/** `o`: the command's option values; `g`: the global options. */
export async function setup(host: CommandHost, o: Record<string, unknown>, g: GlobalOptions, runF?: RunSetup): Promise<void> {
  const { cloud, authorityHost } = authority(g);
  const timeout = text(o['timeout']);
  const options: SetupOptions = {
    profile: profileName(g),
    json: g.json,
    showSecrets: flag(o['showSecrets']),
    integration: text(o['integration']),
    method: oneOf(o['method'], METHODS),
    flow: oneOf(o['flow'], FLOWS),
    tenant: text(o['tenant']),
    clientId: text(o['clientId']),
    redirectUri: text(o['redirectUri']),
    scopes: texts(o['scope']),
    clientSecretStdin: flag(o['clientSecretStdin']),
    certificate: text(o['certificate']),
    xsoarId: text(o['xsoarId']),
    noBrowser: o['browser'] === false,
    listen: flag(o['listen']),
    timeout: timeout === undefined ? undefined : seconds(timeout, '--timeout', 86_400),
    handoff: oneOf(o['handoff'], HANDOFFS),
    exchange: o['exchange'] !== false,
    cloud,
    authorityHost,
    httpTimeout: httpTimeout(g),
    push: o['push'] === true ? true : o['push'] === false ? false : undefined,
    xsoar: serverOptions(o),
    params: paramFlags(texts(o['param']) ?? []),
  };
  if (options.clientSecretStdin && process.stdin.isTTY) {
    throw usageError('--client-secret-stdin reads a pipe; on a terminal, leave it out and type the secret at the masked prompt.');
  }
  await (runF ?? run(host, g))(options);
}

const run =
  (host: CommandHost, g: GlobalOptions): RunSetup =>
  async (options) => {
    const { ui } = host;
    const dir = await configDir(g);
    // Fail fast: a damaged config file or an unusable config dir stops the run before any question.
    await checkConfigDir(dir);
    const config = await readConfig(dir);
    refuseCaseTwin(Object.keys(config.profiles), options.profile);
    const saved = findProfile(config, options.profile);
    const existing = saved && reusableProfile(saved);
    const lines = stdinLines(process.stdin);
    try {
      await runSetup(options, {
        ui,
        prompter: canPrompt(g) ? inquirerPrompter({ input: process.stdin, output: process.stderr }) : undefined,
        lines,
        browser: systemBrowser(process.env, process.platform),
        hasDisplay: canShowBrowser(process.env, process.platform),
        env: runEnv(),
        existing,
        openStore: () => secretStore(g, dir, ui),
        ...tokenRequests(g, ui),
        save: async (store, profile, secrets) =>
          (await import('../../io/persist.js')).saveProfile(dir, store, options.profile, profile, secrets, await leftoverStore(g, dir)),
        now: () => new Date(),
        listen: async (listenOptions) => (await import('../../io/loopback.js')).listenForRedirect(listenOptions),
        pushWiring: {
          configPath: configFile(dir),
          ...xsoarWiring({
            ui,
            env: process.env,
            configDir: dir,
            httpTimeout: options.httpTimeout,
            debug: g.debug || (process.env['DEBUG'] ?? '').split(',').includes('ms-auth'),
          }),
        },
        setExitCode: host.setExitCode,
      });
    } finally {
      lines.close();
    }
  };
