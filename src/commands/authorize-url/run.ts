/**
 * `ms-auth authorize-url`: the authorize URL alone on stdout, for scripts and for
 * operators who want to do the browser part themselves.
 */
import { authorityOrigin, type Cloud } from '../../core/authority.js';
import { buildAuthorizeUrl, type Prompt } from '../../core/authorize-url.js';
import type { Browser } from '../../io/browser.js';
import type { Ui } from '../../io/terminal.js';

export interface AuthorizeUrlOptions {
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string | undefined;
  prompt?: Prompt | undefined;
  pkce: boolean;
  open: boolean;
  json: boolean;
  cloud: Cloud;
  authorityHost?: string | undefined;
}

/** `browser`: made only for --open (it loads what starts other programs). */
export async function runAuthorizeUrl(options: AuthorizeUrlOptions, deps: { ui: Ui; browser: () => Promise<Browser> }): Promise<void> {
  // node:crypto only for --pkce: a plain URL starts sooner without it.
  const pkce = options.pkce ? (await import('../../core/pkce.js')).createPkce() : undefined;
  const url = buildAuthorizeUrl({
    origin: authorityOrigin(options.cloud, options.authorityHost),
    tenant: options.tenant,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    scopes: options.scopes,
    state: options.state,
    prompt: options.prompt,
    codeChallenge: pkce?.challenge,
  });
  if (options.json) {
    deps.ui.result(
      JSON.stringify({ url, ...(options.state !== undefined && { state: options.state }), ...(pkce && { codeVerifier: pkce.verifier }) }),
    );
  } else {
    deps.ui.result(url);
  }
  if (options.open) {
    const opened = await (await deps.browser()).open(url);
    if (opened !== 'opened') deps.ui.warn('Could not open a browser here: open the URL above yourself.');
  }
}
