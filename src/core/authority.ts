/**
 * Microsoft Entra national clouds and the v2.0 endpoints under a login host.
 * https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud
 */
import { usageError } from '../errors.js';

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
  'us-gcc': { login: 'login.microsoftonline.com', graph: 'graph.microsoft.com', arm: 'management.usgovcloudapi.net', portal: 'portal.azure.us' },
  'us-gcc-high': { login: 'login.microsoftonline.us', graph: 'graph.microsoft.us', arm: 'management.usgovcloudapi.net', portal: 'portal.azure.us' },
  'us-dod': { login: 'login.microsoftonline.us', graph: 'dod-graph.microsoft.us', arm: 'management.usgovcloudapi.net', portal: 'portal.azure.us' },
  china: { login: 'login.chinacloudapi.cn', graph: 'microsoftgraph.chinacloudapi.cn', arm: 'management.chinacloudapi.cn', portal: 'portal.azure.cn' },
};

export function parseCloud(value: string): Cloud {
  if ((CLOUDS as readonly string[]).includes(value)) return value as Cloud;
  throw usageError(`--cloud must be one of ${CLOUDS.join(', ')} (got "${value}").`);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/**
 * Checks an `--authority-host` value: `scheme://host[:port]`, no path, query or
 * credentials; `http:` only for loopback hosts. Returns the normalized origin.
 */
export function parseAuthorityHost(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--authority-host must be a URL like https://login.microsoftonline.us (got "${value}").`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError('--authority-host must use https: (or http: for a loopback host).');
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw usageError('--authority-host takes scheme://host[:port] only, without a path, query or credentials.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw usageError('--authority-host may use http: only for localhost, 127.0.0.1 or [::1]; use https: for any other host.');
  }
  return url.origin;
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
