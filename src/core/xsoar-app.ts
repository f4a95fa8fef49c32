/**
 * The Cortex XSOAR application path: Palo Alto's hosted consent page shows an ID,
 * a Token and a Key for one instance. Their contract is not public, so only their
 * shape is checked (facts sheet section 5).
 */
import type { Check } from './validate.js';

export const consentPageUrl = (app: string): string => `https://oproxy.demisto.ninja/${encodeURIComponent(app)}`;

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
