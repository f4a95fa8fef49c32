/**
 * What XSOAR gets: the instance parameters of one integration, by its own parameter
 * names, from a profile and its secrets. Secrets are masked unless asked for; a
 * fresh, unredeemed authorization code is shown as is, since handing it over is the
 * point (contract: secrets).
 */
import { CLOUD_INFO, type Cloud } from './authority.js';
import type { Flow, Method } from './profile.js';
import type { Integration, ParamConcept, XsoarParam } from './catalog.js';
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
  xsoarToken?: string | undefined;
  xsoarKey?: string | undefined;
  certificateThumbprint?: string | undefined;
  certificateKey?: string | undefined;
  /** What goes into the authorization code parameter, if anything. */
  authCode?: { kind: 'code'; code: string; issuedAt: string } | { kind: 'refresh-token'; token: string } | undefined;
  showSecrets: boolean;
}

export interface HandoffParam {
  name: string;
  display: string;
  value: string | boolean;
  secret: boolean;
}

export interface HandoffResult {
  params: HandoffParam[];
  testCommand?: string | undefined;
  resetCommand?: string | undefined;
  codeIssuedAt?: string | undefined;
}

export function buildHandoff(input: HandoffInput): HandoffResult {
  const names = input.integration?.params ?? GENERIC_PARAMS;
  const params: HandoffParam[] = [];
  const add = (concept: ParamConcept, value: string | boolean | undefined, secret = false) => {
    const param = names[concept];
    if (!param || value === undefined) return;
    const shown = secret && !input.showSecrets && typeof value === 'string' ? mask(value) : value;
    params.push({ name: param.name, display: param.display, value: shown, secret });
  };
  if (input.method === 'xsoar-app') {
    add('id', input.clientId);
    add('token', input.xsoarToken, true);
    add('key', input.xsoarKey, true);
    add('selfDeployed', false);
  } else {
    add('id', input.clientId);
    add('token', input.tenantId);
    add('key', input.clientSecret, true);
    add('certificateThumbprint', input.certificateThumbprint);
    add('privateKey', input.certificateKey, true);
    add('selfDeployed', true);
    if (input.flow === 'auth-code') {
      add('redirectUri', input.redirectUri);
      if (input.authCode?.kind === 'code') add('authCode', input.authCode.code);
      if (input.authCode?.kind === 'refresh-token') add('authCode', `refresh_token:${input.authCode.token}`, true);
    }
  }
  add('cloud', CLOUD_INFO[input.cloud].xsoarAzureCloud);
  return {
    params,
    testCommand: input.integration?.testCommand,
    resetCommand: input.integration?.resetCommand,
    codeIssuedAt: input.authCode?.kind === 'code' ? input.authCode.issuedAt : undefined,
  };
}

/** `{"<param name>": value}` for `--json`. */
export const paramsObject = (result: HandoffResult): Record<string, string | boolean> =>
  Object.fromEntries(result.params.map((p) => [p.name, p.value]));

/** The readable block for a terminal. */
export function formatHandoff(result: HandoffResult, title: string): string {
  const width = Math.max(...result.params.map((p) => `${p.display} (${p.name})`.length), 0);
  const lines = [title];
  for (const p of result.params) {
    const label = `${p.display} (${p.name})`.padEnd(width);
    const note = p.secret && typeof p.value === 'string' && p.value.endsWith('…') ? '   (masked; --show-secrets prints it)' : '';
    lines.push(`  ${label}  ${String(p.value)}${note}`);
  }
  if (result.codeIssuedAt) {
    lines.push('', `The authorization code was issued at ${result.codeIssuedAt} and lasts about ten minutes: save the instance now.`);
  }
  if (result.testCommand) lines.push('', `Test it in XSOAR with: ${result.testCommand}`);
  if (result.resetCommand) lines.push(`If XSOAR reports an expired or used code: ${result.resetCommand}, then hand it a new one.`);
  return lines.join('\n');
}
