/**
 * What XSOAR gets: the instance parameters of one integration, by its own parameter
 * names, from a profile and its secrets. Secrets are masked unless asked for; a
 * fresh, unredeemed authorization code is shown as is, since handing it over is the
 * point (contract: secrets).
 *
 * Many current integration YAMLs use credentials-type parameters (an identifier and a
 * password half, sometimes shared by two values, e.g. Sentinel's client ID and
 * secret): those come out as `{"identifier", "password"}` objects, the shape XSOAR
 * itself stores them in.
 */
import type { Cloud } from './authority.js';
import type { Flow, Method } from './profile.js';
import {
  XSOAR_AZURE_CLOUD,
  loginUrlAdvice,
  resetCommand,
  testInstruction,
  xsoarCloudValue,
  xsoarPublicClient,
  type Integration,
  type ParamConcept,
  type XsoarParam,
} from './catalog.js';
import { cloudParams, missingParams, paramField } from './instance-params.js';
import { mask } from './redact.js';

export const HANDOFFS = ['fresh-code', 'refresh-token', 'none'] as const;
export type Handoff = (typeof HANDOFFS)[number];

/** Parameter names most older Microsoft integrations used, for a profile without an integration. */
const GENERIC_PARAMS: Partial<Record<ParamConcept, XsoarParam>> = {
  id: { name: 'auth_id', type: 4, display: 'ID / Client ID' },
  token: { name: 'tenant_id', type: 4, display: 'Token / Tenant ID' },
  key: { name: 'enc_key', type: 4, display: 'Key / Client Secret' },
  selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
  redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI' },
  authCode: { name: 'auth_code', type: 4, display: 'Authorization code' },
  cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: XSOAR_AZURE_CLOUD },
};

/** Said under a hand-off without an integration: those names are legacy fields in current definitions. */
export const GENERIC_NOTE =
  'These are the generic names auth_id, tenant_id, enc_key and auth_code. Current XSOAR integrations keep auth_id, enc_key and auth_code as hidden legacy fields and show their own (often credentials-type) fields instead: run ms-auth setup again with --integration ID (see `ms-auth integrations`) for the exact fields to fill.';

export interface HandoffInput {
  integration: Integration | undefined;
  method: Method;
  flow: Flow | null;
  cloud: Cloud;
  /** The plain client ID (or the Cortex XSOAR application's ID). */
  clientId: string;
  tenantId: string;
  redirectUri: string;
  clientSecret?: string | undefined;
  certificateThumbprint?: string | undefined;
  certificateKey?: string | undefined;
  xsoarToken?: string | undefined;
  xsoarKey?: string | undefined;
  /** The scopes set up; handed over where the integration takes its scope as a parameter. */
  scopes?: string[] | undefined;
  /** Device code: the refresh token, handed over as `<client id>@<refresh token>` where the integration's ID takes that form. */
  deviceRefreshToken?: string | undefined;
  /** What goes into the authorization code parameter, if anything. */
  authCode?: { kind: 'code'; code: string; issuedAt: string } | { kind: 'refresh-token'; token: string } | undefined;
  /** Non-authentication parameters (`--param`, or asked by the wizard), by XSOAR name. */
  params?: Record<string, string> | undefined;
  showSecrets: boolean;
}

/** One value for one field as the operator sees it in XSOAR's instance form. */
export interface HandoffField {
  param: string;
  display: string;
  credential?: 'identifier' | 'password' | undefined;
  value: string | boolean;
  /** True when `value` is a masked secret. */
  masked: boolean;
}

export interface HandoffResult {
  fields: HandoffField[];
  /** `test-module` (the instance's Test button) or a War Room command. */
  testCommand?: string | undefined;
  resetCommand?: string | undefined;
  codeIssuedAt?: string | undefined;
  /** What XSOAR still needs that the hand-off could not carry, and what to watch for, in order. */
  notes: string[];
}

export function buildHandoff(input: HandoffInput): HandoffResult {
  const integration = input.integration;
  const names = integration?.params ?? GENERIC_PARAMS;
  const fields: HandoffField[] = [];
  const add = (param: XsoarParam | undefined, value: string | boolean | undefined, secret = false) => {
    if (!param || value === undefined) return;
    const masked = secret && !input.showSecrets && typeof value === 'string';
    fields.push({ param: param.name, display: param.display, credential: param.credential, value: masked ? mask(value) : value, masked });
  };
  const seedsId = input.flow === 'device-code' && Boolean(integration?.idAcceptsRefreshToken) && input.deviceRefreshToken !== undefined;
  if (input.method === 'xsoar-app') {
    add(names.id, input.clientId);
    add(names.token, input.xsoarToken, true);
    add(names.key, input.xsoarKey, true);
    add(names.selfDeployed, false);
  } else {
    add(names.id, seedsId ? `${input.clientId}@${input.deviceRefreshToken}` : input.clientId, seedsId);
    add(names.token, input.tenantId);
    add(names.key, input.clientSecret, true);
    add(names.certificateThumbprint, input.certificateThumbprint);
    add(names.privateKey, input.certificateKey, true);
    add(names.selfDeployed, true);
    if (input.flow) add(names.authType, names.authType?.flowValues?.[input.flow]);
    if (input.flow === 'device-code' && input.scopes?.length) add(names.scope, input.scopes.join(' '));
    if (input.flow === 'auth-code') {
      add(names.redirectUri, input.redirectUri);
      if (input.authCode?.kind === 'code') add(names.authCode, input.authCode.code);
      if (input.authCode?.kind === 'refresh-token') add(names.authCode, `refresh_token:${input.authCode.token}`, true);
    }
  }
  add(names.cloud, integration ? xsoarCloudValue(integration, input.cloud) : XSOAR_AZURE_CLOUD[input.cloud]);
  for (const [name, value] of Object.entries({ ...cloudParams(integration, input.cloud), ...input.params }))
    add(paramField(integration, name), value);
  const test = integration && testInstruction(integration, input.method, input.flow);
  return {
    fields,
    testCommand: test && (test.kind === 'command' ? test.command : 'test-module'),
    resetCommand: integration && resetCommand(integration),
    codeIssuedAt: input.authCode?.kind === 'code' ? input.authCode.issuedAt : undefined,
    notes: notes(input, names, seedsId),
  };
}

function notes(input: HandoffInput, names: Partial<Record<ParamConcept, XsoarParam>>, seedsId: boolean): string[] {
  const integration = input.integration;
  const out: string[] = [];
  if (!integration) out.push(GENERIC_NOTE);
  if (input.method === 'self-deployed' && input.flow === 'auth-code' && names.authCode && !input.authCode) {
    out.push(
      `No authorization code was handed over, and XSOAR needs one: get it with ${loginUrlAdvice(integration, input.cloud)}, or run ms-auth setup again with --handoff fresh-code.`,
    );
  }
  if (input.method === 'self-deployed' && input.flow === 'device-code' && integration) {
    if (seedsId) {
      const test = integration.tests['device-code'] ?? 'its test command';
      out.push(
        `After the first command succeeds (e.g. ${test}), edit the instance and set ${names.id?.display ?? 'the ID field'} back to the plain client ID ${input.clientId}: XSOAR seeds its token from the ID on every run, and that refresh token expires.`,
      );
    } else if (integration.authStartCommand) {
      out.push(
        `${integration.name} signs in with its own device code: run ${integration.authStartCommand} in XSOAR, then ${integration.authCompleteCommand ?? 'its -auth-complete command'}.`,
      );
    }
    if (input.clientId !== xsoarPublicClient(integration, input.cloud)) {
      out.push(
        'With your own app registration, XSOAR refreshes the device-code token at /organizations without a secret: the app must be multi-tenant (accounts in any organizational directory) and allow public client flows (Authentication → Allow public client flows: Yes).',
      );
    }
  }
  const missing = missingParams(integration, input.params ?? {});
  if (missing.length) {
    out.push(
      `Still required by ${integration?.name ?? 'the integration'} and not given: ${missing.map((p) => `${p.display} [${p.name}]`).join(', ')}. Fill them in XSOAR, or pass --param NAME=VALUE to ms-auth setup or push.`,
    );
  }
  if (integration?.resetCommand) {
    out.push(
      `Reconfiguring an instance that already exists? Run ${integration.resetCommand} on it first, then save these values: XSOAR keeps using the token it already holds otherwise.`,
    );
  } else if (integration) {
    out.push(
      `${integration.name} has no reset command: to reconfigure an instance that already exists, delete it and create it anew, or XSOAR keeps using the token it already holds.`,
    );
  }
  return out;
}

type ParamValue = string | boolean | { identifier?: string; password?: string };

/** The `--json` document of a hand-off (contract: setup), for setup and export alike. */
export function handoffDocument(
  profile: string,
  input: Pick<HandoffInput, 'integration' | 'method' | 'flow'>,
  result: HandoffResult,
): object {
  return {
    profile,
    integration: input.integration?.id ?? null,
    method: input.method,
    flow: input.flow,
    xsoar: {
      params: paramsObject(result),
      testCommand: result.testCommand ?? null,
      resetCommand: result.resetCommand ?? null,
      ...(result.codeIssuedAt !== undefined && { codeIssuedAt: result.codeIssuedAt }),
      notes: result.notes,
    },
  };
}

export const handoffTitle = (profile: string, integration: Integration | undefined): string =>
  `XSOAR instance parameters for ${integration?.name ?? 'your integration'} (profile ${profile}):`;

/** `{"<param name>": value}` for `--json`; credentials-type halves merge into one object. */
export function paramsObject(result: HandoffResult): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const field of result.fields) {
    if (!field.credential) {
      params[field.param] = field.value;
      continue;
    }
    const existing = params[field.param];
    params[field.param] = { ...(typeof existing === 'object' ? existing : {}), [field.credential]: String(field.value) };
  }
  return params;
}

const describeTest = (command: string): string => (command === 'test-module' ? "press the instance's Test button" : `run ${command}`);

/** The readable block for a terminal: each field's label as XSOAR shows it, then its value. */
export function formatHandoff(result: HandoffResult, title: string): string {
  const lines = [title];
  for (const f of result.fields) {
    const half = f.credential === 'identifier' ? ', user name half' : f.credential === 'password' ? ', password half' : '';
    lines.push(`  ${f.display} [${f.param}${half}]`);
    lines.push(`      ${String(f.value)}${f.masked ? '   (masked; --show-secrets prints it)' : ''}`);
  }
  if (result.codeIssuedAt) {
    lines.push('', `The authorization code was issued at ${result.codeIssuedAt} and lasts about ten minutes: save the instance now.`);
  }
  for (const note of result.notes) lines.push('', note);
  if (result.testCommand) lines.push('', `Test it in XSOAR: ${describeTest(result.testCommand)}.`);
  if (result.resetCommand)
    lines.push(`If XSOAR later reports an expired, used or revoked credential: run ${result.resetCommand}, then run ms-auth setup again.`);
  return lines.join('\n');
}
