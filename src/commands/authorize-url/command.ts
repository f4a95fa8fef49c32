/**
 * `ms-auth authorize-url` flags: tenant, client, redirect URI, scopes (or an
 * integration's default auth-code scope for the chosen cloud), state, prompt, PKCE.
 */
import { Command, Option } from 'commander';
import { DEFAULT_REDIRECT_URI, PROMPTS } from '../../core/authorize-url.js';
import { addCloudOptions, globals, type CommandHost } from '../globals.js';
import { authorizeUrl, type RunAuthorizeUrl } from './action.js';

export type { RunAuthorizeUrl } from './action.js';

export function authorizeUrlCommand(host: CommandHost, runF?: RunAuthorizeUrl): Command {
  const command = new Command('authorize-url')
    .description('print the authorize URL on stdout, one line, nothing else')
    .option('--tenant <id>', 'tenant ID or verified domain (env MS_AUTH_TENANT_ID)')
    .option('--client-id <guid>', 'application (client) ID (env MS_AUTH_CLIENT_ID)')
    .option('--redirect-uri <uri>', 'redirect URI as registered', DEFAULT_REDIRECT_URI)
    .option('--scope <scope...>', 'scopes to request (offline_access is added first)')
    .option('--integration <id>', "use the integration's default auth-code scope")
    .option('--state <value>', 'state value to send')
    .addOption(new Option('--prompt <prompt>', 'prompt behaviour').choices(PROMPTS))
    .option('--pkce', 'add an S256 code challenge (--json prints the verifier)')
    .option('--open', 'also open the URL in a browser');
  return addCloudOptions(command).action((o: Record<string, unknown>, self: Command) => authorizeUrl(host, o, globals(self), runF));
}
