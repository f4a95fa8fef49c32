/**
 * Offline checks of a config file (ms-auth validate): shape, values, what each
 * integration needs, and no secret-looking value anywhere in it. Pure: the file's
 * parsed JSON in, problems out, each with a stable `code` and the key path (`field`)
 * it concerns. Secret presence is checked by the command, which can reach the store.
 */
import { CLOUDS, checkAuthorityHost, isCloud, trustsAuthorityHost, untrustedHostMessage, type Cloud } from './authority.js';
import { cloudProblem, unknownIntegrationMessage } from './integration-support.js';
import { defaultScopes, findIntegration } from './catalog.js';
import { paramProblem } from './instance-params.js';
import { hasControls } from './sanitize.js';
import { FLOWS, METHODS, type Flow, type Method, type Profile, type SecretKind } from './profile.js';
import { checkClientId, checkProfileName, checkRedirectUri, checkScope, checkTenant } from './validate.js';
import { checkXsoarMemory } from './xsoar-push.js';

export interface Problem {
  field: string;
  code: string;
  message: string;
}

const PROFILE_FIELDS = new Set([
  'method',
  'integration',
  'flow',
  'cloud',
  'authorityHost',
  'tenantId',
  'clientId',
  'redirectUri',
  'scopes',
  'certificateThumbprint',
  'params',
  'xsoar',
  'createdAt',
  'updatedAt',
]);

/** Entra client secrets, JWTs, `refresh_token:` hand-offs, Entra refresh tokens. */
const SECRET_SHAPES: Array<[RegExp, string]> = [
  [/[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34}/, 'an Entra client secret'],
  [/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, 'a JWT (access or ID token)'],
  [/refresh_token:/i, 'a refresh_token: hand-off'],
  [/^[01]\.A[A-Za-z0-9_.-]{80,}$/, 'an Entra refresh token or authorization code'],
];
const SECRET_KEY = /secret|token|password|passwd|key/i;
/**
 * Keys that name a key without holding one: where a profile was pushed (`xsoar.keyId`,
 * `xsoar.keyType`), and instance parameters, whose XSOAR names are not ours to choose
 * (Key Vault's `key_vaults`); their values are still checked for secret shapes.
 */
const NOT_SECRET = /\.xsoar\.key(Id|Type)$|\.params\.[^.]+$/;

/** What a value looks like when it is a secret (client secret, JWT, refresh token, `refresh_token:`), or undefined. */
export const secretShape = (value: string): string | undefined => SECRET_SHAPES.find(([pattern]) => pattern.test(value))?.[1];

/** Every string in the document that looks like a secret, or sits under a secret-sounding key. */
function findSecrets(value: unknown, path = ''): Problem[] {
  if (typeof value === 'string') {
    const key = path.split('.').at(-1) ?? '';
    const shape = SECRET_SHAPES.find(([pattern]) => pattern.test(value));
    if (shape)
      return [
        {
          field: path,
          code: 'secret_in_file',
          message: `Holds what looks like ${shape[1]}: remove it and rotate it; secrets belong in the keychain or MS_AUTH_* variables.`,
        },
      ];
    if (SECRET_KEY.test(key) && !NOT_SECRET.test(path) && value.trim() !== '') {
      return [
        {
          field: path,
          code: 'secret_in_file',
          message: `"${key}" holds a value: secrets belong in the keychain or MS_AUTH_* variables, never in the config file.`,
        },
      ];
    }
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecrets(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => findSecrets(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** The secret kinds a profile uses, and which of them it cannot work without. */
export function secretKinds(
  profile: Pick<Profile, 'method' | 'flow' | 'certificateThumbprint'>,
): { kind: SecretKind; required: boolean }[] {
  if (profile.method === 'xsoar-app')
    return [
      { kind: 'xsoar-token', required: true },
      { kind: 'xsoar-key', required: true },
    ];
  if (profile.flow === 'device-code') return [{ kind: 'refresh-token', required: true }];
  const credential: SecretKind = profile.certificateThumbprint ? 'certificate-key' : 'client-secret';
  if (profile.flow === 'client-credentials') return [{ kind: credential, required: true }];
  // A --no-exchange setup has no refresh token; XSOAR holds its own.
  return [
    { kind: credential, required: true },
    { kind: 'refresh-token', required: false },
  ];
}

/** The string-valued entries of an object (profile `params`), others dropped. */
const stringRecord = (value: unknown): Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

const isoDate = (value: unknown): boolean =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);

function checkProfile(name: string, raw: unknown, runtimeHost: string | undefined): Problem[] {
  const at = (field: string) => `profiles.${name}.${field}`;
  const problems: Problem[] = [];
  const add = (field: string, code: string, message: string) =>
    problems.push({ field: field ? at(field) : `profiles.${name}`, code, message });
  const nameProblem = checkProfileName(name);
  if (nameProblem) add('', 'profile_name_invalid', nameProblem);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add('', 'profile_not_object', 'A profile must be an object.');
    return problems;
  }
  const p = raw as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!PROFILE_FIELDS.has(key)) add(key, 'field_unknown', `Unknown field "${key}" (a typo?).`);
  // Such text would reach the terminal, and XSOAR, as it is: no value ms-auth writes holds any.
  for (const [key, value] of Object.entries(p))
    if (typeof value === 'string' && hasControls(value))
      add(key, 'text_invalid', `${key} holds control characters or escape sequences (was the file edited?).`);

  const method = p['method'];
  if (!METHODS.includes(method as Method)) {
    add('method', 'method_invalid', `method must be one of ${METHODS.join(', ')}.`);
    return problems;
  }
  const flow = p['flow'];
  if (method === 'xsoar-app' && flow !== null && flow !== undefined)
    add('flow', 'flow_invalid', 'The Cortex XSOAR application has no flow: set "flow": null.');
  if (method === 'self-deployed' && !FLOWS.includes(flow as Flow))
    add('flow', 'flow_invalid', `A self-deployed profile needs flow ${FLOWS.join(', ')}.`);
  const cloud = p['cloud'];
  if (!CLOUDS.includes(cloud as Cloud)) add('cloud', 'cloud_invalid', `cloud must be one of ${CLOUDS.join(', ')}.`);
  const authorityHost = p['authorityHost'];
  if (authorityHost !== undefined) {
    const host =
      typeof authorityHost === 'string' ? checkAuthorityHost(authorityHost) : { problem: 'must be a string: scheme://host[:port].' };
    if ('problem' in host) add('authorityHost', 'authority_host_invalid', `authorityHost ${host.problem}`);
    else if (typeof authorityHost === 'string' && !trustsAuthorityHost(authorityHost, runtimeHost))
      add('authorityHost', 'authority_host_untrusted', untrustedHostMessage(authorityHost));
  }
  for (const field of ['createdAt', 'updatedAt'])
    if (!isoDate(p[field])) add(field, 'timestamp_invalid', `${field} must be an ISO 8601 date-time.`);
  const thumbprint = p['certificateThumbprint'];
  if (thumbprint !== undefined && (typeof thumbprint !== 'string' || !/^[0-9A-Fa-f]{40}$/.test(thumbprint))) {
    add('certificateThumbprint', 'thumbprint_invalid', "certificateThumbprint must be the certificate's SHA-1 thumbprint: 40 hex digits.");
  }

  if (p['xsoar'] !== undefined)
    for (const problem of checkXsoarMemory(p['xsoar']))
      add(problem.field ? `xsoar.${problem.field}` : 'xsoar', problem.code, problem.message);

  const params = p['params'];
  if (params !== undefined) {
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      add('params', 'params_invalid', 'params must be an object of XSOAR parameter names and string values.');
    else
      for (const [name, value] of Object.entries(params))
        if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(name))
          add(`params.${name}`, 'params_invalid', 'Each parameter is an XSOAR name with a string value.');
        else if (hasControls(value))
          add(`params.${name}`, 'text_invalid', `params.${name} holds control characters or escape sequences (was the file edited?).`);
    if (p['integration'] === null && params !== null && typeof params === 'object' && Object.keys(params).length > 0)
      add('params', 'params_invalid', 'Instance parameters need an integration.');
  }
  const text = (field: string): string | undefined => (typeof p[field] === 'string' ? p[field] : undefined);
  const scopes = Array.isArray(p['scopes']) ? (p['scopes'] as unknown[]) : undefined;
  if (!scopes) add('scopes', 'field_missing', 'scopes must be a list (empty for the Cortex XSOAR application).');
  scopes?.forEach((scope, i) => {
    const problem = typeof scope === 'string' ? checkScope(scope) : 'Each scope must be a string.';
    if (problem) add(`scopes[${i}]`, 'scope_invalid', problem);
  });

  if (method === 'xsoar-app') {
    if (!text('clientId')?.trim()) add('clientId', 'field_missing', "clientId must hold the Cortex XSOAR application's ID.");
  } else {
    const tenant = text('tenantId');
    const tenantProblem = tenant === undefined ? 'tenantId is required.' : checkTenant(tenant);
    if (tenantProblem) add('tenantId', 'tenant_invalid', tenantProblem);
    const client = text('clientId');
    const clientProblem = client === undefined ? 'clientId is required.' : checkClientId(client);
    if (clientProblem) add('clientId', 'client_id_invalid', clientProblem);
    const redirect = text('redirectUri');
    if (flow === 'auth-code' || flow === 'client-credentials') {
      const redirectProblem = redirect === undefined ? 'redirectUri is required for this flow.' : checkRedirectUri(redirect);
      if (redirectProblem) add('redirectUri', 'redirect_uri_invalid', redirectProblem);
    }
    if (flow === 'client-credentials') {
      scopes?.forEach((scope, i) => {
        if (typeof scope === 'string' && !scope.endsWith('/.default'))
          add(`scopes[${i}]`, 'scope_not_default', 'Client credentials take <resource>/.default scopes only.');
      });
    }
  }

  const integrationId = p['integration'];
  if (integrationId === null && method === 'xsoar-app')
    add('integration', 'integration_missing', 'The Cortex XSOAR application needs the integration it was consented for.');
  if (integrationId !== null && integrationId !== undefined) {
    const integration = typeof integrationId === 'string' ? findIntegration(integrationId) : undefined;
    if (!integration) {
      add(
        'integration',
        'integration_unknown',
        unknownIntegrationMessage(typeof integrationId === 'string' ? integrationId : JSON.stringify(integrationId)),
      );
    } else {
      for (const [name, value] of Object.entries(stringRecord(p['params']))) {
        const problem = paramProblem(integration, name, value);
        if (problem) add(`params.${name}`, 'param_invalid', problem.replace(/^--param [^:]+: /, ''));
      }
      if (!integration.methods.includes(method as Method))
        add('method', 'integration_method_unsupported', `${integration.name} does not support ${String(method)}.`);
      const unsupportedCloud = isCloud(cloud) ? cloudProblem(integration, cloud) : undefined;
      if (unsupportedCloud) add('cloud', 'integration_cloud_unsupported', unsupportedCloud);
      if (method === 'self-deployed' && FLOWS.includes(flow as Flow)) {
        if (!integration.flows.includes(flow as Flow)) {
          add('flow', 'integration_flow_unsupported', `${integration.name} supports ${integration.flows.join(', ')}.`);
        } else {
          const needed = defaultScopes(integration, flow as Flow, cloud as Cloud, stringRecord(p['params'])) ?? [];
          const have = new Set((scopes ?? []).filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase()));
          const lacking = needed.filter((s) => !have.has(s.toLowerCase()));
          if (lacking.length)
            add('scopes', 'scopes_insufficient', `${integration.name} needs ${lacking.join(' ')} for ${String(flow)} in ${String(cloud)}.`);
        }
      }
    }
  }
  return problems;
}

export interface CheckedFile {
  /** Problems of the file as a whole (not JSON, wrong version, no profiles object). */
  problems: Problem[];
  profiles: Array<{ name: string; problems: Problem[] }>;
}

/**
 * Checks a config document; `only` limits the profiles checked. `runtimeHost` is the
 * authority host given at run time, the only way a non-Microsoft one in the file is trusted.
 */
export function checkConfigDocument(document: unknown, only?: string[], runtimeHost?: string): CheckedFile {
  const problems: Problem[] = [];
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { problems: [{ field: '', code: 'schema_invalid', message: 'The file must hold a JSON object.' }], profiles: [] };
  }
  const doc = document as Record<string, unknown>;
  if (doc['version'] !== 1) problems.push({ field: 'version', code: 'version_unsupported', message: 'version must be 1.' });
  for (const key of Object.keys(doc)) {
    if (key !== 'version' && key !== 'profiles' && key !== '$schema')
      problems.push({ field: key, code: 'field_unknown', message: `Unknown field "${key}".` });
  }
  const profiles = doc['profiles'];
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
    problems.push({ field: 'profiles', code: 'schema_invalid', message: 'profiles must be an object of named profiles.' });
    return { problems, profiles: [] };
  }
  // Secret-looking values are looked for everywhere, including fields no check knows.
  const secrets = findSecrets(document);
  problems.push(...secrets.filter((s) => !s.field.startsWith('profiles.')));
  const names = only ?? Object.keys(profiles);
  return {
    problems,
    profiles: names.map((name) => ({
      name,
      problems: Object.hasOwn(profiles, name)
        ? [
            ...checkProfile(name, (profiles as Record<string, unknown>)[name], runtimeHost),
            ...secrets.filter((s) => s.field.startsWith(`profiles.${name}.`)),
          ]
        : [{ field: `profiles.${name}`, code: 'profile_missing', message: `There is no profile "${name}" in this file.` }],
    })),
  };
}
