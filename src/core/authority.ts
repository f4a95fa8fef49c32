/**
 * Microsoft Entra national clouds and the v2.0 endpoints under a login host.
 * https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud
 */
import { CliError } from '../errors.js';
import { sanitize } from './sanitize.js';

export const CLOUDS = ['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod', 'china'] as const;
export type Cloud = (typeof CLOUDS)[number];

export interface CloudInfo {
  login: string;
  graph: string;
  arm: string;
  portal: string;
}

export const CLOUD_INFO: Record<Cloud, CloudInfo> = {
  worldwide: { login: 'login.microsoftonline.com', graph: 'graph.microsoft.com', arm: 'management.azure.com', portal: 'portal.azure.com' },
  'us-gcc': {
    login: 'login.microsoftonline.com',
    graph: 'graph.microsoft.com',
    arm: 'management.usgovcloudapi.net',
    portal: 'portal.azure.us',
  },
  'us-gcc-high': {
    login: 'login.microsoftonline.us',
    graph: 'graph.microsoft.us',
    arm: 'management.usgovcloudapi.net',
    portal: 'portal.azure.us',
  },
  'us-dod': {
    login: 'login.microsoftonline.us',
    graph: 'dod-graph.microsoft.us',
    arm: 'management.usgovcloudapi.net',
    portal: 'portal.azure.us',
  },
  china: {
    login: 'login.chinacloudapi.cn',
    graph: 'microsoftgraph.chinacloudapi.cn',
    arm: 'management.chinacloudapi.cn',
    portal: 'portal.azure.cn',
  },
};

export const isCloud = (value: unknown): value is Cloud => CLOUDS.some((cloud) => cloud === value);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/**
 * Checks an authority host (`--authority-host`, or a profile's `authorityHost`):
 * `scheme://host[:port]`, no path, query or credentials; `http:` only for loopback hosts.
 * Gives the normalized origin, or what is wrong, worded to follow the value's name.
 */
export function checkAuthorityHost(value: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not repeated: it may be a secret typed into the wrong place.
    return { problem: 'must be a URL like https://login.microsoftonline.us.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'must use https: (or http: for a loopback host).' };
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return { problem: 'takes scheme://host[:port] only, without a path, query or credentials.' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { problem: 'may use http: only for localhost, 127.0.0.1 or [::1]; use https: for any other host.' };
  }
  return { origin: url.origin };
}

/** A Microsoft login host of a known cloud, over https on its default port. */
export function isMicrosoftLoginOrigin(origin: string): boolean {
  return CLOUDS.some((cloud) => origin === `https://${CLOUD_INFO[cloud].login}`);
}

/** The origin of an http(s) URL (`//host` taken as https), else undefined. */
export const webOrigin = (value: string): string | undefined => {
  try {
    const url = new URL(value.startsWith('//') ? `https:${value}` : value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Whether an authority host read from a file (config.json, `validate --file`) may
 * receive this profile's secrets: only a Microsoft login host of a known cloud, or
 * exactly the host given at run time (--authority-host / MS_AUTH_AUTHORITY_HOST). A
 * file is not the operator: whoever could write it must not decide where secrets go.
 */
export function trustsAuthorityHost(fileHost: string | undefined, runtimeHost: string | undefined): boolean {
  if (fileHost === undefined) return true;
  const origin = webOrigin(fileHost);
  if (origin === undefined) return false;
  return isMicrosoftLoginOrigin(origin) || (runtimeHost !== undefined && webOrigin(runtimeHost) === origin);
}

export const untrustedHostMessage = (fileHost: string): string =>
  `authorityHost ${sanitize(fileHost, { max: 200 })} is not a Microsoft login host: a profile's secrets go there only when the same host is given at run time (--authority-host ${sanitize(fileHost, { max: 200 })} or MS_AUTH_AUTHORITY_HOST).`;

/** The origin a saved profile's token requests go to; refuses an authority host the file alone names. */
export function profileOrigin(profile: { cloud: Cloud; authorityHost?: string | undefined }, runtimeHost: string | undefined): string {
  if (!trustsAuthorityHost(profile.authorityHost, runtimeHost)) {
    throw new CliError('config', 'authority_host_untrusted', untrustedHostMessage(String(profile.authorityHost)), [
      'Nothing was sent. If you set this host up yourself, confirm it on the command line; otherwise remove it from the profile.',
    ]);
  }
  return authorityOrigin(profile.cloud, profile.authorityHost === undefined ? undefined : webOrigin(profile.authorityHost));
}

/** The origin every Entra endpoint of a run lives under. */
export function authorityOrigin(cloud: Cloud, authorityHost?: string): string {
  return authorityHost ?? `https://${CLOUD_INFO[cloud].login}`;
}

export interface Endpoints {
  issuer: string;
  authorize: string;
  token: string;
  deviceCode: string;
  adminConsent: string;
}

export function endpoints(origin: string, tenant: string): Endpoints {
  const base = `${origin}/${encodeURIComponent(tenant)}`;
  return {
    issuer: `${base}/v2.0`,
    authorize: `${base}/oauth2/v2.0/authorize`,
    token: `${base}/oauth2/v2.0/token`,
    deviceCode: `${base}/oauth2/v2.0/devicecode`,
    adminConsent: `${base}/v2.0/adminconsent`,
  };
}
