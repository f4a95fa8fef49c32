/**
 * The integration catalog: Cortex XSOAR's Microsoft integrations, how each one
 * authenticates, what it needs from the app registration, and the instance parameters
 * that receive the result. The entries live in ./catalog/ by family; this module joins
 * them and answers the questions setup, export and push ask of them. Pure, no I/O.
 */
import { CLOUD_INFO, type Cloud } from './authority.js';
import type { Flow, Method } from './profile.js';
import { AZURE_INTEGRATIONS } from './catalog/azure.js';
import { ARM_INTEGRATIONS } from './catalog/arm.js';
import { DEFENDER_INTEGRATIONS } from './catalog/defender.js';
import { GRAPH_INTEGRATIONS } from './catalog/graph.js';
import { IDENTITY_INTEGRATIONS } from './catalog/identity.js';
import { SERVICE_INTEGRATIONS } from './catalog/services.js';
import { TEST_BUTTON, type Integration, type XsoarParam } from './catalog/model.js';
import { UNSUPPORTED } from './catalog/unsupported.js';

export { TEST_BUTTON, XSOAR_AZURE_CLOUD } from './catalog/model.js';
export type { Integration, ParamConcept, Permission, TestKey, Unsupported, XsoarParam } from './catalog/model.js';
export { UNSUPPORTED };

export const INTEGRATIONS: readonly Integration[] = [
  ...GRAPH_INTEGRATIONS,
  ...IDENTITY_INTEGRATIONS,
  ...DEFENDER_INTEGRATIONS,
  ...AZURE_INTEGRATIONS,
  ...ARM_INTEGRATIONS,
  ...SERVICE_INTEGRATIONS,
];

/** The integration with this id, compared case-insensitively. */
export function findIntegration(id: string): Integration | undefined {
  const wanted = id.trim().toLowerCase();
  return INTEGRATIONS.find((integration) => integration.id === wanted);
}

const resolve = (integration: Integration | string): Integration | undefined =>
  typeof integration === 'string' ? findIntegration(integration) : integration;

/**
 * The integration's default scopes for a flow in a cloud (a copy), or undefined when XSOAR
 * cannot run that flow there. `{param}` placeholders take the parameter's value from
 * `params`, else the definition's default.
 */
export function defaultScopes(
  integration: Integration,
  flow: Flow,
  cloud: Cloud,
  params: Record<string, string> = {},
): string[] | undefined {
  if (!integration.flows.includes(flow)) return undefined;
  const scopes = integration.scopes[flow]?.[cloud];
  if (!scopes) return undefined;
  const value = (name: string): string =>
    (params[name] ?? integration.requiredParams.find((p) => p.name === name)?.defaultValue ?? `{${name}}`).replace(/\/+$/, '');
  return scopes.map((scope) => scope.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => value(name)));
}

/** Required parameters a flow's scopes are built from (`{cluster_url}/.default`). */
export function scopeParams(integration: Integration): string[] {
  const names = Object.values(integration.scopes).flatMap((byCloud) =>
    Object.values(byCloud ?? {})
      .flat()
      .flatMap((s) => [...(s ?? '').matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string)),
  );
  return [...new Set(names)];
}

/** The value to give the integration's cloud parameter for this cloud, if it has one and supports the cloud. */
export function xsoarCloudValue(integration: Integration, cloud: Cloud): string | undefined {
  return integration.params.cloud?.cloudValues?.[cloud];
}

/**
 * Methods the integration offers in a cloud. Palo Alto's consent apps (oproxy) live in the
 * worldwide Entra and their token service is not public; nothing public shows them serving a
 * US GCC tenant (XSOAR's national-cloud instructions use a self-deployed app), so the Cortex
 * XSOAR application is offered for worldwide only.
 */
export function methodsFor(integration: Integration, cloud: Cloud): Method[] {
  return integration.methods.filter((m) => m === 'self-deployed' || cloud === 'worldwide');
}

/**
 * XSOAR's own public client for the device-code flow, where it exists: it is registered in
 * the worldwide Entra, which also signs in US GCC tenants; not in US GCC-High, DoD or China.
 */
export function xsoarPublicClient(integration: Integration, cloud: Cloud): string | undefined {
  return CLOUD_INFO[cloud].login === CLOUD_INFO.worldwide.login ? integration.xsoarPublicClientId : undefined;
}

export type TestInstruction = { kind: 'test-module' } | { kind: 'command'; command: string };

/**
 * How to test an instance of the integration set up with this method and flow: the
 * instance's Test button (`test-module`) or a War Room command such as
 * `!microsoft-365-defender-auth-test`. Undefined when the integration lacks that method or flow.
 */
export function testInstruction(integration: Integration | string, method: Method, flow: Flow | null): TestInstruction | undefined {
  const entry = resolve(integration);
  const key = method === 'xsoar-app' ? 'xsoar-app' : flow;
  const test = key === null || !entry ? undefined : entry.tests[key];
  if (test === undefined) return undefined;
  return test === TEST_BUTTON ? { kind: 'test-module' } : { kind: 'command', command: test };
}

/** The command that clears the tokens XSOAR keeps for an instance (`!…-auth-reset`), if the integration has one. */
export function resetCommand(integration: Integration | string): string | undefined {
  return resolve(integration)?.resetCommand;
}

/** The integration's required non-authentication parameters (name, label, type, default), e.g. Sentinel's subscriptionID. */
export function requiredParams(integration: Integration | string): XsoarParam[] {
  return (resolve(integration)?.requiredParams ?? []).map((p) => ({ ...p }));
}

/** Clouds where the integration's `-generate-login-url` command builds a URL on the right login host. */
export function loginUrlClouds(integration: Integration): Cloud[] {
  return integration.loginUrlClouds ?? integration.clouds.filter((c) => CLOUD_INFO[c].login === CLOUD_INFO.worldwide.login);
}

/**
 * Where an operator gets a fresh authorization code for XSOAR: the integration's own
 * `!…-generate-login-url` where it builds the cloud's URL, else ms-auth's `authorize-url`.
 */
export function loginUrlAdvice(integration: Integration | undefined, cloud: Cloud): string {
  if (integration?.loginUrlCommand && loginUrlClouds(integration).includes(cloud)) return `${integration.loginUrlCommand} in XSOAR`;
  const target = integration ? ` --integration ${integration.id}` : ' --scope <scopes>';
  return `\`ms-auth authorize-url --cloud ${cloud}${target} --tenant <tenant> --client-id <client id> --redirect-uri <redirect uri>\` (no --pkce)`;
}
