/**
 * `ms-auth setup` flags; what they do is action.ts's (which the fast path also runs).
 */
import { Command, Option } from 'commander';
import { DEFAULT_REDIRECT_URI } from '../../core/authorize-url.js';
import { FLOWS, METHODS } from '../../core/profile.js';
import { addCloudOptions, globals, type CommandHost } from '../globals.js';
import { addServerOptions } from '../push/command.js';
import { HANDOFFS, type RunSetup } from './options.js';

export type { RunSetup } from './options.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

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
      "a non-secret instance parameter by its XSOAR name, e.g. Sentinel's subscriptionID (repeatable); without a terminal, give each one the integration requires",
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
  // What the flags do loads with the run (the fast path starts it the same way).
  return addServerOptions(addCloudOptions(command)).action(async (o: Record<string, unknown>, self: Command) =>
    (await import('./action.js')).setup(host, o, globals(self), runF),
  );
}
