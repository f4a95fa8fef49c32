/**
 * Non-authentication instance parameters (`setup --param NAME=VALUE`, the wizard's
 * questions, profile `params`): which names an integration takes, which of them it
 * requires, and the refusal of anything that is or looks like a secret. Pure.
 */
import { CLOUD_INFO, webOrigin, type Cloud } from './authority.js';
import type { Integration, XsoarParam } from './catalog.js';
import type { Profile } from './profile.js';
import { DEFINITION_PARAMS } from './catalog/definition-params.js';
import { secretShape } from './profile-check.js';
import { hasControls, sanitize } from './sanitize.js';
import { unknownTokenUrl } from './xsoar-app.js';

/** Parameter types that hold secrets in XSOAR: encrypted text and long text (keys). */
const SECRET_TYPES = new Set([4, 14]);

/** The definition's visible parameters that ms-auth does not fill itself, by name, with their type. */
export function nonAuthParams(integration: Integration): Map<string, number> {
  const auth = new Set(Object.values(integration.params).map((p) => p.name));
  return new Map((DEFINITION_PARAMS[integration.xsoarId] ?? []).filter(([name]) => !auth.has(name)).map(([name, type]) => [name, type]));
}

/** Why this name and value cannot be a `--param` of the integration, or undefined when they can. */
export function paramProblem(integration: Integration | undefined, name: string, value: string): string | undefined {
  if (!integration) return `--param ${name}: instance parameters need --integration ID (they are the integration's own).`;
  if (Object.values(integration.params).some((p) => p.name === name)) {
    return `--param ${name}: ${integration.name} gets ${name} from ms-auth's sign-in; it is not a --param.`;
  }
  const type = nonAuthParams(integration).get(name);
  if (type === undefined) {
    const names = [...nonAuthParams(integration).entries()].filter(([, t]) => !SECRET_TYPES.has(t) && t !== 9).map(([n]) => n);
    return `--param ${name}: ${integration.name} has no such parameter (its others: ${names.join(', ') || 'none'}).`;
  }
  const known = integration.requiredParams.find((p) => p.name === name);
  if (SECRET_TYPES.has(type) || (type === 9 && !known)) {
    return `--param ${name}: that is a secret or credentials field in XSOAR; secrets are never flag values.`;
  }
  if (hasControls(value)) return `--param ${name}: the value holds control characters or escape sequences.`;
  const shape = secretShape(value);
  if (shape) return `--param ${name}: the value looks like ${shape}; secrets are never flag values.`;
  return undefined;
}

/** The parameter as the hand-off shows it: the catalog's record for required ones, else its bare name. */
export function paramField(integration: Integration | undefined, name: string): XsoarParam {
  return integration?.requiredParams.find((p) => p.name === name) ?? { name, type: 0, display: name };
}

/**
 * Required parameters the cloud decides (a Graph Server URL): never asked; handed over only
 * where the cloud's value differs from the definition's default (which XSOAR keeps otherwise).
 */
export function cloudParams(integration: Integration | undefined, cloud: Cloud): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of integration?.requiredParams ?? []) {
    const value = p.cloudValues?.[cloud];
    if (value !== undefined && value !== p.defaultValue) out[p.name] = value;
  }
  return out;
}

/** Required parameters with no value given and no default (nor cloud value): what must still be asked or passed. */
export function missingParams(integration: Integration | undefined, given: Record<string, string>): XsoarParam[] {
  return (integration?.requiredParams ?? []).filter(
    (p) => given[p.name] === undefined && p.defaultValue === undefined && p.cloudValues === undefined,
  );
}

/** A value that reads as a URL: `scheme://…`, or `//host…` (which takes the page's scheme). */
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/** Parameters that hold a URL XSOAR sends nothing to: the sign-in's redirect URI. */
const NOT_A_DESTINATION = new Set(['redirect_uri']);

/**
 * Microsoft's own hosts: login, Graph and ARM of every cloud ms-auth knows, and the fixed
 * service hosts the definitions' URL parameters take (Defender's regional API hosts,
 * https://learn.microsoft.com/defender-endpoint/api/exposed-apis-list and its US Government
 * page; the Office 365 Management API's). Exact names only: under a suffix like
 * kusto.windows.net anyone can have a cluster of their own.
 */
const MICROSOFT_ORIGINS = new Set(
  [
    ...Object.values(CLOUD_INFO).flatMap((cloud) => [cloud.login, cloud.graph, cloud.arm]),
    ...['', 'us.', 'eu.', 'uk.', 'au.', 'swa.', 'ina.'].map((region) => `${region}api.security.microsoft.com`),
    ...['api', 'api-us', 'api-eu', 'api-uk', 'api-au'].map((name) => `${name}.securitycenter.microsoft.com`),
    'api-gcc.securitycenter.microsoft.us',
    'api-gov.securitycenter.microsoft.us',
    'manage.office.com',
    'manage-gcc.office.com',
    'manage.office365.us',
    'manage.protection.apps.mil',
  ].map((host) => `https://${host}`),
);

/** A place a value sends XSOAR that ms-auth does not know: its origin, or the value cleaned for showing when it is no readable web address. */
export type UnknownHost = { origin: string } | { unreadable: string };

/**
 * Where a parameter value sends the integration when ms-auth does not know that place for
 * it, else undefined. Known are the catalog's default and cloud values of that parameter
 * and Microsoft's own hosts; a value that is no URL (an ID, a choice, a mailbox) sends
 * nothing. XSOAR sends the instance's sign-in, or the tokens it gets, to such hosts, so a
 * value the config file alone names is pushed only when the operator confirms it.
 * Control characters are no part of an address (XSOAR's Python strips some before the
 * host), so a value holding any is not read as one, whoever passes it.
 */
export function unknownParamHost(integration: Integration | undefined, name: string, value: string): UnknownHost | undefined {
  if (hasControls(value)) return { unreadable: sanitize(value, { max: 100 }) };
  const text = value.trim();
  if (NOT_A_DESTINATION.has(name) || !URL_LIKE.test(text)) return undefined;
  const origin = webOrigin(text);
  if (origin === undefined) return { unreadable: sanitize(text, { max: 100 }) };
  const known = integration?.requiredParams.find((p) => p.name === name);
  const catalog = [known?.defaultValue, ...Object.values(known?.cloudValues ?? {})].flatMap((v) => (v === undefined ? [] : [webOrigin(v)]));
  return MICROSOFT_ORIGINS.has(origin) || catalog.includes(origin) ? undefined : { origin };
}

/** A value from the config file that would send XSOAR somewhere ms-auth does not know. */
export interface FileHost {
  /** What holds it, as messages name it mid-sentence (`parameter cluster_url`, `the ID`) and first (`Parameter …`, `The ID`). */
  field: string;
  subject: string;
  host: UnknownHost;
  /** What goes there: `the sign-in or tokens of Azure Data Explorer`. */
  sends: string;
  /** How the operator says it at run time: `--param cluster_url=URL`. */
  runTime: string;
  code: 'param_url_untrusted' | 'token_url_untrusted';
}

/** What of a saved profile may send XSOAR somewhere: its parameters (`params`, or those of them given), and the XSOAR application's ID. */
export const savedValues = (
  profile: Pick<Profile, 'method' | 'clientId' | 'params'>,
  params: Readonly<Record<string, string>> = profile.params ?? {},
): { params: Readonly<Record<string, string>>; xsoarAppId?: string | undefined } => ({
  params,
  xsoarAppId: profile.method === 'xsoar-app' ? profile.clientId : undefined,
});

/** The warning for a place a saved value sends XSOAR that ms-auth does not know, where nobody is asked (export, setup's hand-off). */
export const fileHostWarning = ({ subject, host, sends }: FileHost, profile: string): string =>
  `${subject} of profile "${profile}" sends ${sends} to ${'origin' in host ? host.origin : `"${host.unreadable}"`}, which ms-auth does not know for it: check it before XSOAR gets it (push asks, or refuses without a terminal).`;

/**
 * The places a profile's saved values send XSOAR that ms-auth does not know: parameters
 * (unknownParamHost), and for the Cortex XSOAR application an ID whose `@<token URL>` is
 * not Palo Alto's proxy (unknownTokenUrl).
 */
export function fileHosts(integration: Integration | undefined, saved: ReturnType<typeof savedValues>): FileHost[] {
  const hosts: FileHost[] = [];
  const sends = `the sign-in or tokens of ${integration?.name ?? 'the integration'}`;
  for (const [raw, value] of Object.entries(saved.params)) {
    const name = sanitize(raw, { max: 100 });
    const host = unknownParamHost(integration, raw, value);
    if (host)
      hosts.push({
        field: `parameter ${name}`,
        subject: `Parameter ${name}`,
        host,
        sends,
        runTime: `--param ${name}=URL`,
        code: 'param_url_untrusted',
      });
  }
  const tokenUrl = saved.xsoarAppId === undefined ? undefined : unknownTokenUrl(saved.xsoarAppId);
  if (tokenUrl)
    hosts.push({
      field: 'the ID',
      subject: 'The ID',
      host: tokenUrl,
      sends: "the Cortex XSOAR application's token",
      runTime: 'ms-auth setup --push --xsoar-id ID@URL',
      code: 'token_url_untrusted',
    });
  return hosts;
}
