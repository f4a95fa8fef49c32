/**
 * The decisions of a push that need no server: the instance name, `--param` values,
 * the values a profile hands over (with which of them are secrets), the parameters the
 * push owns, and the test and reset the integration wants. Pure.
 */
import { isAbsolute, win32 } from 'node:path';
import { testInstruction, type Integration, type TestInstruction } from './catalog.js';
import { buildHandoff, type HandoffInput } from './handoff.js';
import type { Profile, SecretKind } from './profile.js';
import type { PushField } from './xsoar-instance.js';
import { KEY_TYPES, checkKeyId, xsoarTarget, type KeyType } from './xsoar-server.js';

/** Where a profile was pushed (contract: Storage v2); never a secret. */
export interface XsoarMemory {
  url: string;
  instance: string;
  keyId?: string;
  keyType?: KeyType;
  account?: string;
  investigation?: string;
  /** `--xsoar-ca-file`, as an absolute path (never the certificate itself). */
  caFile?: string;
}

/**
 * Why a server URL read from a file alone gets no secret: `push` refuses it without a
 * terminal (asks at one), `validate` reports it. The rule of a profile's authorityHost,
 * with the keychain's API key for that exact origin standing in for Microsoft's hosts.
 */
export const untrustedServerMessage = (origin: string, where: string): string =>
  `The XSOAR server ${origin} comes from ${where} alone, and no API key is kept in the keychain for it: a profile's secrets go there only when the same server is given at run time (--xsoar-url ${origin} or MS_AUTH_XSOAR_URL), or once its API key was entered for it.`;

export type { TestInstruction } from './catalog.js';

const INSTANCE_NAME = /^[A-Za-z0-9_.-][A-Za-z0-9 _.-]{0,99}$/;

/** Instance names are quoted into `using="<name>"`: letters, digits, space, `_`, `.`, `-`. */
export const checkInstanceName = (value: string): string | undefined =>
  INSTANCE_NAME.test(value) ? undefined : 'must be 1-100 letters, digits, spaces, "_", "." or "-" (it is quoted into using="<name>").';

/** Contract: `<integration id>_<profile>`, e.g. `msgraph-user_default`. */
export const defaultInstanceName = (integration: Integration, profile: string): string => `${integration.id}_${profile}`;

/** `--param NAME=VALUE` values by name; the problem names the bad one. */
export function parseParams(values: readonly string[]): { params: Record<string, string> } | { problem: string } {
  const params: Record<string, string> = {};
  for (const raw of values) {
    const at = raw.indexOf('=');
    const name = at > 0 ? raw.slice(0, at).trim() : '';
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name))
      return { problem: `--param takes NAME=VALUE with an XSOAR parameter name (got "${raw.slice(0, 40).replace(/=.*/, '=…')}").` };
    params[name] = raw.slice(at + 1).trim();
  }
  return { params };
}

/** The hand-off as push fields: every value with its secrets marked (what the masked hand-off masks). */
export function pushFields(input: HandoffInput): PushField[] {
  const shown = buildHandoff({ ...input, showSecrets: true }).fields;
  const masked = buildHandoff({ ...input, showSecrets: false }).fields;
  return shown.map((field, i) => ({
    param: field.param,
    credential: field.credential,
    value: field.value,
    secret: masked[i]?.masked === true,
  }));
}

/**
 * The authentication parameters a push owns: the integration's parameters ms-auth
 * fills. One a flow does not use goes back to its default, so a switch from the
 * authorization code flow to client credentials leaves no stale code behind.
 */
export const ownedParams = (integration: Integration): string[] => [...new Set(Object.values(integration.params).map((p) => p.name))];

/** The test the integration wants for this method and flow (the catalog's): its Test button, or its War Room test command. */
export function testFor(input: Pick<HandoffInput, 'integration' | 'method' | 'flow'>): TestInstruction | undefined {
  return input.integration ? testInstruction(input.integration, input.method, input.flow) : undefined;
}

/** `!cmd using="instance"`: the reserved argument that runs the command on that instance only. */
export const commandFor = (command: string, instance: string): string =>
  `${command.startsWith('!') ? command : `!${command}`} using="${instance}"`;

/** What export and push hand over for a saved profile: the refresh token stands in for a spent code. */
export function profileHandoff(
  profile: Profile,
  integration: Integration | undefined,
  secrets: Partial<Record<SecretKind, string>>,
): Omit<HandoffInput, 'showSecrets'> {
  const refreshToken = secrets['refresh-token'];
  return {
    integration,
    method: profile.method,
    flow: profile.flow,
    cloud: profile.cloud,
    clientId: profile.clientId,
    tenantId: profile.tenantId,
    redirectUri: profile.redirectUri,
    clientSecret: secrets['client-secret'],
    certificateThumbprint: profile.certificateThumbprint,
    certificateKey: secrets['certificate-key'],
    scopes: profile.scopes,
    deviceRefreshToken: profile.flow === 'device-code' ? refreshToken : undefined,
    params: profile.params,
    xsoarToken: secrets['xsoar-token'],
    xsoarKey: secrets['xsoar-key'],
    authCode: refreshToken && profile.flow === 'auth-code' ? { kind: 'refresh-token', token: refreshToken } : undefined,
  };
}

/**
 * Known packs by integration brand, to name what to install when the server lacks the
 * integration (the pack folder in demisto/content).
 */
const PACKS: Record<string, string> = {
  'Microsoft Graph User': 'Microsoft Graph User (MicrosoftGraphUser)',
  'Microsoft Defender Advanced Threat Protection': 'Microsoft Defender for Endpoint (MicrosoftDefenderAdvancedThreatProtection)',
  'Azure Sentinel': 'Microsoft Sentinel (AzureSentinel)',
  'Azure Security Center v2': 'Microsoft Defender for Cloud (AzureSecurityCenter)',
  MicrosoftGraphMail: 'Microsoft Graph Mail (MicrosoftGraphMail)',
  'Microsoft Graph Mail Single User': 'Microsoft Graph Mail (MicrosoftGraphMail)',
  'Microsoft Graph API': 'Microsoft Graph API (MicrosoftGraphAPI)',
  'Microsoft 365 Defender': 'Microsoft 365 Defender (Microsoft365Defender)',
  'Azure Network Security Groups': 'Azure Network Security Groups (AzureNetworkSecurityGroups)',
};

export const packOf = (integration: Integration): string => PACKS[integration.xsoarId] ?? `the pack of ${integration.name}`;

/** Problems of a profile's `xsoar` field (validate): the server URL's shape and the names it keeps. */
export function checkXsoarMemory(raw: unknown): { field: string; code: string; message: string }[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return [
      {
        field: '',
        code: 'xsoar_invalid',
        message: 'xsoar must be an object {url, instance, keyId?, keyType?, account?, investigation?, caFile?}.',
      },
    ];
  const m = raw as Record<string, unknown>;
  const problems: { field: string; code: string; message: string }[] = [];
  const add = (field: string, code: string, message: string) => problems.push({ field, code, message });
  const known = new Set(['url', 'instance', 'keyId', 'keyType', 'account', 'investigation', 'caFile']);
  for (const key of Object.keys(m)) if (!known.has(key)) add(key, 'field_unknown', `Unknown field "${key}" (a typo?).`);
  const text = (key: string): string | undefined => (typeof m[key] === 'string' ? m[key] : undefined);
  for (const key of Object.keys(m))
    if (m[key] !== undefined && typeof m[key] !== 'string') add(key, 'xsoar_invalid', `${key} must be a string.`);
  const url = text('url');
  if (url === undefined) add('url', 'field_missing', 'url is required: the XSOAR server the profile was pushed to.');
  else {
    const found = xsoarTarget(url, { keyId: text('keyId'), account: text('account') });
    if ('problem' in found) add('url', 'xsoar_url_invalid', `The XSOAR URL ${found.problem}`);
    else if (found.target.url !== url) add('url', 'xsoar_url_invalid', `The XSOAR URL should read ${found.target.url}.`);
  }
  const instance = text('instance');
  const instanceProblem = instance === undefined ? 'instance is required.' : checkInstanceName(instance);
  if (instanceProblem) add('instance', 'xsoar_instance_invalid', `instance ${instanceProblem}`);
  const keyId = text('keyId');
  if (keyId !== undefined && checkKeyId(keyId)) add('keyId', 'xsoar_key_id_invalid', `keyId ${checkKeyId(keyId)}`);
  const keyType = text('keyType');
  if (keyType !== undefined && !KEY_TYPES.includes(keyType as KeyType))
    add('keyType', 'xsoar_key_type_invalid', `keyType must be ${KEY_TYPES.join(' or ')}.`);
  const investigation = text('investigation');
  if (investigation !== undefined && !/^[A-Za-z0-9_-]{1,100}$/.test(investigation))
    add('investigation', 'xsoar_investigation_invalid', 'investigation must be an investigation or incident ID.');
  const caFile = text('caFile');
  if (caFile !== undefined && !isAbsolute(caFile) && !win32.isAbsolute(caFile))
    add('caFile', 'xsoar_ca_file_invalid', 'caFile must be an absolute path to a PEM file (the CA of the server).');
  return problems;
}
