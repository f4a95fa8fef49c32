/**
 * The slice of oidc-provider 9 (which ships no types) that the Entra stand-in uses.
 * Shapes follow node_modules/oidc-provider/lib; everything else is left out on purpose.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** Koa's context, as far as the stand-in touches it. */
  export interface KoaContext {
    req: IncomingMessage;
    res: ServerResponse;
    status: number;
    body: unknown;
    type: string;
    path: string;
    method: string;
    query: Record<string, string | string[] | undefined>;
    state: Record<string, unknown>;
    /** Defined by oidc-provider's router; undefined when no route matched. */
    readonly oidc?: OIDCContext;
    get(field: string): string;
    set(field: string, value: string): void;
    remove(field: string): void;
    response: { get(field: string): string };
  }

  export interface ClientLike {
    clientId: string;
    redirectUris: string[];
    redirectUriAllowed(uri: string): boolean;
  }

  export interface ScopedEntity {
    scope?: string;
    readonly scopes: Set<string>;
  }

  export interface OIDCContext {
    readonly route: string;
    readonly params?: Record<string, unknown>;
    readonly body?: Record<string, unknown>;
    readonly client?: ClientLike;
    readonly session?: { uid?: string; accountId?: string };
    readonly prompts: Set<string>;
    readonly entities: Record<string, ScopedEntity | undefined>;
    promptPending(name: string): boolean;
  }

  export type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  export interface AdapterPayload {
    [key: string]: unknown;
    consumed?: number;
    grantId?: string;
    uid?: string;
    userCode?: string;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** What `interactionDetails` tells about a pending interaction (the parts the stand-in's pages use). */
  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> } };
    params: Record<string, unknown>;
    session?: { accountId?: string };
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    use(middleware: Middleware): this;
    on(event: string, listener: (ctx: KoaContext, error: OIDCProviderError) => void): this;
  }

  export interface OIDCProviderError extends Error {
    error?: string;
    error_description?: string;
    error_detail?: string;
    statusCode?: number;
    status?: number;
    expose?: boolean;
  }

  export class Check {
    static readonly REQUEST_PROMPT: true;
    static readonly NO_NEED_TO_PROMPT: false;
    constructor(reason: string, description: string, error: string, check: (ctx: KoaContext & { oidc: OIDCContext }) => boolean);
  }

  export interface Checks extends Array<Check> {
    remove(reason: string): void;
    add(check: Check, index?: number): void;
  }

  export interface Prompt {
    readonly name: string;
    readonly checks: Checks;
  }

  export interface Policy extends Array<Prompt> {
    get(name: string): Prompt | undefined;
  }

  export const interactionPolicy: {
    base(): Policy;
    Check: typeof Check;
  };

  export default Provider;
}
