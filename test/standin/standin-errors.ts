/**
 * Entra-shaped errors for the stand-in: the token endpoint's JSON body, the authorize
 * endpoint's HTML error page and error redirects, and the mapping from oidc-provider's
 * errors to AADSTS codes.
 * Shapes: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#error-response-1
 * Codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
import { randomUUID } from 'node:crypto';
import type { OIDCProviderError } from 'oidc-provider';

/** One Entra error: HTTP status, OAuth `error`, AADSTS number and the text after "AADSTS<n>: ". */
export interface EntraError {
  status: number;
  error: string;
  aadsts: number;
  message: string;
}

/** Entra's timestamp format, `2026-11-27 02:31:07Z`. */
export function entraTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** `AADSTS<n>: <message>` followed by Entra's trace trailer, as in every error_description. */
export function entraDescription(
  aadsts: number,
  message: string,
): { description: string; timestamp: string; traceId: string; correlationId: string } {
  const timestamp = entraTimestamp();
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const description = `AADSTS${aadsts}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`;
  return { description, timestamp, traceId, correlationId };
}

/** The JSON body Entra's token endpoint answers errors with. */
export function entraErrorBody(err: EntraError, baseUrl: string): Record<string, unknown> {
  const { description, timestamp, traceId, correlationId } = entraDescription(err.aadsts, err.message);
  return {
    error: err.error,
    error_description: description,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${baseUrl}/error?code=${err.aadsts}`,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Entra's "Sorry, but we're having trouble signing you in" page (apostrophes left as is, so the AADSTS text is greppable). */
export function entraErrorPage(aadsts: number, message: string): string {
  const { timestamp, traceId, correlationId } = entraDescription(aadsts, message);
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign in to your account</title></head>
<body>
<h1>Sign in</h1>
<p>Sorry, but we’re having trouble signing you in.</p>
<p id="error-text">AADSTS${aadsts}: ${escapeHtml(message)}</p>
<p>Request Id: ${traceId}<br>Correlation Id: ${correlationId}<br>Timestamp: ${timestamp}</p>
</body></html>
`;
}

export const tenantNotFound = (tenant: string): string =>
  `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
  'Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.';

export const appNotFound = (clientId: string, tenant: string): string =>
  `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been ` +
  'installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.';

export const redirectMismatch = (redirectUri: string, clientId: string): string =>
  `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. ` +
  'Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. ' +
  'Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.';

const MALFORMED: Omit<EntraError, 'status'> = {
  error: 'invalid_request',
  aadsts: 9002313,
  message: 'Invalid request. Request is malformed or invalid.',
};

/** What the stand-in knows about a token request when mapping its error. */
export interface TokenErrorContext {
  tenant: string;
  params: URLSearchParams;
  clientId: string | undefined;
  hasClientSecret: boolean;
  /** The presented refresh token was issued here once and has since been revoked. */
  refreshTokenRevoked: boolean;
  /** GUID of the tenant that issued the presented code, if the stand-in issued it ("not found" then means revoked or foreign). */
  codeIssuedBy: string | undefined;
  /** GUID of the tenant the request went to. */
  tenantId: string;
}

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * The device-code polling answers (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code#expected-errors).
 * 70016 (AuthorizationPending) and 70020 (expired device code) are the codes Entra sends; Entra
 * documents no `slow_down` and no code for `authorization_declined` or `bad_verification_code`:
 * the stand-in uses 70016, 65004 (UserDeclinedConsent) and 70018 (BadVerificationCode) for them.
 */
export const DEVICE_ERRORS = {
  pending: {
    status: 400,
    error: 'authorization_pending',
    aadsts: 70016,
    message: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  },
  slowDown: {
    status: 400,
    error: 'slow_down',
    aadsts: 70016,
    message: 'OAuth 2.0 device flow error. Authorization is pending. Poll less often: wait at least the interval between requests.',
  },
  expired: {
    status: 400,
    error: 'expired_token',
    aadsts: 70020,
    message: "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
  },
  declined: { status: 400, error: 'authorization_declined', aadsts: 65004, message: 'User declined to consent to access the app.' },
  unknown: {
    status: 400,
    error: 'bad_verification_code',
    aadsts: 70018,
    message:
      "The provided value for the input parameter 'device_code' is not valid. Verify that the client is sending the correct device_code.",
  },
} satisfies Record<string, EntraError>;

/** Maps an oidc-provider token-endpoint error to Entra's status, error and AADSTS code. */
export function mapTokenError(err: OIDCProviderError, c: TokenErrorContext): EntraError {
  const error = err.error ?? 'server_error';
  const detail = `${err.error_detail ?? ''} ${err.error_description ?? ''}`;
  const clientId = c.clientId ?? '';
  const grantType = c.params.get('grant_type') ?? '';
  const isRefresh = grantType === 'refresh_token';
  if (grantType === DEVICE_CODE_GRANT_TYPE) {
    if (error === 'authorization_pending') return DEVICE_ERRORS.pending;
    if (error === 'slow_down') return DEVICE_ERRORS.slowDown;
    if (error === 'expired_token') return DEVICE_ERRORS.expired;
    if (error === 'access_denied') return DEVICE_ERRORS.declined;
    if (error === 'invalid_grant') return DEVICE_ERRORS.unknown;
  }
  switch (error) {
    case 'invalid_client':
      if (/client not found/.test(detail))
        return { status: 400, error: 'unauthorized_client', aadsts: 700016, message: appNotFound(clientId, c.tenant) };
      if (/expired/.test(detail)) {
        return {
          status: 401,
          error: 'invalid_client',
          aadsts: 7000222,
          message:
            `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: ` +
            'https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.',
        };
      }
      if (!c.hasClientSecret) {
        return {
          status: 401,
          error: 'invalid_client',
          aadsts: 7000218,
          message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        };
      }
      return {
        status: 401,
        error: 'invalid_client',
        aadsts: 7000215,
        message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      };
    case 'invalid_grant':
      if (/authorization code not found/.test(detail) && c.codeIssuedBy !== undefined && c.codeIssuedBy !== c.tenantId) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 700005,
          message: 'Provided Authorization Code is intended to use against other tenant, thus rejected.',
        };
      }
      if (/already consumed/.test(detail) || (/authorization code not found/.test(detail) && c.codeIssuedBy !== undefined)) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 54005,
          message: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
        };
      }
      if (/authorization code is expired/.test(detail)) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 70008,
          message:
            'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
        };
      }
      if (/code_verifier|code_challenge/.test(detail)) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 501481,
          message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        };
      }
      if (/redirect_uri mismatch/.test(detail)) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 50011,
          message: redirectMismatch(c.params.get('redirect_uri') ?? '', clientId).replace(
            'the redirect URIs configured for the application',
            'the redirect URI used to obtain the authorization code for the application',
          ),
        };
      }
      if (/refresh token is expired/.test(detail) || (/refresh token not found/.test(detail) && c.refreshTokenRevoked)) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 700082,
          message: `The refresh token has expired due to inactivity. The token was issued on ${new Date(0).toISOString()} and was inactive for 90.00:00:00.`,
        };
      }
      if (/grant not found|grant is expired/.test(detail)) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 50173,
          message: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
        };
      }
      if (/not found/.test(detail)) return { status: 400, ...MALFORMED };
      return {
        status: 400,
        error: 'invalid_grant',
        aadsts: 70000,
        message: isRefresh
          ? "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid."
          : "The provided value for the 'code' parameter is not valid.",
      };
    case 'invalid_request': {
      const missing = /missing required parameter\(s\) \(?([\w]+)/.exec(detail);
      if (missing)
        return {
          status: 400,
          error: 'invalid_request',
          aadsts: 900144,
          message: `The request body must contain the following parameter: '${missing[1]}'.`,
        };
      if (/code_verifier/.test(detail)) {
        return {
          status: 400,
          error: 'invalid_grant',
          aadsts: 501481,
          message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        };
      }
      return { status: 400, ...MALFORMED };
    }
    case 'invalid_scope':
      return {
        status: 400,
        error: 'invalid_scope',
        aadsts: 70011,
        message: `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.`,
      };
    case 'unsupported_grant_type':
      return {
        status: 400,
        error: 'unsupported_grant_type',
        aadsts: 70003,
        message: `The app requested an unsupported grant type '${grantType}'.`,
      };
    case 'invalid_target':
      return {
        status: 400,
        error: 'invalid_resource',
        aadsts: 500011,
        message: `The resource principal named ${c.params.get('resource') ?? '(unknown)'} was not found in the tenant named ${c.tenant}.`,
      };
    case 'server_error':
      return {
        status: 500,
        error: 'server_error',
        aadsts: 50000,
        message: 'There was an error issuing a token or an issue with our sign-in service.',
      };
    default:
      return {
        status: err.statusCode ?? 400,
        error,
        aadsts: 9002313,
        message: `Invalid request. Request is malformed or invalid. (${error})`,
      };
  }
}

/** Maps an error that the authorize endpoint sends back on the redirect (`?error=`). */
export function mapAuthorizeRedirectError(error: string, clientId: string): Omit<EntraError, 'status'> {
  switch (error) {
    case 'access_denied':
      return { error, aadsts: 65004, message: 'User declined to consent to access the app.' };
    case 'login_required':
      return { error, aadsts: 50058, message: 'A silent sign-in request was sent but no user is signed in.' };
    case 'consent_required':
      return {
        error,
        aadsts: 65001,
        message: `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`,
      };
    case 'interaction_required':
      return {
        error,
        aadsts: 50076,
        message:
          'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
      };
    case 'invalid_scope':
      return {
        error,
        aadsts: 70011,
        message:
          "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.",
      };
    case 'unsupported_response_type':
      return { error, aadsts: 700054, message: 'response_type is not enabled for the application.' };
    case 'invalid_target':
      return { error: 'invalid_resource', aadsts: 500011, message: 'The resource principal was not found in the tenant.' };
    case 'server_error':
      return { error, aadsts: 50000, message: 'There was an error issuing a token or an issue with our sign-in service.' };
    default:
      return { error, aadsts: 9002313, message: 'Invalid request. Request is malformed or invalid.' };
  }
}

/** Maps an authorize error that oidc-provider cannot redirect (it would render its own page). */
export function mapAuthorizePageError(err: OIDCProviderError, query: URLSearchParams, tenant: string): { aadsts: number; message: string } {
  const clientId = query.get('client_id') ?? '';
  const detail = `${err.error_detail ?? ''} ${err.error_description ?? ''}`;
  switch (err.error) {
    case 'invalid_client':
      return { aadsts: 700016, message: appNotFound(clientId, tenant) };
    case 'invalid_redirect_uri':
      return { aadsts: 50011, message: redirectMismatch(query.get('redirect_uri') ?? '', clientId) };
    case 'invalid_request': {
      const missing = /missing required parameter\(s\) \(?([\w]+)/.exec(detail);
      if (missing) return { aadsts: 900144, message: `The request body must contain the following parameter: '${missing[1]}'.` };
      return { aadsts: 9002313, message: 'Invalid request. Request is malformed or invalid.' };
    }
    case 'session_not_found':
    case 'invalid_interaction':
      return { aadsts: 50058, message: 'The sign-in session was not found or has expired. Start the sign-in again.' };
    default:
      return { aadsts: 9002313, message: `Invalid request. Request is malformed or invalid. (${err.error ?? 'server_error'})` };
  }
}

/** Entra's 401 answers for a bad client assertion (certificate credential). */
export const assertionError = {
  malformed: (what: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 50027,
    message: `JWT token is invalid or malformed. ${what}`,
  }),
  keyNotFound: (thumbprint: string, clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 700027,
    message:
      `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', ` +
      `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. ` +
      'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .]',
  }),
  badSignature: (thumbprint: string, clientId: string, validity: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 700027,
    message:
      `Client assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '${thumbprint}', ` +
      `Found key '${validity}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
  }),
  badAlgorithm: (alg: string, clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 700027,
    message: `Client assertion failed signature validation. [Reason - The signing algorithm '${alg}' is not supported: use RS256 or PS256., app Id '${clientId}'.]`,
  }),
  wrongClient: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 700021,
    message:
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
  }),
  subjectMismatch: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 50048,
    message: 'Subject mismatches Issuer claim in the client assertion.',
  }),
  wrongAudience: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 700023,
    message:
      'Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .',
  }),
  outsideTime: (now: Date, nbf: number | undefined, exp: number | undefined): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 700024,
    message:
      `Client assertion is not within its valid time range. Current time: ${dotnetTime(now)}, assertion valid from ${dotnetTime(new Date((nbf ?? 0) * 1000))}, ` +
      `expiry time of assertion ${dotnetTime(new Date((exp ?? 0) * 1000))}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
  }),
  publicClient: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 700025,
    message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
  }),
};

/** `2024-10-02T22:05:03.6755165Z`, the timestamp format in AADSTS700024. */
function dotnetTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}.${String(date.getUTCMilliseconds()).padStart(3, '0')}0000Z`;
}
