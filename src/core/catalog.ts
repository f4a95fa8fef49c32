/**
 * The integration catalog: Cortex XSOAR's Microsoft integrations, how each one
 * authenticates, what it needs from the app registration, and the instance parameters
 * that receive the result. Pure data plus tiny lookups, no I/O.
 *
 * Every entry was checked against the public demisto/content repository: the
 * integration's YAML (parameter names, display labels, options, commands) and Python
 * (scopes, grant types, cloud handling), and Packs/ApiModules/Scripts/MicrosoftApiModule/
 * MicrosoftApiModule.py (what XSOAR actually sends to Entra). The source path is noted
 * above each entry.
 *
 * Conventions:
 * - `scopes[flow][cloud]` is the scope list the tool requests for that flow in that
 *   cloud. A cloud missing from a flow's record means XSOAR's code cannot run that flow
 *   there (see `clouds`). Delegated lists never contain `offline_access`: the tool adds it.
 * - A parameter with `credential` is an XSOAR credentials-type parameter (YAML type 9):
 *   the value goes into its `identifier` or `password` half. Two concepts may share one
 *   such parameter (certificate thumbprint + private key, client ID + secret).
 * - `testCommand` is a War Room command (`!…`) or `TEST_BUTTON`, meaning the instance's
 *   *Test* button (XSOAR runs `test-module`); the integration has no test command.
 */
import { CLOUD_INFO, type Cloud } from './authority.js';
import type { Flow, Method } from './profile.js';

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
  /** The integration YAML's parameter name. */
  name: string;
  /** Its label as the YAML gives it (`display`, or `displaypassword` for the password half of a type-9 parameter). */
  display: string;
  /** Credentials-type (type 9) parameter: the half that holds the value. Absent for plain parameters. */
  credential?: 'identifier' | 'password';
  /** For `authType`: the option (or checkbox value) that selects each flow. */
  flowValues?: Partial<Record<Flow, string | boolean>>;
  /** For `cloud`: the option (or URL) that selects each supported cloud. */
  cloudValues?: Partial<Record<Cloud, string>>;
}

export interface Permission {
  name: string;
  type: 'application' | 'delegated' | 'azure-role';
  /** The API the permission belongs to, as the Azure portal lists it (absent for Azure roles). */
  api?: string;
}

export interface Integration {
  /** Unique, kebab-case, used as `--integration ID`. */
  id: string;
  /** XSOAR display name (the YAML's `display`, what the operator sees and searches for). */
  name: string;
  /** The integration's own id (YAML `commonfields.id` / `name`), stable across display renames. */
  xsoarId: string;
  commandPrefix: string;
  methods: Method[];
  /** Self-deployed flows the integration supports. */
  flows: Flow[];
  /** Clouds XSOAR's code can reach for at least one flow. */
  clouds: Cloud[];
  /** oproxy consent app (https://oproxy.demisto.ninja/<xsoarApp>) when the Cortex XSOAR application is offered. */
  xsoarApp?: string;
  /**
   * XSOAR's own multi-tenant public client for the device-code flow (what XSOAR calls
   * the "Cortex XSOAR app" for these integrations; no oproxy, no secret).
   */
  xsoarPublicClientId?: string;
  scopes: Partial<Record<Flow, Partial<Record<Cloud, string[]>>>>;
  permissions: Permission[];
  params: Partial<Record<ParamConcept, XsoarParam>>;
  testCommand: string;
  resetCommand?: string;
  /** Builds XSOAR's own authorize URL for the auth-code flow. */
  loginUrlCommand?: string;
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
}

/** `testCommand` value for integrations tested with the instance's *Test* button (`test-module`). */
export const TEST_BUTTON = 'test-module';

/**
 * Cortex XSOAR's `azure_cloud` option for each cloud, exactly as the YAMLs list them
 * (options `Worldwide`, `US GCC`, `US GCC-High`, `DoD`, `Germany`, `China`, and `Custom`
 * in some) and as MicrosoftApiModule's AZURE_CLOUD_NAME_MAPPING keys them.
 * Integrations that pick the cloud differently say so in `params.cloud.cloudValues`;
 * use `xsoarCloudValue()` for the hand-off.
 */
export const XSOAR_AZURE_CLOUD: Record<Cloud, string> = {
  worldwide: 'Worldwide',
  'us-gcc': 'US GCC',
  'us-gcc-high': 'US GCC-High',
  'us-dod': 'DoD',
  china: 'China',
};

// Graph and Resource Manager hosts per cloud (facts sheet section 3).
const GRAPH = (cloud: Cloud): string => CLOUD_INFO[cloud].graph;
const ARM = (cloud: Cloud): string => CLOUD_INFO[cloud].arm;
// MicrosoftApiModule MICROSOFT_DEFENDER_FOR_ENDPOINT_APT_SERVICE_ENDPOINTS (no China entry).
const MDE_APT: Partial<Record<Cloud, string>> = {
  worldwide: 'securitycenter.onmicrosoft.com',
  'us-gcc': 'securitycenter.onmicrosoft.com',
  'us-gcc-high': 'securitycenter.onmicrosoft.us',
  'us-dod': 'securitycenter.onmicrosoft.us',
};

const ALL_CLOUDS: Cloud[] = ['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod', 'china'];

function perCloud(clouds: readonly Cloud[], scopes: (cloud: Cloud) => string[]): Partial<Record<Cloud, string[]>> {
  return Object.fromEntries(clouds.map((cloud) => [cloud, scopes(cloud)]));
}

const graphDefault = (clouds: readonly Cloud[]) => perCloud(clouds, (c) => [`https://${GRAPH(c)}/.default`]);
const armDefault = (clouds: readonly Cloud[]) => perCloud(clouds, (c) => [`https://${ARM(c)}/.default`]);

/**
 * `azure_cloud` values for integrations whose Graph calls follow it. XSOAR's `US GCC`
 * cloud (MicrosoftApiModule AZURE_US_GCC_CLOUD) points Graph at graph.microsoft.us, but a
 * GCC tenant uses login.microsoftonline.com with graph.microsoft.com, which is what this
 * tool requests for us-gcc; `Worldwide` gives XSOAR exactly those endpoints.
 */
const GRAPH_AZURE_CLOUD: Record<Cloud, string> = { ...XSOAR_AZURE_CLOUD, 'us-gcc': XSOAR_AZURE_CLOUD.worldwide };

const CERTIFICATE = {
  certificateThumbprint: { name: 'creds_certificate', display: 'Certificate Thumbprint', credential: 'identifier' },
  privateKey: { name: 'creds_certificate', display: 'Private Key', credential: 'password' },
} as const satisfies Partial<Record<ParamConcept, XsoarParam>>;

const GRAPH_API = 'Microsoft Graph';
const MDE_API = 'WindowsDefenderATP';
const ARM_API = 'Azure Service Management';

/** WindowsDefenderATP permissions from the Defender for Endpoint README: [application, delegated]. */
const MDE_PERMISSIONS: [string, string][] = [
  ['AdvancedQuery.Read.All', 'AdvancedQuery.Read'],
  ['Alert.ReadWrite.All', 'Alert.ReadWrite'],
  ['File.Read.All', 'File.Read.All'],
  ['Ip.Read.All', 'Ip.Read.All'],
  ['Machine.CollectForensics', 'Machine.CollectForensics'],
  ['Machine.Isolate', 'Machine.Isolate'],
  ['Machine.ReadWrite.All', 'Machine.ReadWrite'],
  ['Machine.RestrictExecution', 'Machine.RestrictExecution'],
  ['Machine.Scan', 'Machine.Scan'],
  ['Machine.StopAndQuarantine', 'Machine.StopAndQuarantine'],
  ['Url.Read.All', 'Url.Read.All'],
  ['User.Read.All', 'User.Read.All'],
  ['Ti.ReadWrite', 'Ti.ReadWrite'],
  ['Vulnerability.Read.All', 'Vulnerability.Read'],
  ['Software.Read.All', 'Software.Read'],
  ['Machine.LiveResponse', 'Machine.LiveResponse'],
  ['Machine.Read.All', 'Machine.Read'],
];

export const INTEGRATIONS: readonly Integration[] = [
  // Packs/MicrosoftGraphUser/Integrations/MicrosoftGraphUser/MicrosoftGraphUser.{yml,py}
  // APP_NAME 'ms-graph-user'; grant type is auth code when auth_code and redirect_uri are set,
  // else client credentials; scope '{graph}/.default' for both (generate_login_url sends
  // 'offline_access {graph}/.default'); cloud from azure_cloud.
  {
    id: 'msgraph-user',
    name: 'Entra ID Users',
    xsoarId: 'Microsoft Graph User',
    commandPrefix: 'msgraph-user',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials', 'auth-code'],
    clouds: ALL_CLOUDS,
    xsoarApp: 'ms-graph-user',
    scopes: {
      'client-credentials': graphDefault(ALL_CLOUDS),
      'auth-code': graphDefault(ALL_CLOUDS),
    },
    permissions: [
      { name: 'User.ReadWrite.All', type: 'application', api: GRAPH_API },
      { name: 'Directory.Read.All', type: 'delegated', api: GRAPH_API },
      { name: 'User.Read', type: 'delegated', api: GRAPH_API },
      { name: 'Directory.AccessAsUser.All', type: 'delegated', api: GRAPH_API },
    ],
    params: {
      id: { name: 'creds_auth_id', display: 'ID / client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', display: 'Token / Tenant ID', credential: 'password' },
      key: { name: 'creds_enc_key', display: 'Key / Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', display: 'Use a self-deployed Azure application' },
      redirectUri: { name: 'redirect_uri', display: 'Application redirect URI (for Self Deployed - Authorization Code Flow)' },
      authCode: { name: 'creds_auth_code', display: 'Authorization code (for Self Deployed - Authorization Code Flow)', credential: 'password' },
      ...CERTIFICATE,
      cloud: { name: 'azure_cloud', display: 'Azure Cloud', cloudValues: GRAPH_AZURE_CLOUD },
    },
    testCommand: '!msgraph-user-test',
    resetCommand: '!msgraph-user-auth-reset',
    loginUrlCommand: '!msgraph-user-generate-login-url',
    authCodeNeedsCode: true,
  },

  // Packs/MicrosoftDefenderAdvancedThreatProtection/Integrations/MicrosoftDefenderAdvancedThreatProtection/
  // MicrosoftDefenderAdvancedThreatProtection.{yml,py}. APP_NAME 'ms-defender-atp'; scope
  // '{APT service}/windowsatpservice/.default' for both grants; the cloud comes from
  // `endpoint_type` (no China endpoint); `auth_type` picks the grant; XSOAR redeems auth codes at
  // {login}/organizations/oauth2/v2.0/token.
  {
    id: 'microsoft-atp',
    name: 'Microsoft Defender for Endpoint',
    xsoarId: 'Microsoft Defender Advanced Threat Protection',
    commandPrefix: 'microsoft-atp',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials', 'auth-code'],
    clouds: ['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod'],
    xsoarApp: 'ms-defender-atp',
    scopes: {
      'client-credentials': perCloud(['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod'], (c) => [`https://${MDE_APT[c]}/windowsatpservice/.default`]),
      'auth-code': perCloud(['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod'], (c) => [`https://${MDE_APT[c]}/windowsatpservice/.default`]),
    },
    permissions: [
      ...MDE_PERMISSIONS.map(([name]): Permission => ({ name, type: 'application', api: MDE_API })),
      ...MDE_PERMISSIONS.map(([, name]): Permission => ({ name, type: 'delegated', api: MDE_API })),
    ],
    params: {
      id: { name: '_auth_id', display: 'ID' },
      token: { name: '_tenant_id', display: 'Token' },
      key: { name: 'credentials', display: 'Key', credential: 'password' },
      selfDeployed: { name: 'self_deployed', display: 'Use a self-deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', display: 'Application redirect URI (for authorization code mode)' },
      authCode: { name: 'auth_code', display: 'Authorization code', credential: 'password' },
      ...CERTIFICATE,
      authType: {
        name: 'auth_type',
        display: 'Authentication Type',
        flowValues: { 'auth-code': 'Authorization Code', 'client-credentials': 'Client Credentials' },
      },
      cloud: {
        name: 'endpoint_type',
        display: 'Endpoint Type',
        cloudValues: { worldwide: 'Worldwide', 'us-gcc': 'US GCC', 'us-gcc-high': 'US GCC-High', 'us-dod': 'DoD' },
      },
    },
    testCommand: '!microsoft-atp-test',
    resetCommand: '!microsoft-atp-auth-reset',
    loginUrlCommand: '!microsoft-atp-generate-login-url',
    authCodeNeedsCode: true,
  },

  // Packs/AzureSentinel/Integrations/AzureSentinel/AzureSentinel.{yml,py}. Always self-deployed
  // (no self_deployed parameter), client credentials only, scope '{resource_manager}/.default',
  // cloud from azure_cloud (options include Custom). Client ID and secret share the
  // `credentials` parameter (identifier / password).
  {
    id: 'azure-sentinel',
    name: 'Microsoft Sentinel',
    xsoarId: 'Azure Sentinel',
    commandPrefix: 'azure-sentinel',
    methods: ['self-deployed'],
    flows: ['client-credentials'],
    clouds: ALL_CLOUDS,
    scopes: { 'client-credentials': armDefault(ALL_CLOUDS) },
    permissions: [{ name: 'Microsoft Sentinel Contributor', type: 'azure-role' }],
    params: {
      id: { name: 'credentials', display: 'Client ID', credential: 'identifier' },
      token: { name: 'creds_tenant_id', display: 'Tenant ID', credential: 'password' },
      key: { name: 'credentials', display: 'Client Secret', credential: 'password' },
      ...CERTIFICATE,
      cloud: { name: 'azure_cloud', display: 'Azure Cloud', cloudValues: XSOAR_AZURE_CLOUD },
    },
    testCommand: TEST_BUTTON,
    resetCommand: '!azure-sentinel-auth-reset',
  },

  // Packs/AzureSecurityCenter/Integrations/AzureSecurityCenter_v2/AzureSecurityCenter_v2.{yml,py}.
  // APP_NAME 'ms-azure-sc'; client credentials only; scope hard-coded
  // 'https://management.azure.com/.default' and no azure_cloud parameter, so worldwide only.
  {
    id: 'azure-sc',
    name: 'Microsoft Defender for Cloud',
    xsoarId: 'Azure Security Center v2',
    commandPrefix: 'azure-sc',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials'],
    clouds: ['worldwide'],
    xsoarApp: 'ms-azure-sc',
    scopes: { 'client-credentials': armDefault(['worldwide']) },
    // The README asks for a role on the subscription that includes these actions.
    permissions: [
      'Microsoft.Security/locations/read',
      'Microsoft.Security/alerts/read',
      'Microsoft.Security/locations/alerts/read',
      'Microsoft.Storage/storageAccounts/read',
      'Microsoft.Management/managementGroups/read',
      'Microsoft.Security/advancedThreatProtectionSettings/*',
      'Microsoft.Security/informationProtectionPolicies/read',
      'Microsoft.Security/locations/jitNetworkAccessPolicies/*',
      'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
    ].map((name): Permission => ({ name, type: 'azure-role' })),
    params: {
      id: { name: 'credentials_auth_id', display: 'ID (received from the admin consent - see Detailed Instructions (?)', credential: 'password' },
      token: { name: 'credentials_tenant_id', display: 'Token (received from the admin consent - see Detailed Instructions (?) section)', credential: 'password' },
      key: { name: 'credentials_enc_key', display: 'Key (received from the admin consent - see Detailed Instructions (?)', credential: 'password' },
      selfDeployed: { name: 'self_deployed', display: 'Use a self-deployed Azure Application' },
      certificateThumbprint: { name: 'credentials_certificate_thumbprint', display: 'Certificate Thumbprint', credential: 'password' },
      privateKey: { name: 'private_key', display: 'Private Key' },
    },
    testCommand: TEST_BUTTON,
    resetCommand: '!azure-sc-auth-reset',
  },

  // Packs/MicrosoftGraphMail/Integrations/MicrosoftGraphMail/MicrosoftGraphMail.{yml,py} and
  // Packs/ApiModules/Scripts/MicrosoftGraphMailApiModule. app_name 'ms-graph-mail'; client
  // credentials only; the cloud comes from the `url` (Server URL) parameter through
  // GRAPH_BASE_ENDPOINTS, scope '{graph}/.default'.
  {
    id: 'msgraph-mail',
    name: 'O365 Outlook Mail (Using Graph API)',
    xsoarId: 'MicrosoftGraphMail',
    commandPrefix: 'msgraph-mail',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials'],
    clouds: ALL_CLOUDS,
    xsoarApp: 'ms-graph-mail',
    scopes: { 'client-credentials': graphDefault(ALL_CLOUDS) },
    permissions: [
      { name: 'Mail.ReadWrite', type: 'application', api: GRAPH_API },
      { name: 'Mail.Send', type: 'application', api: GRAPH_API },
      { name: 'MailboxSettings.ReadWrite', type: 'application', api: GRAPH_API },
    ],
    params: {
      id: { name: 'creds_auth_id', display: 'Application ID or Client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'credentials', display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', display: 'Use a self deployed Azure application' },
      ...CERTIFICATE,
      cloud: {
        name: 'url',
        display: 'Server URL',
        cloudValues: perCloudValue((c) => `https://${GRAPH(c)}`),
      },
    },
    testCommand: TEST_BUTTON,
    resetCommand: '!msgraph-mail-auth-reset',
  },

  // Packs/MicrosoftGraphMail/Integrations/MicrosoftGraphListener/MicrosoftGraphListener.{yml,py}.
  // app_name 'ms-graph-mail-listener' (user consent); always grant_type authorization_code;
  // base URL hard-coded to https://graph.microsoft.com/v1.0/ and no cloud parameter, so worldwide
  // only; scope '{graph}/.default'. The Token parameter is `creds_refresh_token`.
  {
    id: 'msgraph-mail-single-user',
    name: 'Microsoft Graph Mail Single User',
    xsoarId: 'Microsoft Graph Mail Single User',
    commandPrefix: 'msgraph-mail',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['auth-code'],
    clouds: ['worldwide'],
    xsoarApp: 'ms-graph-mail-listener',
    scopes: { 'auth-code': graphDefault(['worldwide']) },
    permissions: [
      { name: 'Mail.ReadWrite', type: 'delegated', api: GRAPH_API },
      { name: 'Mail.Send', type: 'delegated', api: GRAPH_API },
      { name: 'User.Read', type: 'delegated', api: GRAPH_API },
      { name: 'MailboxSettings.ReadWrite', type: 'delegated', api: GRAPH_API },
    ],
    params: {
      id: { name: 'creds_auth_id', display: 'Application ID or Client ID', credential: 'password' },
      token: { name: 'creds_refresh_token', display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'creds_enc_key', display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', display: 'Use a self-deployed Azure application' },
      redirectUri: { name: 'redirect_uri', display: 'Application redirect URI (required for self-deployed Azure app)' },
      authCode: { name: 'creds_auth_code', display: 'Authorization code (required for self-deployed Azure app)', credential: 'password' },
      certificateThumbprint: { name: 'creds_certificate', display: 'Certificate Thumbprint (optional for self-deployed Azure app)', credential: 'identifier' },
      privateKey: { name: 'creds_certificate', display: 'Private Key', credential: 'password' },
    },
    testCommand: '!msgraph-mail-test',
    resetCommand: '!msgraph-mail-auth-reset',
    loginUrlCommand: '!msgraph-mail-generate-login-url',
    authCodeNeedsCode: true,
  },

  // Packs/MicrosoftGraphAPI/Integrations/MicrosoftGraphAPI/MicrosoftGraphAPI.{yml,py}. Always
  // self_deployed=True in code. With a secret (or certificate) and a tenant: auth code when
  // auth_code and redirect_uri are set, else client credentials, both with the hard-coded
  // Scopes.graph 'https://graph.microsoft.com/.default' (so only clouds whose Graph host is
  // graph.microsoft.com). Otherwise device code with app_id (default: XSOAR's public client),
  // token URL {azure_cloud login}/organizations, scope 'offline_access ' + the `scope` parameter.
  {
    id: 'msgraph-api',
    name: 'Microsoft Graph API',
    xsoarId: 'Microsoft Graph API',
    commandPrefix: 'msgraph-api',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'auth-code', 'device-code'],
    clouds: ALL_CLOUDS,
    xsoarPublicClientId: '8922dd2d-7539-4711-b839-374f86083959',
    scopes: {
      'client-credentials': graphDefault(['worldwide', 'us-gcc']),
      'auth-code': graphDefault(['worldwide', 'us-gcc']),
      'device-code': perCloud(ALL_CLOUDS, (c) => [`https://${GRAPH(c)}/User.Read`]),
    },
    // Whatever the queries need; the defaults are the device-code scope's.
    permissions: [{ name: 'User.Read', type: 'delegated', api: GRAPH_API }],
    params: {
      id: { name: 'app_id', display: 'Application ID' },
      token: { name: 'tenant_id', display: 'Tenant ID (Required for using Self Deployed Azure app)' },
      key: { name: 'credentials', display: 'Application Secret (Required for using Self Deployed Azure app)', credential: 'password' },
      selfDeployed: { name: 'self_deployed', display: 'Use a self-deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', display: 'Application redirect URI (for Self Deployed - Authorization Code Flow)' },
      authCode: { name: 'auth_code', display: 'Authorization code (for Self Deployed - Authorization Code Flow)', credential: 'password' },
      ...CERTIFICATE,
      cloud: { name: 'azure_cloud', display: 'Azure Cloud', cloudValues: GRAPH_AZURE_CLOUD },
      scope: { name: 'scope', display: 'Scope (Required for using Cortex XSOAR Azure app)' },
    },
    testCommand: '!msgraph-api-test',
    resetCommand: '!msgraph-api-auth-reset',
    loginUrlCommand: '!msgraph-api-generate-login-url',
    authStartCommand: '!msgraph-api-auth-start',
    authCompleteCommand: '!msgraph-api-auth-complete',
    authCodeNeedsCode: true,
  },

  // Packs/Microsoft365Defender/Integrations/Microsoft365Defender/Microsoft365Defender.{yml,py}.
  // Device code (token URL https://login.windows.net/organizations/oauth2/v2.0/token) unless the
  // `client_credentials` checkbox is set; scope 'offline_access https://security.microsoft.com/mtp/.default'
  // for both; no cloud parameter (worldwide login; base_url only picks the US/EU/UK geo).
  {
    id: 'microsoft-365-defender',
    name: 'Microsoft 365 Defender',
    xsoarId: 'Microsoft 365 Defender',
    commandPrefix: 'microsoft-365-defender',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: ['worldwide'],
    xsoarPublicClientId: '9093c354-630a-47f1-b087-6768eb9427e6',
    scopes: {
      'client-credentials': { worldwide: ['https://security.microsoft.com/mtp/.default'] },
      'device-code': { worldwide: ['https://security.microsoft.com/mtp/.default'] },
    },
    permissions: [
      { name: 'AdvancedHunting.Read.All', type: 'application', api: 'Microsoft Threat Protection' },
      { name: 'Incident.ReadWrite.All', type: 'application', api: 'Microsoft Threat Protection' },
      { name: 'AdvancedQuery.Read.All', type: 'application', api: MDE_API },
      { name: 'offline_access', type: 'delegated', api: GRAPH_API },
    ],
    params: {
      id: { name: 'creds_client_id', display: 'ID or Client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'credentials', display: 'Client Secret', credential: 'password' },
      ...CERTIFICATE,
      authType: {
        name: 'client_credentials',
        display: 'Use Client Credentials Authorization Flow',
        flowValues: { 'client-credentials': true, 'device-code': false },
      },
    },
    testCommand: '!microsoft-365-defender-auth-test',
    resetCommand: '!microsoft-365-defender-auth-reset',
    authStartCommand: '!microsoft-365-defender-auth-start',
    authCompleteCommand: '!microsoft-365-defender-auth-complete',
    idAcceptsRefreshToken: true,
  },

  // Packs/AzureNetworkSecurityGroups/Integrations/AzureNetworkSecurityGroups/AzureNetworkSecurityGroups.{yml,py}.
  // `auth_type` picks the grant; SCOPE_BY_CONNECTION: client credentials and auth code
  // 'https://management.azure.com/.default', device code
  // 'https://management.azure.com/user_impersonation offline_access user.read'. The ARM URL is
  // hard-coded to management.azure.com (the azure_ad_endpoint option changes only the login host),
  // so worldwide only.
  {
    id: 'azure-nsg',
    name: 'Azure Network Security Groups',
    xsoarId: 'Azure Network Security Groups',
    commandPrefix: 'azure-nsg',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'auth-code', 'device-code'],
    clouds: ['worldwide'],
    xsoarPublicClientId: 'd4736600-e3d5-4c97-8e65-57abd2b979fe',
    scopes: {
      'client-credentials': armDefault(['worldwide']),
      'auth-code': armDefault(['worldwide']),
      // XSOAR also asks for Graph `user.read`; one token request can carry one resource only.
      'device-code': { worldwide: ['https://management.azure.com/user_impersonation'] },
    },
    permissions: [
      { name: 'user_impersonation', type: 'delegated', api: ARM_API },
      { name: 'offline_access', type: 'delegated', api: GRAPH_API },
      { name: 'Azure role on the subscription or resource group that allows the Microsoft.Network operations', type: 'azure-role' },
    ],
    params: {
      id: { name: 'app_id', display: 'Application ID' },
      token: { name: 'tenant_id', display: 'Tenant ID' },
      key: { name: 'credentials', display: 'Client Secret', credential: 'password' },
      redirectUri: { name: 'redirect_uri', display: 'Application redirect URI' },
      authCode: { name: 'auth_code', display: 'Authorization code', credential: 'password' },
      authType: {
        name: 'auth_type',
        display: 'Authentication Type',
        flowValues: { 'auth-code': 'Authorization Code', 'client-credentials': 'Client Credentials', 'device-code': 'Device Code' },
      },
    },
    testCommand: '!azure-nsg-auth-test',
    resetCommand: '!azure-nsg-auth-reset',
    loginUrlCommand: '!azure-nsg-generate-login-url',
    authStartCommand: '!azure-nsg-auth-start',
    authCompleteCommand: '!azure-nsg-auth-complete',
    authCodeNeedsCode: true,
    idAcceptsRefreshToken: true,
  },
];

function perCloudValue(value: (cloud: Cloud) => string): Record<Cloud, string> {
  return Object.fromEntries(ALL_CLOUDS.map((cloud) => [cloud, value(cloud)])) as Record<Cloud, string>;
}

/** The integration with this id, compared case-insensitively. */
export function findIntegration(id: string): Integration | undefined {
  const wanted = id.trim().toLowerCase();
  return INTEGRATIONS.find((integration) => integration.id === wanted);
}

/** The integration's default scopes for a flow in a cloud (a copy), or undefined when XSOAR cannot run that flow there. */
export function defaultScopes(integration: Integration, flow: Flow, cloud: Cloud): string[] | undefined {
  if (!integration.flows.includes(flow)) return undefined;
  const scopes = integration.scopes[flow]?.[cloud];
  return scopes ? [...scopes] : undefined;
}

/** The value to give the integration's cloud parameter for this cloud, if it has one and supports the cloud. */
export function xsoarCloudValue(integration: Integration, cloud: Cloud): string | undefined {
  return integration.params.cloud?.cloudValues?.[cloud];
}
