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
import { XSOAR_AZURE_CLOUD, xsoarCloudValue, TEST_BUTTON, type Integration, type ParamConcept, type XsoarParam } from './catalog.js';
import { mask } from './redact.js';

export const HANDOFFS = ['fresh-code', 'refresh-token', 'none'] as const;
export type Handoff = (typeof HANDOFFS)[number];

/** Parameter names most Microsoft integrations share, for a profile without an integration. */
const GENERIC_PARAMS: Partial<Record<ParamConcept, XsoarParam>> = {
  id: { name: 'auth_id', display: 'ID / Client ID' },
  token: { name: 'tenant_id', display: 'Token / Tenant ID' },
  key: { name: 'enc_key', display: 'Key / Client Secret' },
  selfDeployed: { name: 'self_deployed', display: 'Use a self-deployed Azure Application' },
  redirectUri: { name: 'redirect_uri', display: 'Application redirect URI' },
  authCode: { name: 'auth_code', display: 'Authorization code' },
  cloud: { name: 'azure_cloud', display: 'Azure Cloud', cloudValues: XSOAR_AZURE_CLOUD },
};

export interface HandoffInput {
  integration: Integration | undefined;
  method: Method;
  flow: Flow | null;
  cloud: Cloud;
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
  /** The ID value carries a secret (`<client id>@<refresh token>` for device-code integrations). */
  idIsSecret?: boolean | undefined;
  /** What goes into the authorization code parameter, if anything. */
  authCode?: { kind: 'code'; code: string; issuedAt: string } | { kind: 'refresh-token'; token: string } | undefined;
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
  testCommand?: string | undefined;
  resetCommand?: string | undefined;
  codeIssuedAt?: string | undefined;
  /** What XSOAR still needs that the hand-off could not carry, and how to get it there. */
  nextStep?: string | undefined;
}

export function buildHandoff(input: HandoffInput): HandoffResult {
  const names = input.integration?.params ?? GENERIC_PARAMS;
  const fields: HandoffField[] = [];
  const add = (concept: ParamConcept, value: string | boolean | undefined, secret = false) => {
    const param = names[concept];
    if (!param || value === undefined) return;
    const masked = secret && !input.showSecrets && typeof value === 'string';
    fields.push({ param: param.name, display: param.display, credential: param.credential, value: masked ? mask(value) : value, masked });
  };
  if (input.method === 'xsoar-app') {
    add('id', input.clientId);
    add('token', input.xsoarToken, true);
    add('key', input.xsoarKey, true);
    add('selfDeployed', false);
  } else {
    add('id', input.clientId, input.idIsSecret);
    add('token', input.tenantId);
    add('key', input.clientSecret, true);
    add('certificateThumbprint', input.certificateThumbprint);
    add('privateKey', input.certificateKey, true);
    add('selfDeployed', true);
    if (input.flow) add('authType', names.authType?.flowValues?.[input.flow]);
    if (input.flow === 'device-code' && input.scopes?.length) add('scope', input.scopes.join(' '));
    if (input.flow === 'auth-code') {
      add('redirectUri', input.redirectUri);
      if (input.authCode?.kind === 'code') add('authCode', input.authCode.code);
      if (input.authCode?.kind === 'refresh-token') add('authCode', `refresh_token:${input.authCode.token}`, true);
    }
  }
  add('cloud', input.integration ? xsoarCloudValue(input.integration, input.cloud) : XSOAR_AZURE_CLOUD[input.cloud]);
  // XSOAR's Test button cannot test a delegated (user) sign-in: those integrations
  // have their own test command. Everything else is tested with the button.
  const delegated = input.method === 'self-deployed' && (input.flow === 'auth-code' || input.flow === 'device-code');
  return {
    fields,
    testCommand: input.integration && (delegated ? input.integration.testCommand : TEST_BUTTON),
    resetCommand: input.method === 'self-deployed' ? input.integration?.resetCommand : undefined,
    codeIssuedAt: input.authCode?.kind === 'code' ? input.authCode.issuedAt : undefined,
    nextStep: nextStep(input, names),
  };
}

function nextStep(input: HandoffInput, names: Partial<Record<ParamConcept, XsoarParam>>): string | undefined {
  if (input.method !== 'self-deployed') return undefined;
  if (input.flow === 'auth-code' && names.authCode && !input.authCode) {
    return `No authorization code was handed over, and XSOAR needs one: get it with ${input.integration?.loginUrlCommand ?? 'the URL from `ms-auth authorize-url`'} in XSOAR, or run ms-auth setup again with --handoff fresh-code.`;
  }
  const integration = input.integration;
  if (input.flow === 'device-code' && integration && !integration.idAcceptsRefreshToken && integration.authStartCommand) {
    return `${integration.name} signs in with its own device code: run ${integration.authStartCommand} in XSOAR, then ${integration.authCompleteCommand ?? 'its -auth-complete command'}.`;
  }
  return undefined;
}

type ParamValue = string | boolean | { identifier?: string; password?: string };

/** The `--json` document of a hand-off (contract: setup), for setup and export alike. */
export function handoffDocument(profile: string, input: Pick<HandoffInput, 'integration' | 'method' | 'flow'>, result: HandoffResult): object {
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

const describeTest = (command: string): string =>
  command === TEST_BUTTON ? "press the instance's Test button" : `run ${command}`;

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
  if (result.nextStep) lines.push('', result.nextStep);
  if (result.testCommand) lines.push('', `Test it in XSOAR: ${describeTest(result.testCommand)}.`);
  if (result.resetCommand) lines.push(`If XSOAR later reports an expired, used or revoked credential: run ${result.resetCommand}, then run ms-auth setup again.`);
  return lines.join('\n');
}
