/**
 * The commander program: argv → options objects; builds the real dependencies;
 * maps every failure to the contract's exit codes in one place. Command modules and
 * heavy libraries are imported inside the actions that need them, so `--help` and
 * `authorize-url` start fast.
 */
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { CLOUDS } from './core/authority.js';
import { DEFAULT_REDIRECT_URI, PROMPTS, type Prompt } from './core/authorize-url.js';
import { sanitize } from './core/sanitize.js';
import { checkClientId, checkRedirectUri, checkScope, checkTenant } from './core/validate.js';
import { CliError, EXIT_CODES, cancelled, usageError } from './errors.js';
import { colorEnabled, terminalUi, type Ui } from './io/terminal.js';
import { authority, canPrompt, checked, configDir, globals, http, httpTimeout, leftoverStore, onlineDeps, profileName, refuseSecretFlag, secretStore, seconds } from './cli-context.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const argvJson = process.argv.includes('--json');

/** commander echoes `--unknown=value` back; the value may be a secret typed in the wrong place. */
const withoutValues = (text: string): string => sanitize(text.replace(/(--[\w-]+)=[^\s'"]+/g, '$1=…'), { keepNewlines: true, max: 2000 });
const ui: Ui = terminalUi(process, colorEnabled(process.env, process.argv.includes('--no-color')));

const cloudOptions = (command: Command): Command =>
  command
    .addOption(new Option('--cloud <cloud>', 'national cloud').choices(CLOUDS).default('worldwide'))
    .option('--authority-host <url>', 'login host scheme://host[:port] (env MS_AUTH_AUTHORITY_HOST); http: only for loopback');

const program = new Command('ms-auth')
  .description("Authenticate Cortex XSOAR's Microsoft integrations against Microsoft Entra ID.")
  .version(version, '-v, --version')
  .option('--profile <name>', 'profile to use (env MS_AUTH_PROFILE)', undefined)
  .option('--config-dir <dir>', 'config directory (env MS_AUTH_CONFIG_DIR)')
  .option('--json', 'print the result as one JSON document on stdout')
  .option('--no-input', 'never prompt; a missing value is an error')
  .option('--no-color', 'no colour (NO_COLOR works too)')
  .option('--debug', 'log requests to stderr, secrets redacted (or DEBUG=ms-auth)')
  .option('--http-timeout <seconds>', 'timeout for every request', '30')
  .option('--insecure-storage', 'keep secrets in a 0600 plaintext file beside the config instead of the OS keychain')
  // Recognised everywhere only to be refused with the safe ways (see the preAction hook).
  .addOption(new Option('--client-secret <value>').hideHelp())
  .hook('preAction', (_program, action) => refuseSecretFlag(action.optsWithGlobals<{ clientSecret?: string }>().clientSecret))
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => (argvJson ? undefined : process.stderr.write(withoutValues(text))) });

cloudOptions(
  program
    .command('authorize-url')
    .description('print the authorize URL on stdout, one line, nothing else')
    .option('--tenant <id>', 'tenant ID or verified domain (env MS_AUTH_TENANT_ID)')
    .option('--client-id <guid>', 'application (client) ID (env MS_AUTH_CLIENT_ID)')
    .option('--redirect-uri <uri>', 'redirect URI as registered', DEFAULT_REDIRECT_URI)
    .option('--scope <scope...>', 'scopes to request (offline_access is added first)')
    .option('--integration <id>', "use the integration's default auth-code scope")
    .option('--state <value>', 'state value to send')
    .addOption(new Option('--prompt <prompt>', 'prompt behaviour').choices(PROMPTS))
    .option('--pkce', 'add an S256 code challenge (--json prints the verifier)')
    .option('--open', 'also open the URL in a browser'),
).action(async (o, command: Command) => {
  const g = globals(command);
  const { runAuthorizeUrl } = await import('./commands/authorize-url.js');
  const { cloud, authorityHost } = authority(g);
  const tenant = checked(o.tenant ?? process.env['MS_AUTH_TENANT_ID'], '--tenant', checkTenant);
  const clientId = checked(o.clientId ?? process.env['MS_AUTH_CLIENT_ID'], '--client-id', checkClientId);
  if (!tenant) throw usageError('Missing tenant: pass --tenant ID or set MS_AUTH_TENANT_ID.');
  if (!clientId) throw usageError('Missing client ID: pass --client-id GUID or set MS_AUTH_CLIENT_ID.');
  let scopes: string[] = (o.scope as string[] | undefined) ?? [];
  scopes.forEach((s) => checked(s, '--scope', checkScope));
  if (o.integration !== undefined) {
    const { findIntegration, defaultScopes } = await import('./core/catalog.js');
    const integration = findIntegration(o.integration);
    if (!integration) throw usageError(`Unknown integration "${o.integration}". See \`ms-auth integrations\`.`);
    if (!integration.flows.includes('auth-code')) throw usageError(`${integration.name} has no authorization-code flow; it uses ${integration.flows.join(', ')}.`);
    const defaults = defaultScopes(integration, 'auth-code', cloud);
    if (!defaults) {
      throw usageError(`${integration.name}'s authorization-code flow does not run in --cloud ${cloud} (XSOAR's code supports ${Object.keys(integration.scopes['auth-code'] ?? {}).join(', ')}).`);
    }
    if (scopes.length === 0) scopes = defaults;
  }
  const { systemBrowser } = await import('./io/browser.js');
  await runAuthorizeUrl(
    {
      tenant,
      clientId,
      redirectUri: checked(o.redirectUri, '--redirect-uri', checkRedirectUri) as string,
      scopes,
      state: o.state,
      prompt: o.prompt as Prompt | undefined,
      pkce: Boolean(o.pkce),
      open: Boolean(o.open),
      json: Boolean(g.json),
      cloud,
      authorityHost,
    },
    { ui, browser: () => systemBrowser(process.env, process.platform) },
  );
});

cloudOptions(
  program
    .command('setup')
    .description('the wizard: sign in, verify, store secrets in the OS keychain, and print the XSOAR instance parameters')
    .option('--integration <id>', 'XSOAR integration (see `ms-auth integrations`)')
    .addOption(new Option('--method <method>', 'application type').choices(['xsoar-app', 'self-deployed']))
    .addOption(new Option('--flow <flow>', 'sign-in flow (self-deployed); without a terminal, auth-code when the integration has it').choices(['auth-code', 'client-credentials', 'device-code']))
    .option('--tenant <id>', 'tenant ID or verified domain (env MS_AUTH_TENANT_ID)')
    .option('--client-id <guid>', 'application (client) ID (env MS_AUTH_CLIENT_ID)')
    .option('--redirect-uri <uri>', `redirect URI as registered (default ${DEFAULT_REDIRECT_URI})`)
    .option('--scope <scope...>', 'scopes to request (default: the integration\'s)')
    .option('--client-secret-stdin', 'read the client secret from the first line of stdin (or env MS_AUTH_CLIENT_SECRET)')
    .option('--certificate <path>', 'certificate credentials instead of a secret: PEM (key + certificate) or PFX (passphrase prompt or MS_AUTH_CERTIFICATE_PASSPHRASE)')
    .option('--xsoar-id <id>', 'the ID shown by the Cortex XSOAR application consent page')
    .option('--no-browser', 'do not try to open a browser; just print the URL')
    .option('--listen', 'capture the redirect on a loopback listener (redirect URI http://localhost:PORT/...) instead of a paste')
    .option('--timeout <seconds>', 'how long to wait for the browser callback (default 300) or device-code approval (default: the code\'s lifetime)')
    .addOption(new Option('--handoff <kind>', 'what XSOAR gets after the tool\'s own exchange').choices(['fresh-code', 'refresh-token', 'none']))
    .option('--no-exchange', "skip the tool's own code exchange and hand the first code to XSOAR")
    .option('--show-secrets', 'print secrets in the result on stdout')
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

Secrets: a masked prompt, MS_AUTH_CLIENT_SECRET, or --client-secret-stdin; never a flag value.`,
    ),
).action(async (o, command: Command) => {
  const g = globals(command);
  const { cloud, authorityHost } = authority(g);
  const options = {
    profile: profileName(g),
    configDir: await configDir(g),
    json: Boolean(g.json),
    showSecrets: Boolean(o.showSecrets),
    integration: o.integration as string | undefined,
    method: o.method,
    flow: o.flow,
    tenant: o.tenant as string | undefined,
    clientId: o.clientId as string | undefined,
    redirectUri: o.redirectUri as string | undefined,
    scopes: o.scope as string[] | undefined,
    clientSecretStdin: Boolean(o.clientSecretStdin),
    certificate: o.certificate as string | undefined,
    xsoarId: o.xsoarId as string | undefined,
    noBrowser: !o.browser,
    listen: Boolean(o.listen),
    timeout: o.timeout === undefined ? undefined : seconds(o.timeout, '--timeout', 86_400),
    handoff: o.handoff,
    exchange: Boolean(o.exchange),
    cloud,
    authorityHost,
    httpTimeout: httpTimeout(g),
  };
  if (options.clientSecretStdin && process.stdin.isTTY) {
    throw usageError('--client-secret-stdin reads a pipe; on a terminal, leave it out and type the secret at the masked prompt.');
  }
  const [{ runSetup }, { inquirerPrompter }, { stdinLines }, { systemBrowser, canShowBrowser }, oauth, { saveProfile }, { listenForRedirect }] = await Promise.all([
    import('./commands/setup.js'),
    import('./io/prompter.js'),
    import('./io/stdin-lines.js'),
    import('./io/browser.js'),
    import('./io/oauth.js'),
    import('./io/persist.js'),
    import('./io/loopback.js'),
  ]);
  // Fail fast: a damaged config file or an unusable config dir stops the run before any question.
  const { readConfig, checkConfigDir } = await import('./io/config-store.js');
  await checkConfigDir(options.configDir);
  const existing = (await readConfig(options.configDir)).profiles[options.profile];
  const lines = stdinLines(process.stdin);
  try {
    await runSetup(options, {
      ui,
      prompter: canPrompt(g) ? inquirerPrompter({ input: process.stdin, output: process.stderr }) : undefined,
      lines,
      browser: systemBrowser(process.env, process.platform),
      hasDisplay: canShowBrowser(process.env, process.platform),
      env: process.env,
      existing,
      openStore: () => secretStore(g, options.configDir, ui),
      redeem: async (settings, redemption) => oauth.redeemCode({ ...settings, ...(await http(g, ui)) }, redemption),
      clientCredentials: async (settings, scopes) => oauth.clientCredentialsGrant({ ...settings, ...(await http(g, ui)) }, scopes),
      startDevice: async (settings, scopes) => oauth.startDevice({ ...settings, ...(await http(g, ui)) }, scopes),
      pollDevice: async (settings, device, signal) => oauth.pollDevice({ ...settings, ...(await http(g, ui)) }, device, signal),
      save: async (store, profile, secrets) => saveProfile(options.configDir, store, options.profile, profile, secrets, await leftoverStore(g, options.configDir)),
      now: () => new Date(),
      listen: listenForRedirect,
    });
  } finally {
    lines.close();
  }
});

program
  .command('integrations')
  .argument('[id]', 'show one integration in detail')
  .description('list the XSOAR integrations ms-auth knows: methods, flows, scopes, permissions, parameters')
  .action(async (id: string | undefined, _o, command: Command) => {
    const { runIntegrations } = await import('./commands/integrations.js');
    runIntegrations({ json: Boolean(globals(command).json), id }, { ui });
  });

program
  .command('export')
  .description("re-print a profile's XSOAR instance parameters")
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'env']).default('text'))
  .option('--show-secrets', 'print secrets instead of masking them')
  .action(async (o, command: Command) => {
    const g = globals(command);
    const dir = await configDir(g);
    const [{ runExport }, { loadProfile }] = await Promise.all([import('./commands/export.js'), import('./io/config-store.js')]);
    await runExport(
      { profile: profileName(g), format: g.json ? 'json' : o.format, showSecrets: Boolean(o.showSecrets) },
      { ui, env: process.env, loadProfile: (name) => loadProfile(dir, name), openStore: () => secretStore(g, dir, ui) },
    );
  });

/** The exit code of a command that reports problems as its result rather than failing. */
let resultCode = 0;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

program
  .command('push')
  .description("put a profile into a running XSOAR through its REST API: the instance created or updated, reset, and tested")
  .option('--xsoar-url <url>', 'the XSOAR server (env MS_AUTH_XSOAR_URL); XSOAR 8 / XSIAM: its API URL')
  .option('--xsoar-key-id <id>', 'XSOAR 8 / XSIAM API key ID (env MS_AUTH_XSOAR_API_KEY_ID)')
  .addOption(new Option('--xsoar-key-type <type>', 'XSOAR 8 / XSIAM API key type (env MS_AUTH_XSOAR_API_KEY_TYPE; default standard)').choices(['standard', 'advanced']))
  .option('--xsoar-ca-file <path>', "trust this CA (PEM) for the server's certificate; verification is never turned off")
  .option('--xsoar-account <name>', 'multi-tenant XSOAR 6 account (paths under /acc_NAME)')
  .option('--xsoar-investigation <id>', 'where the reset and test commands run (env MS_AUTH_XSOAR_INVESTIGATION; XSOAR 8 / XSIAM need it)')
  .option('--instance <name>', 'instance name (default <integration>_<profile>)')
  .option('--param <name=value>', 'a non-secret instance parameter by its XSOAR name (repeatable)', collect, [])
  .option('--plan', 'show what would be created or changed (secrets masked); change nothing')
  .option('--no-test', 'do not test the instance')
  .addHelpText('after', `
The API key: MS_AUTH_XSOAR_API_KEY, else the keychain (one per server), else a masked prompt (then stored).
Examples:
  $ ms-auth push --xsoar-url https://xsoar.example.com
  $ ms-auth push --profile sentinel --param subscriptionID=... --param resourceGroupName=rg --param workspaceName=ws
  $ ms-auth push --xsoar-url https://tenant.xdr.us.paloaltonetworks.com --xsoar-key-id 7 --xsoar-investigation 1234`)
  .action(async (o, command: Command) => {
    const g = globals(command);
    const dir = await configDir(g);
    const [{ runPush }, { xsoarWiring }, { loadProfile, configFile }, { inquirerPrompter }] = await Promise.all([
      import('./commands/push/run.js'),
      import('./commands/push/wiring.js'),
      import('./io/config-store.js'),
      import('./io/prompter.js'),
    ]);
    const debug = Boolean(g.debug) || (process.env['DEBUG'] ?? '').split(',').includes('ms-auth');
    const wiring = xsoarWiring({ ui, env: process.env, configDir: dir, httpTimeout: httpTimeout(g), debug });
    resultCode = await runPush(
      {
        profile: profileName(g),
        json: Boolean(g.json),
        xsoarUrl: o.xsoarUrl as string | undefined,
        keyId: o.xsoarKeyId as string | undefined,
        keyType: o.xsoarKeyType as string | undefined,
        caFile: o.xsoarCaFile as string | undefined,
        account: o.xsoarAccount as string | undefined,
        investigation: o.xsoarInvestigation as string | undefined,
        instance: o.instance as string | undefined,
        params: o.param as string[],
        plan: Boolean(o.plan),
        test: o.test !== false,
      },
      {
        ui,
        prompter: canPrompt(g) ? inquirerPrompter({ input: process.stdin, output: process.stderr }) : undefined,
        env: process.env,
        configPath: configFile(dir),
        loadProfile: (name) => loadProfile(dir, name),
        openStore: () => secretStore(g, dir, ui),
        ...wiring,
      },
    );
  });

program
  .command('status')
  .description('show what is saved per profile: method, integration, tenant, client, where each secret lives (masked)')
  .option('--all', 'every profile')
  .option('--online', 'also prove the credentials work with a token request')
  .action(async (o, command: Command) => {
    const g = globals(command);
    const dir = await configDir(g);
    const [{ runStatus }, { readConfig, configFile }] = await Promise.all([import('./commands/status.js'), import('./io/config-store.js')]);
    resultCode = await runStatus(
      { profile: profileName(g), all: Boolean(o.all), online: Boolean(o.online), json: Boolean(g.json), httpTimeout: httpTimeout(g) },
      {
        ui,
        env: process.env,
        configPath: configFile(dir),
        readConfig: () => readConfig(dir),
        openStore: () => secretStore(g, dir, ui),
        leftovers: await leftoverStore(g, dir),
        ...(await onlineDeps(g, ui)),
      },
    );
  });

program
  .command('validate')
  .description('check saved configuration for CI (never prompts): schema, values, scopes, secrets present, no secret in the file')
  .option('--all', 'every profile')
  .option('--file <path>', 'check this config file (e.g. one committed to a repository)')
  .option('--online', 'also make a real token request per profile')
  .addHelpText(
    'after',
    `
Exit codes: 0 all good, 3 configuration problems, 4 Entra rejected a profile, 5 keychain unavailable, 6 network.
Example (CI): MS_AUTH_CLIENT_SECRET=... ms-auth validate --file ms-auth.json --online --json`,
  )
  .action(async (o, command: Command) => {
    const g = globals(command);
    const dir = await configDir(g);
    const [{ runValidate }, { configFile }] = await Promise.all([import('./commands/validate.js'), import('./io/config-store.js')]);
    resultCode = await runValidate(
      {
        profile: profileName(g),
        profileGiven: g.profile !== undefined || Boolean(process.env['MS_AUTH_PROFILE']),
        all: Boolean(o.all),
        file: o.file as string | undefined,
        online: Boolean(o.online),
        json: Boolean(g.json),
        httpTimeout: httpTimeout(g),
      },
      { ui, env: process.env, configPath: configFile(dir), openStore: () => secretStore(g, dir, ui), ...(await onlineDeps(g, ui)) },
    );
  });

program
  .command('revoke')
  .description("how to withdraw consent and invalidate credentials for a profile; --forget also deletes it locally")
  .option('--forget', 'delete the profile and its secrets from this machine')
  .option('--yes', 'do not ask before --forget deletes')
  .action(async (o, command: Command) => {
    const g = globals(command);
    const dir = await configDir(g);
    const [{ runRevoke }, { loadProfile }, { forgetProfile }, { inquirerPrompter }] = await Promise.all([
      import('./commands/revoke.js'),
      import('./io/config-store.js'),
      import('./io/persist.js'),
      import('./io/prompter.js'),
    ]);
    await runRevoke(
      { profile: profileName(g), forget: Boolean(o.forget), yes: Boolean(o.yes), json: Boolean(g.json) },
      {
        ui,
        prompter: canPrompt(g) ? inquirerPrompter({ input: process.stdin, output: process.stderr }) : undefined,
        loadProfile: (name) => loadProfile(dir, name),
        openStore: () => secretStore(g, dir, ui),
        forget: async (store, name) => forgetProfile(dir, store, name, await leftoverStore(g, dir)),
      },
    );
  });

program
  .command('completion')
  .argument('<shell>', 'bash, zsh or fish')
  .description('print a shell completion script')
  .action(async (shell: string) => {
    const { completionScript } = await import('./commands/completion.js');
    const describe = (command: Command) =>
      command.options
        .filter((o) => o.long && !o.hidden)
        .map((o) => ({ flag: o.long as string, choices: o.argChoices, takesValue: o.required || o.optional }));
    const commands = program.commands.filter((c) => c.name() !== 'help').map((c) => ({ name: c.name(), options: describe(c) }));
    ui.result(completionScript(shell, commands, describe(program)));
  });

function fail(error: unknown): number {
  const e =
    error instanceof CliError
      ? error
      : new CliError('internal', 'unexpected', `Unexpected failure: ${sanitize(String((error as Error)?.message ?? error), { max: 300 })}`, [
          'This is a bug in ms-auth: please report it with the command you ran (never include secrets).',
        ]);
  if (argvJson) {
    process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: [e.message, ...e.hints].join(' ') } })}\n`);
  } else {
    process.stderr.write(`${ui.style.red('✗')} ${e.message}\n`);
    for (const hint of e.hints) process.stderr.write(`  ${hint}\n`);
  }
  return EXIT_CODES[e.kind];
}

async function main(): Promise<number> {
  const { installInterruptHandler } = await import('./io/interrupt.js');
  installInterruptHandler(() => process.exit(fail(cancelled())));
  try {
    await program.parseAsync(process.argv);
    return resultCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      if (argvJson) process.stdout.write(`${JSON.stringify({ error: { code: 'usage', message: sanitize(withoutValues(error.message)) } })}\n`);
      return EXIT_CODES.usage;
    }
    return fail(error);
  }
}

process.exitCode = await main();
