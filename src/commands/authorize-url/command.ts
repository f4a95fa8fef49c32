/**
 * `ms-auth authorize-url` flags: tenant, client, redirect URI, scopes (or an
 * integration's default auth-code scope for the chosen cloud), state, prompt, PKCE.
 */
import { Command, Option } from 'commander';
import { DEFAULT_REDIRECT_URI, PROMPTS } from '../../core/authorize-url.js';
import { checkClientId, checkRedirectUri, checkScope, checkTenant } from '../../core/validate.js';
import { flowCloudProblem, unknownIntegrationMessage } from '../../core/integration-support.js';
import { usageError } from '../../errors.js';
import { addCloudOptions, authority, checkedValue, flag, globals, oneOf, text, texts, type CommandHost } from '../globals.js';
import type { AuthorizeUrlOptions } from './run.js';

export type RunAuthorizeUrl = (options: AuthorizeUrlOptions) => Promise<void>;

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
  return addCloudOptions(command).action(async (o: Record<string, unknown>, self: Command) => {
    const options = await authorizeUrlOptions(o, self);
    await (runF ?? run(host))(options);
  });
}

async function authorizeUrlOptions(o: Record<string, unknown>, self: Command): Promise<AuthorizeUrlOptions> {
  const g = globals(self);
  const { cloud, authorityHost } = authority(g);
  const tenant = checkedValue(text(o['tenant']) ?? process.env['MS_AUTH_TENANT_ID'], '--tenant', checkTenant);
  const clientId = checkedValue(text(o['clientId']) ?? process.env['MS_AUTH_CLIENT_ID'], '--client-id', checkClientId);
  if (!tenant) throw usageError('Missing tenant: pass --tenant ID or set MS_AUTH_TENANT_ID.');
  if (!clientId) throw usageError('Missing client ID: pass --client-id GUID or set MS_AUTH_CLIENT_ID.');
  let scopes = texts(o['scope']) ?? [];
  scopes.forEach((s) => checkedValue(s, '--scope', checkScope));
  const integrationId = text(o['integration']);
  if (integrationId !== undefined) {
    const { findIntegration, defaultScopes } = await import('../../core/catalog.js');
    const integration = findIntegration(integrationId);
    if (!integration) throw usageError(unknownIntegrationMessage(integrationId));
    if (!integration.flows.includes('auth-code'))
      throw usageError(`${integration.name} has no authorization-code flow; it uses ${integration.flows.join(', ')}.`);
    const flowProblem = flowCloudProblem(integration, 'auth-code', cloud, `--cloud ${cloud}`);
    if (flowProblem) throw usageError(flowProblem);
    const defaults = defaultScopes(integration, 'auth-code', cloud) ?? [];
    if (scopes.length === 0) scopes = defaults;
  }
  const options: AuthorizeUrlOptions = {
    tenant,
    clientId,
    redirectUri: checkedValue(text(o['redirectUri']), '--redirect-uri', checkRedirectUri) ?? DEFAULT_REDIRECT_URI,
    scopes,
    state: text(o['state']),
    prompt: oneOf(o['prompt'], PROMPTS),
    pkce: flag(o['pkce']),
    open: flag(o['open']),
    json: g.json,
    cloud,
    authorityHost,
  };
  if (options.scopes.length === 0) throw usageError('Give the scopes to request with --scope SCOPE... or --integration ID.');
  if (options.pkce && !options.json) {
    throw usageError('--pkce needs --json: the code verifier it prints is the only way to redeem the code.');
  }
  return options;
}

const run =
  (host: CommandHost): RunAuthorizeUrl =>
  async (options) => {
    const [{ runAuthorizeUrl }, { systemBrowser }] = await Promise.all([import('./run.js'), import('../../io/browser.js')]);
    await runAuthorizeUrl(options, { ui: host.ui, browser: () => systemBrowser(process.env, process.platform) });
  };
