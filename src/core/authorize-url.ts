/**
 * Builds Entra's v2.0 authorize URL the way Cortex XSOAR's documentation does, so a
 * URL from this tool and one built by hand differ only in the optional parameters.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code
 */
import { endpoints } from './authority.js';

/** The redirect URI XSOAR's documentation registers for self-deployed apps. */
export const DEFAULT_REDIRECT_URI = 'https://localhost/myapp';

/** The redirect URI `--listen` uses when none is given (a loopback one, which it can receive). */
export const LISTEN_REDIRECT_URI = 'http://localhost:8400/callback';

export const PROMPTS = ['consent', 'login', 'select_account', 'none'] as const;
export type Prompt = (typeof PROMPTS)[number];

export interface AuthorizeRequest {
  origin: string;
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state?: string | undefined;
  prompt?: Prompt | undefined;
  /** S256 challenge; omitted for a code meant for XSOAR, which cannot send a verifier. */
  codeChallenge?: string | undefined;
}

/** `offline_access` first, then each given scope once (Entra compares scopes case-insensitively). */
export function scopeList(scopes: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const scope of ['offline_access', ...scopes]) {
    const key = scope.toLowerCase();
    if (scope === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(scope);
  }
  return out;
}

export function buildAuthorizeUrl(request: AuthorizeRequest): string {
  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['scope', scopeList(request.scopes).join(' ')],
  ];
  if (request.state !== undefined) params.push(['state', request.state]);
  if (request.prompt !== undefined) params.push(['prompt', request.prompt]);
  if (request.codeChallenge !== undefined) {
    params.push(['code_challenge', request.codeChallenge], ['code_challenge_method', 'S256']);
  }
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${endpoints(request.origin, request.tenant).authorize}?${query}`;
}
