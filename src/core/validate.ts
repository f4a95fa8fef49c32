/**
 * Validators for every value an operator types or passes. Each returns `undefined`
 * when the value is good, or a message that says what is wrong and what is expected,
 * so a prompt can show it while the operator types and a flag can fail with it.
 */
import { isLoopbackHost } from './authority.js';

export type Check = (value: string) => string | undefined;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A DNS name with at least one dot: Entra accepts any verified domain of the tenant.
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// Entra scopes: a resource URI plus permission (`https://graph.microsoft.com/.default`)
// or a bare permission name (`User.Read`, `offline_access`).
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,300}$/;

export const isGuid = (value: string): boolean => GUID.test(value);

const checkGuid =
  (what: string): Check =>
  (value) =>
    GUID.test(value.trim()) ? undefined : `${what} must be a GUID like 00000000-0000-0000-0000-000000000000.`;

export const checkClientId: Check = checkGuid('Client ID (Application ID)');

export const checkTenant: Check = (value) => {
  const v = value.trim();
  if (GUID.test(v) || DOMAIN.test(v)) return undefined;
  if (['common', 'organizations', 'consumers'].includes(v.toLowerCase())) {
    return `Tenant must be your tenant's ID or verified domain, not "${v}": XSOAR needs the tenant that owns the app.`;
  }
  return 'Tenant must be a tenant ID (a GUID) or a verified domain such as contoso.onmicrosoft.com.';
};

/**
 * Entra accepts `https:` redirect URIs, and `http:` only for loopback; a query is allowed
 * for work and school accounts and compared exactly.
 * https://learn.microsoft.com/en-us/entra/identity-platform/reply-url
 */
export const checkRedirectUri: Check = (value) => {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Redirect URI must be an absolute URL such as https://localhost/myapp.';
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'Redirect URI may use http: only for localhost, 127.0.0.1 or [::1]; use https: otherwise.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'Redirect URI must use https: (or http: for a loopback address).';
  }
  // Entra allows a query on redirect URIs of work and school apps (matched exactly), never a
  // fragment: the code comes back in the query, so the URI's own query rides along with it.
  if (url.hash || value.includes('#') || url.username || url.password) {
    return 'Redirect URI must not carry a fragment (#...) or credentials.';
  }
  // Entra compares redirect URIs character for character, and the token request
  // carries the URI in its canonical form: ask for that form up front.
  if (url.href !== value.trim()) return `Write the redirect URI as ${url.href} (the exact form sent to Entra).`;
  return undefined;
};

// The value is not echoed: it may come from a file, and the field path says which one it is.
export const checkScope: Check = (value) =>
  SCOPE.test(value) ? undefined : 'A scope must be one value per entry, without spaces, quotes or control characters.';

export const checkProfileName: Check = (value) => {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) return 'Profile name must be 1-64 characters of letters, digits, ".", "_" or "-".';
  // Names are keys of the config's profiles object: none may be one every object already has.
  if (value === '__proto__' || value in Object.prototype)
    return 'Profile name must not be a name every JavaScript object already has (such as constructor or __proto__).';
  return undefined;
};

export const checkSecret =
  (what: string): Check =>
  (value) => {
    if (value.trim() === '') return `${what} is required.`;
    if (/\s/.test(value.trim())) return `${what} must not contain spaces or line breaks.`;
    return undefined;
  };

/** A client secret; its Secret ID (a GUID shown beside it in the portal) is the classic mistake. */
export const checkClientSecret: Check = (value) =>
  checkSecret('Client secret')(value) ??
  (GUID.test(value.trim())
    ? "That is the secret's Secret ID (a GUID): paste its Value, shown once when the secret was created."
    : undefined);
