/**
 * `ms-auth setup` flags, mapped to the wizard's options; the real run wires the
 * prompter, browser, keychain, token requests and the loopback listener.
 */
import { runEnv } from '../../io/run-env.js';
import { Command, Option } from 'commander';
import { DEFAULT_REDIRECT_URI } from '../../core/authorize-url.js';
import type { Handoff } from '../../core/handoff.js';
import { FLOWS, METHODS, findProfile } from '../../core/profile.js';
import { usageError } from '../../errors.js';
import { leftoverStore, secretStore, tokenRequests } from '../real-deps.js';
import { refuseCaseTwin } from '../../core/profile-case.js';
import {
  addCloudOptions,
  authority,
  canPrompt,
  configDir,
  flag,
  globals,
  httpTimeout,
  oneOf,
  profileName,
  seconds,
  text,
  texts,
  type CommandHost,
  type GlobalOptions,
} from '../globals.js';
import type { SetupOptions } from './options.js';
import { addServerOptions, serverOptions } from '../push/command.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

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

/** core/handoff.ts's HANDOFFS, without loading the catalog it imports on every start. */
const HANDOFFS: readonly Handoff[] = ['fresh-code', 'refresh-token', 'none'];

export type RunSetup = (options: SetupOptions) => Promise<void>;

export function setupCommand(host: CommandHost, runF?: RunSetup): Command {
  const command = new Command('setup')
    .description('the wizard: sign in, verify, store secrets in the OS keychain, and print the XSOAR instance parameters')
    .option('--integration <id>', 'XSOAR integration (see `ms-auth integrations`)')
    .addOption(new Option('--method <method>', 'application type').choices(METHODS))
    .addOption(
      new Option('--flow <flow>', 'sign-in flow (self-deployed); without a terminal, auth-code when the integration has it').choices(FLOWS),
    )
    .option('--tenant <id>', 'tenant ID or verified domain (env MS_AUTH_TENANT_ID)')
    .option('--client-id <guid>', 'application (client) ID (env MS_AUTH_CLIENT_ID)')
    .option('--redirect-uri <uri>', `redirect URI as registered (default ${DEFAULT_REDIRECT_URI})`)
    .option('--scope <scope...>', "scopes to request (default: the integration's)")
    .option('--client-secret-stdin', 'read the client secret from the first line of stdin (or env MS_AUTH_CLIENT_SECRET)')
    .option(
      '--certificate <path>',
      'certificate credentials instead of a secret: PEM (key + certificate) or PFX (passphrase prompt or MS_AUTH_CERTIFICATE_PASSPHRASE)',
    )
    .option('--xsoar-id <id>', 'the ID shown by the Cortex XSOAR application consent page')
    .option('--no-browser', 'do not try to open a browser; just print the URL')
    .option(
      '--listen',
      'capture the redirect on a loopback listener instead of a paste (redirect URI http://localhost:PORT/..., default http://localhost:8400/callback; implies a self-deployed app)',
    )
    .option(
      '--timeout <seconds>',
      "how long to wait for the browser callback (default 300) or device-code approval (default: the code's lifetime)",
    )
    .addOption(new Option('--handoff <kind>', "what XSOAR gets after the tool's own exchange").choices(HANDOFFS))
    .option('--no-exchange', "skip the tool's own code exchange and hand the first code to XSOAR")
    .option(
      '--param <name=value>',
      "a non-secret instance parameter by its XSOAR name, e.g. Sentinel's subscriptionID (repeatable)",
      collect,
      [],
    )
    .option('--show-secrets', 'print secrets in the result on stdout')
    .option('--push', 'put the result straight into XSOAR (see `ms-auth push`): hand-off refresh-token, no block to copy')
    .option('--no-push', 'do not offer the push at the end')
    .addHelpText(
      'after',
      `
Examples:
  $ ms-auth setup                                     # the wizard asks for everything
  $ MS_AUTH_CLIENT_SECRET=... ms-auth setup --integration msgraph-user --method self-deployed \\
      --flow auth-code --tenant contoso.onmicrosoft.com --client-id <guid> --no-browser --json
  $ ms-auth setup --integration microsoft-atp --method xsoar-app
  $ ms-auth setup --integration azure-sentinel --flow client-credentials --certificate app.pem
  $ ms-auth setup --integration azure-nsg --flow device-code   # no browser on this machine
  $ MS_AUTH_XSOAR_API_KEY=... ms-auth setup --integration msgraph-user --push --xsoar-url https://xsoar.example.com
  $ ms-auth setup --integration azure-sentinel --flow client-credentials \\
      --param subscriptionID=<id> --param resourceGroupName=rg --param workspaceName=ws

Secrets: a masked prompt, MS_AUTH_CLIENT_SECRET, or --client-secret-stdin; never a flag value.`,
    );
  return addServerOptions(addCloudOptions(command)).action(async (o: Record<string, unknown>, self: Command) => {
    const g = globals(self);
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
  });
}

const run =
  (host: CommandHost, g: GlobalOptions): RunSetup =>
  async (options) => {
    const { ui } = host;
    const dir = await configDir(g);
    const [{ runSetup }, { inquirerPrompter }, { stdinLines }, { systemBrowser, canShowBrowser }, { saveProfile }, { listenForRedirect }] =
      await Promise.all([
        import('./run.js'),
        import('../../io/prompter.js'),
        import('../../io/stdin-lines.js'),
        import('../../io/browser.js'),
        import('../../io/persist.js'),
        import('../../io/loopback.js'),
      ]);
    // Fail fast: a damaged config file or an unusable config dir stops the run before any question.
    const [{ readConfig, checkConfigDir, configFile }, { xsoarWiring }] = await Promise.all([
      import('../../io/config-store.js'),
      import('../push/wiring.js'),
    ]);
    await checkConfigDir(dir);
    const config = await readConfig(dir);
    refuseCaseTwin(Object.keys(config.profiles), options.profile);
    const existing = findProfile(config, options.profile);
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
        save: async (store, profile, secrets) => saveProfile(dir, store, options.profile, profile, secrets, await leftoverStore(g, dir)),
        now: () => new Date(),
        listen: listenForRedirect,
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
