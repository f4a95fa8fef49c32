/**
 * The catalog's shape and the building blocks its entries share. Pure data, no I/O.
 *
 * Conventions:
 * - `scopes[flow][cloud]` is the scope list the tool requests for that flow in that
 *   cloud. A cloud missing from a flow's record means XSOAR's code cannot run that flow
 *   there (see `clouds`). Delegated lists never contain `offline_access`: the tool adds it.
 * - A parameter with `credential` is an XSOAR credentials-type parameter (type 9): the
 *   value goes into its `identifier` or `password` half. Two concepts may share one such
 *   parameter (certificate thumbprint + private key, client ID + secret).
 * - `type` is the definition's parameter type code (0 short text, 4 encrypted, 8 boolean,
 *   9 credentials, 12 long text, 14 long text/key, 15 single select).
 * - `tests[method or flow]` is a War Room command (`!…`) or `TEST_BUTTON` (the instance's
 *   Test button, which runs `test-module`).
 */
import { CLOUD_INFO, CLOUDS, type Cloud } from '../authority.js';
import type { Flow, Method } from '../profile.js';

export type ParamConcept =
  | 'id'
  | 'token'
  | 'key'
  | 'selfDeployed'
  | 'redirectUri'
  | 'authCode'
  | 'certificateThumbprint'
  | 'privateKey'
  | 'cloud'
  /** A selector or checkbox that picks the grant type (`auth_type`, `client_credentials`): see `flowValues`. */
  | 'authType'
  /** The delegated scope list the integration requests in its device-code flow (Microsoft Graph API). */
  | 'scope';

export interface XsoarParam {
  /** The integration definition's parameter name. */
  name: string;
  /** The definition's parameter type code. */
  type: number;
  /** Its label as the definition gives it (`display`, or `displaypassword` for the password half of a type-9 parameter; XSOAR shows "Password" when that is absent). */
  display: string;
  /** Credentials-type (type 9) parameter: the half that holds the value. Absent for plain parameters. */
  credential?: 'identifier' | 'password';
  /** For `authType`: the option (or checkbox value) that selects each flow. */
  flowValues?: Partial<Record<Flow, string | boolean>>;
  /** For `cloud`, or a required parameter that follows the cloud: the option (or URL) for each supported cloud. */
  cloudValues?: Partial<Record<Cloud, string>>;
  /** For required parameters: the definition's default, which XSOAR fills in when nothing is given. */
  defaultValue?: string;
  /** A required parameter the definition leaves optional but the integration's code refuses to run without. */
  codeRequired?: boolean;
}

export interface Permission {
  name: string;
  type: 'application' | 'delegated' | 'azure-role';
  /** The API the permission belongs to, as the Azure portal lists it (absent for Azure roles). */
  api?: string;
}

/** What `tests` is keyed by: the Cortex XSOAR application, or a self-deployed flow. */
export type TestKey = 'xsoar-app' | Flow;

export interface Integration {
  /** Unique, kebab-case, used as `--integration ID`. */
  id: string;
  /** XSOAR display name (the definition's `display`, what the operator sees and searches for). */
  name: string;
  /** The integration's own id (the definition's `commonfields.id`), stable across display renames. */
  xsoarId: string;
  commandPrefix: string;
  methods: Method[];
  /** Self-deployed flows the integration supports. */
  flows: Flow[];
  /** Clouds XSOAR's code can reach for at least one flow. */
  clouds: Cloud[];
  /** oproxy consent app (https://oproxy.demisto.ninja/<xsoarApp>) when the Cortex XSOAR application is offered (worldwide only). */
  xsoarApp?: string;
  /**
   * XSOAR's own multi-tenant public client for the device-code flow (what XSOAR calls
   * the "Cortex XSOAR app" for these integrations; no oproxy, no secret). Registered in
   * the worldwide Entra, so it exists for worldwide and US GCC tenants only.
   */
  xsoarPublicClientId?: string;
  /**
   * May contain `{param}` placeholders filled from a required parameter's value (Azure Data
   * Explorer's `{cluster_url}/.default`): see `defaultScopes()`.
   */
  scopes: Partial<Record<Flow, Partial<Record<Cloud, string[]>>>>;
  /** Flows the integration has in XSOAR but ms-auth does not set up, with the reason `ms-auth integrations` prints. */
  unsupportedFlows?: Partial<Record<Flow, string>>;
  permissions: Permission[];
  params: Partial<Record<ParamConcept, XsoarParam>>;
  /** Non-authentication parameters the definition marks required (the operator must give those without a default). */
  requiredParams: XsoarParam[];
  /** How to test the instance, per method (xsoar-app) or self-deployed flow. */
  tests: Partial<Record<TestKey, string>>;
  resetCommand?: string;
  /** Builds XSOAR's own authorize URL for the auth-code flow. */
  loginUrlCommand?: string;
  /** Clouds where `loginUrlCommand` builds a URL on the cloud's own login host (absent: worldwide and US GCC, which share it). */
  loginUrlClouds?: Cloud[];
  /** Device-code flow: start and finish the sign-in inside XSOAR. */
  authStartCommand?: string;
  authCompleteCommand?: string;
  /** True when the integration's auth-code flow takes an Authorization code parameter (XSOAR redeems it). */
  authCodeNeedsCode?: boolean;
  /**
   * True when the ID parameter accepts `<client id>@<refresh token>` and seeds XSOAR's
   * integration context with that refresh token (device-code integrations).
   */
  idAcceptsRefreshToken?: boolean;
  /** Facts an operator should know (deprecation, extra resources XSOAR requests with the same grant). */
  notes?: string[];
}

/** An integration definition that authenticates through MicrosoftApiModule but that ms-auth leaves out, and why. */
export interface Unsupported {
  xsoarId: string;
  name: string;
  reason: string;
}

/** `tests` value for the instance's *Test* button (`test-module`). */
export const TEST_BUTTON = 'test-module';

/**
 * Cortex XSOAR's `azure_cloud` option for each cloud, exactly as the definitions list them
 * and as MicrosoftApiModule's AZURE_CLOUD_NAME_MAPPING keys them.
 */
export const XSOAR_AZURE_CLOUD: Record<Cloud, string> = {
  worldwide: 'Worldwide',
  'us-gcc': 'US GCC',
  'us-gcc-high': 'US GCC-High',
  'us-dod': 'DoD',
  china: 'China',
};

export const ALL_CLOUDS: Cloud[] = [...CLOUDS];
export const WORLDWIDE: Cloud[] = ['worldwide'];
/** Clouds whose tenants sign in at login.microsoftonline.com and use graph.microsoft.com: where integrations that hard-code both work. */
export const WORLDWIDE_LOGIN: Cloud[] = ['worldwide', 'us-gcc'];

export const GRAPH = (cloud: Cloud): string => CLOUD_INFO[cloud].graph;
export const ARM = (cloud: Cloud): string => CLOUD_INFO[cloud].arm;

export function perCloud(clouds: readonly Cloud[], scopes: (cloud: Cloud) => string[]): Partial<Record<Cloud, string[]>> {
  return Object.fromEntries(clouds.map((cloud) => [cloud, scopes(cloud)]));
}

export function perCloudValue(clouds: readonly Cloud[], value: (cloud: Cloud) => string): Partial<Record<Cloud, string>> {
  return Object.fromEntries(clouds.map((cloud) => [cloud, value(cloud)]));
}

export const graphDefault = (clouds: readonly Cloud[]) => perCloud(clouds, (c) => [`https://${GRAPH(c)}/.default`]);
export const armDefault = (clouds: readonly Cloud[]) => perCloud(clouds, (c) => [`https://${ARM(c)}/.default`]);
/** What the ARM integrations ask for in their device-code flow (XSOAR adds Graph `user.read`, which a token request cannot carry besides). */
export const armImpersonation = (clouds: readonly Cloud[]) => perCloud(clouds, (c) => [`https://${ARM(c)}/user_impersonation`]);

/**
 * `azure_cloud` values for integrations whose Graph calls follow it. XSOAR's `US GCC`
 * cloud (MicrosoftApiModule AZURE_US_GCC_CLOUD) points Graph at graph.microsoft.us, but a
 * GCC tenant uses login.microsoftonline.com with graph.microsoft.com, which is what this
 * tool requests for us-gcc; `Worldwide` gives XSOAR exactly those endpoints.
 */
export const GRAPH_AZURE_CLOUD: Record<Cloud, string> = { ...XSOAR_AZURE_CLOUD, 'us-gcc': XSOAR_AZURE_CLOUD.worldwide };

/** The Graph host URL per cloud, for integrations whose cloud is their Server URL parameter. */
export const graphUrls = (clouds: readonly Cloud[]) => perCloudValue(clouds, (c) => `https://${GRAPH(c)}`);

/** The shared `creds_certificate` parameter most current definitions use for certificate credentials. */
export const CREDS_CERTIFICATE = {
  certificateThumbprint: { name: 'creds_certificate', type: 9, display: 'Certificate Thumbprint', credential: 'identifier' },
  privateKey: { name: 'creds_certificate', type: 9, display: 'Private Key', credential: 'password' },
} as const satisfies Partial<Record<ParamConcept, XsoarParam>>;

/** The older pair: a credentials parameter for the thumbprint and a long-text `private_key`. */
export const CREDENTIALS_CERTIFICATE = {
  certificateThumbprint: { name: 'credentials_certificate_thumbprint', type: 9, display: 'Certificate Thumbprint', credential: 'password' },
  privateKey: { name: 'private_key', type: 14, display: 'Private Key' },
} as const satisfies Partial<Record<ParamConcept, XsoarParam>>;

export const GRAPH_API = 'Microsoft Graph';
export const MDE_API = 'WindowsDefenderATP';
export const ARM_API = 'Azure Service Management';

export const graphPermissions = (type: Permission['type'], ...names: string[]): Permission[] =>
  names.map((name) => ({ name, type, api: GRAPH_API }));

/** The delegated ARM permission device-code and auth-code flows use, and the role that does the work. */
export const armDelegated = (role: string): Permission[] => [
  { name: 'user_impersonation', type: 'delegated', api: ARM_API },
  { name: role, type: 'azure-role' },
];

/** One required non-authentication parameter. */
export const required = (name: string, display: string, extra: Partial<XsoarParam> = {}): XsoarParam => ({
  name,
  type: 0,
  display,
  ...extra,
});
