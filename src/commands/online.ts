/**
 * `--online` for status and validate: one real token request per profile, the one
 * its flow depends on. A refresh token is exchanged (the new tokens are not kept);
 * an app-only profile asks for a client-credentials token. The Cortex XSOAR
 * application's ID/Token/Key go through Palo Alto's proxy, whose contract is not
 * public: those are left to XSOAR's Test button.
 */
import { profileOrigin } from '../core/authority.js';
import { scopeList } from '../core/authorize-url.js';
import { peekClaims } from '../core/jwt.js';
import type { Profile, SecretKind } from '../core/profile.js';
import { sanitize } from '../core/sanitize.js';
import { CliError } from '../errors.js';
import { storedCertificate } from '../io/certificate.js';
import type { Tokens } from '../io/oauth.js';
import type { TokenRequests } from './token-requests.js';

/** The token requests --online makes (the same interface setup uses), and where they may go. */
export type OnlineDeps = Pick<TokenRequests, 'refresh' | 'clientCredentials'> & {
  /** The authority host given at run time: the only way a non-Microsoft host in the file is trusted. */
  authorityHost?: string | undefined;
  /** Says where a secret is about to go, before it is sent (stderr). */
  announce?: ((line: string) => void) | undefined;
};

export interface OnlineResult {
  /** null: this kind of profile cannot be proven from here. */
  ok: boolean | null;
  scopes?: string[];
  roles?: string[];
  expiresIn?: number;
  message: string;
}

export async function proveOnline(
  profile: Profile,
  secrets: Partial<Record<SecretKind, string>>,
  timeout: number,
  deps: OnlineDeps,
): Promise<OnlineResult> {
  if (profile.method === 'xsoar-app') {
    return {
      ok: null,
      message: "The Cortex XSOAR application's credentials can only be tested by XSOAR: press the instance's Test button.",
    };
  }
  const origin = profileOrigin(profile, deps.authorityHost);
  const settings = {
    origin,
    tenant: profile.tenantId,
    clientId: profile.clientId,
    clientSecret: profile.flow === 'device-code' || profile.certificateThumbprint ? undefined : secrets['client-secret'],
    certificate:
      profile.certificateThumbprint && secrets['certificate-key']
        ? storedCertificate(secrets['certificate-key'], profile.certificateThumbprint)
        : undefined,
    timeout,
  };
  const credential =
    profile.flow === 'device-code'
      ? 'refresh token'
      : `${profile.certificateThumbprint ? 'certificate assertion' : 'client secret'}${profile.flow === 'client-credentials' ? '' : ' and refresh token'}`;
  const announce = () => deps.announce?.(`Sending the ${credential} to ${origin} for a token…`);
  let tokens: Tokens;
  if (profile.flow === 'client-credentials') {
    announce();
    tokens = await deps.clientCredentials(settings, profile.scopes);
  } else {
    const refreshToken = secrets['refresh-token'];
    if (!refreshToken) {
      throw new CliError('config', 'secret_missing', 'No refresh token is stored for this profile, so it cannot be proven online.', [
        'Run ms-auth setup for it again (without --no-exchange), or set MS_AUTH_REFRESH_TOKEN.',
      ]);
    }
    announce();
    tokens = await deps.refresh(settings, refreshToken, scopeList(profile.scopes));
  }
  // Display only: roles are read from the token, never trusted for a decision.
  const roles = peekClaims(tokens.accessToken)?.['roles'];
  const granted = Array.isArray(roles)
    ? roles.filter((r): r is string => typeof r === 'string').map((r) => sanitize(r, { max: 100 }))
    : undefined;
  const minutes = tokens.expiresIn === undefined ? '' : `, valid ${Math.round(tokens.expiresIn / 60)} min`;
  return {
    ok: true,
    scopes: tokens.scopes,
    ...(granted && { roles: granted }),
    ...(tokens.expiresIn !== undefined && { expiresIn: tokens.expiresIn }),
    message: `Entra issued a token${tokens.scopes.length ? ` for ${tokens.scopes.join(' ')}` : ''}${granted?.length ? ` with roles ${granted.join(', ')}` : ''}${minutes}.`,
  };
}
