/**
 * The Cortex XSOAR application path: Palo Alto's hosted consent page shows an ID,
 * a Token and a Key for one instance. Their contract is not public, so only their
 * shape is checked (facts sheet section 5).
 */
import { webOrigin } from './authority.js';
import type { UnknownHost } from './instance-params.js';
import { hasControls, sanitize } from './sanitize.js';
import type { Check } from './validate.js';

const OPROXY = 'https://oproxy.demisto.ninja';

export const consentPageUrl = (app: string): string => `${OPROXY}/${encodeURIComponent(app)}`;

/**
 * Where an ID's `@<token URL>` sends XSOAR's encrypted token and registration when it is
 * not Palo Alto's proxy, else undefined (no `@`, or the proxy). XSOAR splits the ID at
 * `@` and posts there, so a token URL the config file alone names is pushed only when
 * the operator confirms it.
 */
export function unknownTokenUrl(id: string): UnknownHost | undefined {
  if (hasControls(id)) return { unreadable: sanitize(id, { max: 100 }) };
  const at = id.indexOf('@');
  if (at < 0) return undefined;
  const url = id.slice(at + 1).trim();
  const origin = webOrigin(url);
  if (origin === undefined) return { unreadable: sanitize(url, { max: 100 }) };
  return origin === OPROXY ? undefined : { origin };
}

const noSpace =
  (what: string): Check =>
  (value) => {
    if (value.trim() === '') return `${what} is required.`;
    if (/\s/.test(value.trim())) return `${what} must not contain spaces or line breaks.`;
    return undefined;
  };

/** The ID may carry `@<token URL>` after the registration ID. */
export const checkXsoarId: Check = (value) => {
  const problem = noSpace('ID')(value);
  if (problem) return problem;
  if (hasControls(value)) return 'ID must not hold control characters or escape sequences.';
  const [id, url] = value.trim().split('@', 2);
  if (!id) return 'ID must start with the registration ID shown on the consent page.';
  if (url !== undefined && !/^https:\/\/[^\s/]+/.test(url)) return 'ID: the part after "@" must be an https URL.';
  return undefined;
};

export const checkXsoarToken: Check = noSpace('Token');

/** Standard base64 of an AES key: 16, 24 or 32 bytes. */
export const checkXsoarKey: Check = (value) => {
  const problem = noSpace('Key')(value);
  if (problem) return problem;
  const key = value.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) return 'Key must be standard base64 (A-Z, a-z, 0-9, +, /, = padding).';
  const bytes = Buffer.from(key, 'base64').length;
  return [16, 24, 32].includes(bytes) ? undefined : `Key must encode 16, 24 or 32 bytes (this one has ${bytes}).`;
};
