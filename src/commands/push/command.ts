/** `ms-auth push` flags: the XSOAR server, its key, the instance, non-secret parameters, plan and test. */
import { runEnv } from '../../io/run-env.js';
import { Command, Option } from 'commander';
import { canPrompt, configDir, flag, globals, httpTimeout, profileName, texts, type CommandHost, type GlobalOptions } from '../globals.js';
import { secretStore } from '../real-deps.js';
import type { PushOptions } from './run.js';
import { serverOptions } from './server-options.js';

export type RunPush = (options: PushOptions) => Promise<void>;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The XSOAR server, its key and the instance: flags `push` and `setup --push` share. */
export const addServerOptions = (command: Command): Command =>
  command
    .option('--xsoar-url <url>', 'the XSOAR server (env MS_AUTH_XSOAR_URL); XSOAR 8 / XSIAM: its API URL')
    .option('--xsoar-key-id <id>', 'XSOAR 8 / XSIAM API key ID (env MS_AUTH_XSOAR_API_KEY_ID)')
    .addOption(
      new Option('--xsoar-key-type <type>', 'XSOAR 8 / XSIAM API key type (env MS_AUTH_XSOAR_API_KEY_TYPE; default standard)').choices([
        'standard',
        'advanced',
      ]),
    )
    .option('--xsoar-ca-file <path>', "trust this CA (PEM) for the server's certificate; verification is never turned off")
    .option('--xsoar-account <name>', 'multi-tenant XSOAR 6 account (paths under /acc_NAME)')
    .option(
      '--xsoar-investigation <id>',
      'where the reset and test commands run (env MS_AUTH_XSOAR_INVESTIGATION; XSOAR 8 / XSIAM need it)',
    )
    .option('--instance <name>', 'instance name (default <integration>_<profile>)');

export function pushCommand(host: CommandHost, runF?: RunPush): Command {
  return addServerOptions(
    new Command('push').description(
      'put a profile into a running XSOAR through its REST API: the instance created or updated, reset, and tested',
    ),
  )
    .option('--param <name=value>', 'a non-secret instance parameter by its XSOAR name (repeatable)', collect, [])
    .option('--plan', 'show what would be created or changed (secrets masked); change nothing')
    .option('--no-test', 'do not test the instance')
    .addHelpText(
      'after',
      `
The API key: MS_AUTH_XSOAR_API_KEY, else the keychain (one per server), else a masked prompt (then stored).
Where only the config file says where secrets go (a remembered server no kept API key vouches for, a
URL parameter or XSOAR application token URL on a host ms-auth does not know), push asks at a terminal
(default no) and refuses without one (exit 3); name it on the command line to say it is yours
(--xsoar-url URL, --param NAME=URL).
Examples:
  $ ms-auth push --xsoar-url https://xsoar.example.com
  $ ms-auth push --profile sentinel --param subscriptionID=... --param resourceGroupName=rg --param workspaceName=ws
  $ ms-auth push --xsoar-url https://tenant.xdr.us.paloaltonetworks.com --xsoar-key-id 7 --xsoar-investigation 1234`,
    )
    .action(async (o: Record<string, unknown>, self: Command) => {
      const g = globals(self);
      const options: PushOptions = {
        profile: profileName(g),
        json: g.json,
        ...serverOptions(o),
        params: texts(o['param']) ?? [],
        plan: flag(o['plan']),
        test: o['test'] !== false,
      };
      await (runF ?? run(host, g))(options);
    });
}

const run =
  (host: CommandHost, g: GlobalOptions): RunPush =>
  async (options) => {
    const { ui } = host;
    const dir = await configDir(g);
    const [{ runPush }, { xsoarWiring }, { loadCheckedProfile, configFile }, { inquirerPrompter }] = await Promise.all([
      import('./run.js'),
      import('./wiring.js'),
      import('../../io/config-store.js'),
      import('../../io/prompter.js'),
    ]);
    const debug = g.debug || (process.env['DEBUG'] ?? '').split(',').includes('ms-auth');
    const wiring = xsoarWiring({ ui, env: runEnv(), configDir: dir, httpTimeout: httpTimeout(g), debug });
    // A refused push or a failed test is push's result, with the exit code it calls for.
    const exitCode = await runPush(options, {
      ui,
      prompter: canPrompt(g) ? inquirerPrompter({ input: process.stdin, output: process.stderr }) : undefined,
      env: runEnv(),
      configPath: configFile(dir),
      loadProfile: (name) => loadCheckedProfile(dir, name),
      openStore: () => secretStore(g, dir, ui),
      ...wiring,
    });
    host.setExitCode(exitCode);
  };
