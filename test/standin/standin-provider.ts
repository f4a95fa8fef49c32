/**
 * One oidc-provider 9 instance per stand-in tenant, configured to behave like Entra ID's
 * v2.0 endpoints: routes under /oauth2/v2.0, confidential clients with client_secret_post,
 * public clients (no authentication), optional PKCE, arbitrary resource scopes, refresh tokens
 * for offline_access without prompt=consent, JWT access tokens whose audience is the resource,
 * the device authorization grant (RFC 8628) at /oauth2/v2.0/devicecode with the stand-in's own
 * pages, and app roles in client-credentials tokens.
 */
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import type { Adapter, AdapterPayload, KoaContext, OIDCContext, OIDCProviderError, Provider as ProviderType } from 'oidc-provider';
import { DEVICE_CODE_GRANT_TYPE, entraErrorPage, mapAuthorizePageError } from './standin-errors.js';
import { deviceCodePage, deviceConfirmPage, deviceSuccessPage } from './standin-pages.js';

export const GRAPH = 'https://graph.microsoft.com';
/** Scopes oidc-provider treats as OpenID Connect scopes; every other scope is a resource scope. */
export const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email']);
/** Extra authorize parameter the front server sets when it added prompt=consent only to keep offline_access. */
export const IMPLIED_CONSENT_PARAM = 'x_standin_implied_consent';
/** Extra authorize parameter the front server sets when an authorize request is really an admin consent (its value: the scope asked for). */
export const ADMIN_CONSENT_PARAM = 'x_standin_admin_consent';

/** A client as registered in oidc-provider. */
export interface ProviderClient {
  clientId: string;
  /** The secret oidc-provider checks; undefined for a public client (token_endpoint_auth_method 'none'). */
  secret: string | undefined;
  secretExpired?: boolean;
  redirectUris: string[];
  name?: string;
}

export interface TenantSetup {
  id: string;
  issuer: string;
  clients: ProviderClient[];
  codeTtlSeconds: number;
  deviceTtlSeconds: number;
  /** App roles a client-credentials token for this client carries now (undefined: no roles claim). */
  appRolesFor(clientId: string): string[] | undefined;
  /** Every non-OIDC scope seen in a request so far; resource servers accept any of them. */
  knownScopes: Set<string>;
  /** Renders errors the authorize endpoint cannot redirect; gets the tenant text as used in the path. */
  tenantLabel(ctx: KoaContext): string;
}

/**
 * Entra's resource for a scope: everything before the last '/' of a URI-shaped scope
 * (`https://graph.microsoft.com/.default` → `https://graph.microsoft.com`,
 * `https://management.core.windows.net//user_impersonation` → `https://management.core.windows.net/`);
 * bare scopes such as `User.Read` are Microsoft Graph's.
 */
export function resourceForScopes(scope: string | undefined): string {
  for (const s of (scope ?? '').split(' ')) {
    if (!s || OIDC_SCOPES.has(s.toLowerCase())) continue;
    if (s.includes('://') && s.lastIndexOf('/') > s.indexOf('://') + 2) return s.slice(0, s.lastIndexOf('/'));
    return GRAPH;
  }
  return GRAPH;
}

/** A plain in-memory adapter: one Map per tenant, nothing evicted, no timers (models check expiry themselves). */
export class MapStore {
  readonly entries = new Map<string, AdapterPayload>();
  private readonly uids = new Map<string, string>();
  private readonly userCodes = new Map<string, string>();

  adapterFor(model: string): Adapter {
    const { entries, uids, userCodes } = this;
    const key = (id: string): string => `${model}:${id}`;
    return {
      async upsert(id, payload) {
        entries.set(key(id), payload);
        if (payload.uid) uids.set(`${model}:${payload.uid}`, id);
        if (payload.userCode) userCodes.set(`${model}:${payload.userCode}`, id);
      },
      async find(id) {
        return entries.get(key(id));
      },
      async findByUid(uid) {
        const id = uids.get(`${model}:${uid}`);
        return id === undefined ? undefined : entries.get(key(id));
      },
      async findByUserCode(userCode) {
        const id = userCodes.get(`${model}:${userCode}`);
        return id === undefined ? undefined : entries.get(key(id));
      },
      async consume(id) {
        const payload = entries.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [k, payload] of entries) if (k.startsWith(`${model}:`) && payload.grantId === grantId) entries.delete(k);
      },
    };
  }

  /** Whether a device code with this (normalized) user code was issued here and has not expired. */
  hasLiveUserCode(userCode: string): boolean {
    const id = this.userCodes.get(`DeviceCode:${userCode}`);
    const payload = id === undefined ? undefined : this.entries.get(`DeviceCode:${id}`);
    return typeof payload?.['exp'] === 'number' && payload['exp'] > Date.now() / 1000;
  }

  /** Deletes every stored refresh token; returns their values (opaque tokens are stored under their value). */
  dropRefreshTokens(): string[] {
    const dropped: string[] = [];
    for (const k of this.entries.keys()) {
      if (!k.startsWith('RefreshToken:')) continue;
      dropped.push(k.slice('RefreshToken:'.length));
      this.entries.delete(k);
    }
    return dropped;
  }
}

let signingJwk: Record<string, unknown> | undefined;
/** One RSA signing key per process (generating one per stand-in would cost ~100 ms each). */
function signingKey(): Record<string, unknown> {
  if (!signingJwk) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    signingJwk = { ...jwk, kid: createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 27), use: 'sig', alg: 'RS256' };
  }
  return signingJwk;
}

/** A stable GUID-shaped value derived from text (object ids, session_state). */
export function guidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type CheckCtx = KoaContext & { oidc: OIDCContext };

export async function createTenantProvider(setup: TenantSetup, store: MapStore): Promise<ProviderType> {
  const { default: Provider, interactionPolicy } = await import('oidc-provider');

  // prompt=consent is how the front server keeps offline_access (oidc-provider drops it otherwise);
  // when the front added it, consent must not be forced, so a remembered grant stays silent.
  const policy = interactionPolicy.base();
  const consent = policy.get('consent');
  if (!consent) throw new Error('oidc-provider base policy has no consent prompt');
  consent.checks.remove('consent_prompt');
  consent.checks.add(
    new interactionPolicy.Check('consent_prompt', 'consent prompt was not resolved', 'consent_required', (ctx: CheckCtx) => {
      if (ctx.oidc.params?.[IMPLIED_CONSENT_PARAM]) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      return ctx.oidc.prompts.has('consent') && ctx.oidc.promptPending('consent');
    }),
    0,
  );

  const tid8 = setup.id.slice(0, 8);
  const configuration: Record<string, unknown> = {
    adapter: (model: string) => store.adapterFor(model),
    clients: setup.clients.map((c) => ({
      client_id: c.clientId,
      ...(c.name ? { client_name: c.name } : {}),
      redirect_uris: c.redirectUris,
      response_types: ['code'],
      ...(c.secret === undefined
        ? { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE] }
        : {
            client_secret: c.secret,
            // An expired secret: oidc-provider rejects it at client authentication, right secret or not.
            client_secret_expires_at: c.secretExpired ? 1 : 0,
            token_endpoint_auth_method: 'client_secret_post',
            grant_types: ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_CODE_GRANT_TYPE],
          }),
    })),
    clientAuthMethods: ['client_secret_post', 'client_secret_basic', 'private_key_jwt', 'none'],
    clientBasedCORS: () => false,
    claims: {
      openid: ['sub', 'tid', 'oid', 'preferred_username', 'name'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    scopes: [...OIDC_SCOPES],
    conformIdTokenClaims: false,
    cookies: {
      names: { session: `_session_${tid8}`, interaction: `_interaction_${tid8}`, resume: `_interaction_resume_${tid8}` },
      keys: [randomBytes(32).toString('base64url')],
    },
    extraParams: [IMPLIED_CONSENT_PARAM, ADMIN_CONSENT_PARAM],
    extraTokenClaims: (_ctx: unknown, token: { kind?: string; clientId?: string }) => {
      const roles = token.kind === 'ClientCredentials' && token.clientId ? setup.appRolesFor(token.clientId) : undefined;
      return roles ? { tid: setup.id, roles } : { tid: setup.id };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: {
        enabled: true,
        // Entra's user codes are nine upper-case characters without separators.
        charset: 'base-20',
        mask: '*********',
        userCodeInputSource: (ctx: KoaContext, form: string, _out: unknown, err?: Error & { userCode?: string }) => {
          let error: string | undefined;
          if (err?.name === 'AbortedError') error = 'You declined to sign in to the application on your device. You may close this window.';
          else if (err?.name === 'ExpiredError') error = 'That code has expired. Go back to the application on your device and try again.';
          else if (err?.name === 'AlreadyUsedError')
            error = 'That code has already been used. Go back to the application on your device and try again.';
          else if (err) error = "That code didn't work. Check the code and try again.";
          ctx.type = 'html';
          ctx.body = deviceCodePage({ form, formId: 'op.deviceInputForm', ...(error ? { error } : {}) });
        },
        userCodeConfirmSource: (
          ctx: CheckCtx,
          form: string,
          client: { clientName?: string; clientId: string },
          _info: unknown,
          userCode: string,
        ) => {
          ctx.type = 'html';
          ctx.body = deviceConfirmPage({
            form,
            formId: 'op.deviceConfirmForm',
            clientName: client.clientName ?? client.clientId,
            userCode,
          });
        },
        successSource: (ctx: CheckCtx) => {
          const client = ctx.oidc.client as { clientName?: string; clientId: string } | undefined;
          ctx.type = 'html';
          ctx.body = deviceSuccessPage(client?.clientName ?? client?.clientId ?? 'the application');
        },
      },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx: CheckCtx, _client: unknown, oneOf?: string | string[]) =>
          oneOf ?? resourceForScopes(typeof ctx.oidc.params?.['scope'] === 'string' ? ctx.oidc.params['scope'] : undefined),
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => ({
          scope: [...setup.knownScopes].join(' '),
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3599,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    findAccount: (_ctx: unknown, accountId: string) => ({
      accountId,
      claims: () => ({
        sub: accountId,
        tid: setup.id,
        oid: guidFrom(`oid:${accountId}`),
        preferred_username: accountId,
        name: accountId.split('@')[0],
        ...(accountId.includes('@') ? { email: accountId } : {}),
      }),
    }),
    interactions: { policy },
    jwks: { keys: [signingKey()] },
    pkce: { required: () => false },
    renderError: (ctx: KoaContext, _out: unknown, err: OIDCProviderError) => {
      const query = new URLSearchParams(ctx.req.url?.split('?')[1] ?? '');
      const { aadsts, message } = mapAuthorizePageError(err, query, setup.tenantLabel(ctx));
      ctx.type = 'html';
      ctx.body = entraErrorPage(aadsts, message);
    },
    responseTypes: ['code'],
    // Entra keeps a refresh token valid after it was used (the response still carries one).
    rotateRefreshToken: false,
    routes: {
      authorization: '/oauth2/v2.0/authorize',
      token: '/oauth2/v2.0/token',
      jwks: '/discovery/v2.0/keys',
      device_authorization: '/oauth2/v2.0/devicecode',
      // Entra's device pages live at /common/oauth2/deviceauth (after microsoft.com/devicelogin).
      code_verification: '/oauth2/deviceauth',
    },
    ttl: {
      AccessToken: 3599,
      AuthorizationCode: setup.codeTtlSeconds,
      ClientCredentials: 3599,
      DeviceCode: setup.deviceTtlSeconds,
      Grant: 90 * 24 * 3600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 90 * 24 * 3600,
      Session: 14 * 24 * 3600,
    },
  };
  return new Provider(setup.issuer, configuration);
}
