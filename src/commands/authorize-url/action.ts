/**
 * What `ms-auth authorize-url` does with its option values: checks them and runs. Free
 * of commander, so that the fast path (src/fast-path.ts) runs it from its own parse as
 * the command (command.ts) runs it from commander's.
 */
import { DEFAULT_REDIRECT_URI, PROMPTS } from '../../core/authorize-url.js';
import { checkClientId, checkRedirectUri, checkScope, checkTenant } from '../../core/validate.js';
import { flowCloudProblem, unknownIntegrationMessage } from '../../core/integration-support.js';
import { usageError } from '../../errors.js';
import { authority, checkedValue, flag, flagOrEnv, oneOf, text, texts, type CommandHost, type GlobalOptions } from '../globals.js';
import { defaultScopes, findIntegration } from '../../core/catalog.js';
import { runAuthorizeUrl, type AuthorizeUrlOptions } from './run.js';

export type RunAuthorizeUrl = (options: AuthorizeUrlOptions) => Promise<void>;

/** `o`: the command's option values; `g`: the global options. */
export async function authorizeUrl(host: CommandHost, o: Record<string, unknown>, g: GlobalOptions, runF?: RunAuthorizeUrl): Promise<void> {
  const options = authorizeUrlOptions(o, g);
  await (runF ?? run(host))(options);
}

function authorizeUrlOptions(o: Record<string, unknown>, g: GlobalOptions): AuthorizeUrlOptions {
  const { cloud, authorityHost } = authority(g);
  const givenTenant = flagOrEnv(text(o['tenant']), '--tenant', 'MS_AUTH_TENANT_ID');
  const givenClient = flagOrEnv(text(o['clientId']), '--client-id', 'MS_AUTH_CLIENT_ID');
  const tenant = checkedValue(givenTenant.value, givenTenant.name, checkTenant);
  const clientId = checkedValue(givenClient.value, givenClient.name, checkClientId);
  if (!tenant) throw usageError('Missing tenant: pass --tenant ID or set MS_AUTH_TENANT_ID.');
  if (!clientId) throw usageError('Missing client ID: pass --client-id GUID or set MS_AUTH_CLIENT_ID.');
  let scopes = texts(o['scope']) ?? [];
  scopes.forEach((s) => checkedValue(s, '--scope', checkScope));
  const integrationId = text(o['integration']);
  if (integrationId !== undefined) {
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
    await runAuthorizeUrl(options, {
      ui: host.ui,
      browser: async () => (await import('../../io/browser.js')).systemBrowser(process.env, process.platform),
    });
  };
