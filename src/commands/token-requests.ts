/**
 * The token requests every command that talks to Entra makes (setup, status --online,
 * validate --online), as one interface: the real one binds the run's single fetch
 * (proxy agent, --debug logging) into each request (commands/real-deps.ts); tests pass fakes.
 */
import type { ClientSettings, CodeRedemption, DeviceAuthorization, Tokens } from '../io/oauth.js';

/** A client as a command describes it: the transport (fetch, proxy) is the run's. */
export type TokenClient = Omit<ClientSettings, 'fetch' | 'proxy'>;

export interface TokenRequests {
  /** Authorization code + PKCE verifier → tokens. */
  redeem(client: TokenClient, redemption: CodeRedemption): Promise<Tokens>;
  refresh(client: TokenClient, refreshToken: string, scopes: string[]): Promise<Tokens>;
  clientCredentials(client: TokenClient, scopes: string[]): Promise<Tokens>;
  startDevice(client: TokenClient, scopes: string[]): Promise<DeviceAuthorization>;
  pollDevice(client: TokenClient, device: DeviceAuthorization, signal: AbortSignal): Promise<Tokens>;
}
