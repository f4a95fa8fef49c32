/**
 * Token requests to Entra through openid-client, with server metadata built from the
 * known v2.0 endpoints (no discovery round trip). Errors become CliErrors here, and
 * never carry the response body's `cause`, which can hold codes or tokens.
 */
import type * as OpenId from 'openid-client';
import { CliError } from '../errors.js';
import { endpoints } from '../core/authority.js';
import { isGuid } from '../core/validate.js';
import { explainEntraError } from '../core/aadsts.js';
import { sanitize } from '../core/sanitize.js';
import { rememberSecret, scrub } from '../core/scrub.js';
import type { Fetch } from './http.js';

export interface ClientSettings {
  origin: string;
  tenant: string;
  clientId: string;
  /** Absent for a public client (device code), or when a certificate signs a client assertion. */
  clientSecret?: string | undefined;
  /** Certificate credentials: the PKCS#8 private key and the certificate's thumbprints. */
  certificate?: CertificateCredential | undefined;
  /** Seconds before any request is abandoned. */
  timeout: number;
  /** Proxy-aware, debug-logging fetch (io/http.ts). */
  fetch: Fetch;
  /** The proxy requests go through, if any: named when a connection fails. */
  proxy?: string | undefined;
}

export interface Tokens {
  accessToken: string;
  refreshToken?: string | undefined;
  /** Granted scopes as Entra reported them. */
  scopes: string[];
  expiresIn?: number | undefined;
  /** From the id_token, when one came back (the `openid` scope was requested). */
  user?: string | undefined;
}

export interface CertificateCredential {
  keyPem: string;
  /** base64url SHA-1 (and SHA-256, when the certificate itself is at hand) of the DER certificate. */
  x5t: string;
  x5tS256?: string | undefined;
}

/**
 * Client authentication per Entra's rules: a client assertion (RS256, `x5t` and
 * `x5t#S256` of the certificate, `aud` = the token endpoint) when a certificate is
 * given, else client_secret_post, else none (public client).
 * https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials
 */
async function clientAuth(lib: typeof OpenId, settings: ClientSettings, tokenEndpoint: string): Promise<OpenId.ClientAuth> {
  const certificate = settings.certificate;
  if (certificate) {
    const der = Buffer.from(certificate.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    return lib.PrivateKeyJwt(key, {
      [lib.modifyAssertion]: (header: Record<string, unknown>, payload: Record<string, unknown>) => {
        header['x5t'] = certificate.x5t;
        if (certificate.x5tS256) header['x5t#S256'] = certificate.x5tS256;
        payload['aud'] = tokenEndpoint;
      },
    });
  }
  return settings.clientSecret === undefined ? lib.None() : lib.ClientSecretPost(settings.clientSecret);
}

/**
 * Entra issues ID tokens under the tenant's GUID even when it is addressed by a
 * domain. When an ID token will come back (the `openid` scope) for a domain tenant,
 * the issuer is read from the tenant's metadata so the token can be validated.
 */
async function issuerFor(settings: ClientSettings, scopes: string[]): Promise<string> {
  const ep = endpoints(settings.origin, settings.tenant);
  if (isGuid(settings.tenant) || !scopes.some((s) => s.toLowerCase() === 'openid')) return ep.issuer;
  const response = await settings.fetch(`${ep.issuer}/.well-known/openid-configuration`, {
    method: 'GET',
    signal: AbortSignal.timeout(settings.timeout * 1000),
  });
  const issuer = response.ok ? ((await response.json().catch(() => ({}))) as { issuer?: unknown }).issuer : undefined;
  // Only `{origin}/{tenant GUID}/v2.0` is taken; anything else keeps the issuer as addressed.
  const tenant =
    typeof issuer === 'string' && issuer.startsWith(`${settings.origin}/`) && issuer.endsWith('/v2.0')
      ? issuer.slice(settings.origin.length + 1, -'/v2.0'.length)
      : '';
  return isGuid(tenant) ? (issuer as string) : ep.issuer;
}

async function configuration(
  settings: ClientSettings,
  scopes: string[] = [],
): Promise<{ lib: typeof OpenId; config: OpenId.Configuration }> {
  const lib = await import('openid-client');
  const ep = endpoints(settings.origin, settings.tenant);
  const config = new lib.Configuration(
    {
      issuer: await issuerFor(settings, scopes),
      authorization_endpoint: ep.authorize,
      token_endpoint: ep.token,
      device_authorization_endpoint: ep.deviceCode,
    },
    settings.clientId,
    settings.clientSecret === undefined || settings.certificate ? {} : { client_secret: settings.clientSecret },
    await clientAuth(lib, settings, ep.token),
  );
  config.timeout = settings.timeout;
  config[lib.customFetch] = settings.fetch;
  // http: is only ever accepted for a loopback authority (core/authority.ts checkAuthorityHost).
  if (settings.origin.startsWith('http:')) lib.allowInsecureRequests(config);
  return { lib, config };
}

// What a token is made of: printable ASCII, no spaces. Anything else is not stored or printed.
const TOKEN_TEXT = /^[\x21-\x7e]+$/;

function toTokens(response: OpenId.TokenEndpointResponse & OpenId.TokenEndpointResponseHelpers, origin: string): Tokens {
  for (const [name, value] of [
    ['access_token', response.access_token],
    ['refresh_token', response.refresh_token],
    ['id_token', response.id_token],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || !TOKEN_TEXT.test(value)) {
      throw new CliError(
        'network',
        'token_invalid',
        `The answer from ${origin} carried a ${name} with characters a token never has (only printable ASCII is): it was neither stored nor printed.`,
        ['A proxy or something other than Entra may be answering: check HTTPS_PROXY and --authority-host.'],
      );
    }
    rememberSecret(value);
  }
  const claims = response.id_token ? response.claims() : undefined;
  const user = claims?.['preferred_username'] ?? claims?.['email'] ?? claims?.['sub'];
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    scopes:
      typeof response.scope === 'string'
        ? response.scope
            .split(' ')
            .filter(Boolean)
            .map((scope) => sanitize(scope, { max: 200 }))
        : [],
    expiresIn: response.expires_in,
    user: typeof user === 'string' ? sanitize(user, { max: 120 }) : undefined,
  };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO/;

/** A connection that failed below HTTP: DNS, refused, TLS, or the proxy. */
function networkFailure(cause: unknown, origin: string, proxy: string | undefined): CliError {
  const c = cause as { code?: string; message?: string } | undefined;
  const code = sanitize(String(c?.code ?? 'connection failed'), { max: 60 });
  const message = String(c?.message ?? '');
  if (TLS_CODES.test(code)) {
    return new CliError('network', 'tls', `The TLS certificate of ${origin} (or of a proxy in between) was not trusted (${code}).`, [
      "Behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at your organisation's CA bundle (PEM) and try again.",
    ]);
  }
  if (proxy) {
    return new CliError(
      'network',
      'proxy',
      `Could not reach ${origin} through the proxy ${proxy} (${sanitize(message || code, { max: 120 })}).`,
      [
        'The proxy refused or failed the connection: check HTTPS_PROXY / HTTP_PROXY (and credentials in them), and NO_PROXY for hosts that need no proxy.',
      ],
    );
  }
  return new CliError('network', 'unreachable', `Cannot reach ${origin} (${code}).`, [
    'Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and --cloud / --authority-host.',
  ]);
}

/**
 * Maps whatever a request threw into an exit-coded error without secrets: a server
 * may echo what it was sent (secret, code, verifier, refresh token) in its error text,
 * so every value this request sent is scrubbed from the message and its hints.
 */
function oauthFailure(
  error: unknown,
  settings: Pick<ClientSettings, 'origin' | 'timeout' | 'proxy'>,
  sent: ReadonlyArray<string | undefined>,
): CliError {
  const failure = classify(error, settings);
  return new CliError(
    failure.kind,
    scrub(failure.code, sent),
    scrub(failure.message, sent),
    failure.hints.map((hint) => scrub(hint, sent)),
  );
}

/** The values a request sends that must never come back in a message. */
function secretsSent(settings: ClientSettings, ...values: Array<string | undefined>): Array<string | undefined> {
  const sent = [settings.clientSecret, settings.certificate?.keyPem, ...values];
  for (const value of sent) rememberSecret(value);
  return sent;
}

function classify(error: unknown, settings: Pick<ClientSettings, 'origin' | 'timeout' | 'proxy'>): CliError {
  if (error instanceof CliError) return error;
  const e = error as { name?: string; code?: string; error?: string; error_description?: string; cause?: unknown; status?: number };
  const status = typeof e.status === 'number' ? e.status : (e.cause as { status?: number } | undefined)?.status;
  if (typeof status === 'number' && status >= 500) {
    return new CliError('network', 'server_error', `${settings.origin} answered HTTP ${status}: a problem on the service side.`, [
      'Try again in a few minutes; if it persists, check the Azure status page and any proxy in between.',
    ]);
  }
  if (e.code === 'OAUTH_RESPONSE_BODY_ERROR' || e.code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR') {
    const body = e.code === 'OAUTH_RESPONSE_BODY_ERROR' ? (e.cause as { error_codes?: unknown } | undefined) : undefined;
    const explained = explainEntraError(e.error ?? 'error', e.error_description, body?.error_codes);
    return new CliError('auth', explained.code, explained.message, explained.hints);
  }
  if (e.code === 'OAUTH_TIMEOUT' || e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new CliError('network', 'timeout', `No answer from ${settings.origin} within ${settings.timeout} s.`, [
      'Check the network or proxy (HTTPS_PROXY), or allow more time with --http-timeout.',
    ]);
  }
  if (e.name === 'TypeError' && /fetch failed/i.test(String((error as Error).message)))
    return networkFailure(e.cause, settings.origin, settings.proxy);
  if (typeof e.code === 'string' && e.code.startsWith('OAUTH_JWT')) {
    return new CliError(
      'auth',
      'id_token_invalid',
      `The ID token in the answer did not validate (${sanitize(String((error as Error).message), { max: 120 })}).`,
      ['Check --tenant and --cloud / --authority-host; leaving out the openid scope avoids the ID token altogether.'],
    );
  }
  if (e.code === 'OAUTH_RESPONSE_IS_NOT_JSON' || e.code === 'OAUTH_INVALID_RESPONSE' || e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    return new CliError(
      'network',
      'invalid_response',
      `The answer from ${settings.origin} was not a token response${status ? ` (HTTP ${status})` : ''}.`,
      ['A proxy or captive portal may be answering instead of Entra: check HTTPS_PROXY and --authority-host; --debug shows the exchange.'],
    );
  }
  return new CliError(
    'internal',
    'unexpected',
    `Unexpected failure during the token request: ${sanitize(String((error as Error)?.message ?? error), { max: 200 })}`,
  );
}

export interface CodeRedemption {
  code: string;
  redirectUri: string;
  scopes: string[];
  /** The state the callback carried and the one sent; undefined for a bare pasted code. */
  state?: string | undefined;
  codeVerifier: string;
}

/** A fetch that puts the exact redirect URI back into a token request's form body. */
function exactRedirectUri(fetch: Fetch, redirectUri: string): Fetch {
  return (url, init) => {
    const body = init?.body;
    if (body instanceof URLSearchParams && body.has('redirect_uri')) body.set('redirect_uri', redirectUri);
    else if (typeof body === 'string' && /(?:^|&)redirect_uri=/.test(body)) {
      const form = new URLSearchParams(body);
      form.set('redirect_uri', redirectUri);
      return fetch(url, { ...init, body: form.toString() });
    }
    return fetch(url, init);
  };
}

/**
 * Redeems an authorization code: client_secret_post, the PKCE verifier, the same
 * redirect_uri as the authorize request.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token
 */
export async function redeemCode(settings: ClientSettings, redemption: CodeRedemption): Promise<Tokens> {
  const sent = secretsSent(settings, redemption.code, redemption.codeVerifier);
  try {
    const { lib, config } = await configuration(settings, redemption.scopes);
    const callback = new URL(redemption.redirectUri);
    // openid-client sends the callback URL without its query as redirect_uri; Entra compares
    // a redirect URI that carries a query exactly, so the token request gets it whole.
    if (callback.search) config[lib.customFetch] = exactRedirectUri(settings.fetch, redemption.redirectUri);
    callback.searchParams.set('code', redemption.code);
    if (redemption.state !== undefined) callback.searchParams.set('state', redemption.state);
    const response = await lib.authorizationCodeGrant(
      config,
      callback,
      {
        pkceCodeVerifier: redemption.codeVerifier,
        expectedState: redemption.state ?? lib.skipStateCheck,
      },
      { scope: redemption.scopes.join(' ') },
    );
    return toTokens(response, settings.origin);
  } catch (error) {
    throw oauthFailure(error, settings, sent);
  }
}

/**
 * A refresh-token grant: proves a stored refresh token (and the secret) still work.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
 */
export async function refreshGrant(settings: ClientSettings, refreshToken: string, scopes: string[]): Promise<Tokens> {
  const sent = secretsSent(settings, refreshToken);
  try {
    const { lib, config } = await configuration(settings, scopes);
    return toTokens(await lib.refreshTokenGrant(config, refreshToken, { scope: scopes.join(' ') }), settings.origin);
  } catch (error) {
    throw oauthFailure(error, settings, sent);
  }
}

/**
 * A client-credentials grant for `<resource>/.default` scopes (app-only).
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
export async function clientCredentialsGrant(settings: ClientSettings, scopes: string[]): Promise<Tokens> {
  const sent = secretsSent(settings);
  try {
    const { lib, config } = await configuration(settings);
    return toTokens(await lib.clientCredentialsGrant(config, { scope: scopes.join(' ') }), settings.origin);
  } catch (error) {
    throw oauthFailure(error, settings, sent);
  }
}

export interface DeviceAuthorization {
  verificationUri: string;
  userCode: string;
  expiresIn: number;
  interval: number;
  /** openid-client's response, handed back to pollDevice. */
  response: OpenId.DeviceAuthorizationResponse;
  scopes: string[];
}

/**
 * Starts the device code flow (RFC 8628) for a public client.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code
 */
export async function startDevice(settings: ClientSettings, scopes: string[]): Promise<DeviceAuthorization> {
  const sent = secretsSent(settings);
  try {
    const { lib, config } = await configuration(settings);
    const response = await lib.initiateDeviceAuthorization(config, { scope: scopes.join(' ') });
    return {
      verificationUri: sanitize(response.verification_uri, { max: 300 }),
      userCode: sanitize(response.user_code, { max: 60 }),
      expiresIn: response.expires_in,
      interval: response.interval ?? 5,
      response,
      scopes,
    };
  } catch (error) {
    throw oauthFailure(error, settings, sent);
  }
}

/**
 * Polls until the user approves, declines, or the code expires: openid-client waits
 * `interval` seconds between polls and 5 more after each slow_down (RFC 8628 §3.5).
 */
export async function pollDevice(settings: ClientSettings, device: DeviceAuthorization, signal: AbortSignal): Promise<Tokens> {
  const sent = secretsSent(settings, device.response.device_code);
  try {
    const { lib, config } = await configuration(settings, device.scopes);
    return toTokens(await lib.pollDeviceAuthorizationGrant(config, device.response, undefined, { signal }), settings.origin);
  } catch (error) {
    if (signal.aborted)
      throw new CliError('auth', 'device_timeout', 'Nobody approved the sign-in in time.', [
        'Run setup again, or allow longer with --timeout.',
      ]);
    throw oauthFailure(error, settings, sent);
  }
}
