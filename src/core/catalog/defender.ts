/**
 * Microsoft Defender integrations (Endpoint, 365 Defender, Cloud Apps, Defender for
 * Cloud). Sources as in graph.ts; the source is noted above each entry.
 */
import type { Cloud } from '../authority.js';
import {
  CREDENTIALS_CERTIFICATE,
  CREDS_CERTIFICATE,
  GRAPH_API,
  MDE_API,
  TEST_BUTTON,
  armDefault,
  perCloud,
  required,
  type Integration,
  type Permission,
} from './model.js';

// MicrosoftApiModule MICROSOFT_DEFENDER_FOR_ENDPOINT_APT_SERVICE_ENDPOINTS (no China entry).
const MDE_APT: Partial<Record<Cloud, string>> = {
  worldwide: 'securitycenter.onmicrosoft.com',
  'us-gcc': 'securitycenter.onmicrosoft.com',
  'us-gcc-high': 'securitycenter.onmicrosoft.us',
  'us-dod': 'securitycenter.onmicrosoft.us',
};
const MDE_CLOUDS: Cloud[] = ['worldwide', 'us-gcc', 'us-gcc-high', 'us-dod'];
const mdeScopes = () => perCloud(MDE_CLOUDS, (c) => [`https://${MDE_APT[c]}/windowsatpservice/.default`]);

// Defender for Cloud Apps: MICROSOFT_DEFENDER_FOR_APPLICATION_TYPE clouds and its API's app ID URI.
const MDA_CLOUDS: Cloud[] = ['worldwide', 'us-gcc', 'us-gcc-high'];
const MDA_API = 'Microsoft Cloud App Security';
const mdaScopes = () => perCloud(MDA_CLOUDS, () => ['05a65629-4c1b-48c1-a78b-804c4abdd4af/.default']);

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

export const DEFENDER_INTEGRATIONS: Integration[] = [
  // MicrosoftDefenderAdvancedThreatProtection.{yml,py}: APP_NAME 'ms-defender-atp'; scope
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
    clouds: MDE_CLOUDS,
    xsoarApp: 'ms-defender-atp',
    scopes: { 'client-credentials': mdeScopes(), 'auth-code': mdeScopes() },
    permissions: [
      ...MDE_PERMISSIONS.map(([name]): Permission => ({ name, type: 'application', api: MDE_API })),
      ...MDE_PERMISSIONS.map(([, name]): Permission => ({ name, type: 'delegated', api: MDE_API })),
    ],
    params: {
      id: { name: '_auth_id', type: 0, display: 'ID' },
      token: { name: '_tenant_id', type: 0, display: 'Token' },
      key: { name: 'credentials', type: 9, display: 'Key', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for authorization code mode)' },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code', credential: 'password' },
      ...CREDS_CERTIFICATE,
      authType: {
        name: 'auth_type',
        type: 15,
        display: 'Authentication Type',
        flowValues: { 'auth-code': 'Authorization Code', 'client-credentials': 'Client Credentials' },
      },
      cloud: {
        name: 'endpoint_type',
        type: 15,
        display: 'Endpoint Type',
        cloudValues: { worldwide: 'Worldwide', 'us-gcc': 'US GCC', 'us-gcc-high': 'US GCC-High', 'us-dod': 'DoD' },
      },
    },
    requiredParams: [],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON, 'auth-code': '!microsoft-atp-test' },
    resetCommand: '!microsoft-atp-auth-reset',
    loginUrlCommand: '!microsoft-atp-generate-login-url',
    authCodeNeedsCode: true,
  },

  // Microsoft365Defender.{yml,py}: device code (token URL
  // https://login.windows.net/organizations/oauth2/v2.0/token) unless the `client_credentials`
  // checkbox is set; scope 'offline_access https://security.microsoft.com/mtp/.default' for both; no
  // cloud parameter (worldwide login; base_url only picks the geo). Its test-module always raises,
  // for either grant: the test is !microsoft-365-defender-auth-test.
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
      id: { name: 'creds_client_id', type: 9, display: 'ID or Client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      ...CREDS_CERTIFICATE,
      authType: {
        name: 'client_credentials',
        type: 8,
        display: 'Use Client Credentials Authorization Flow',
        flowValues: { 'client-credentials': true, 'device-code': false },
      },
    },
    // The geo endpoint (US, EU, UK): XSOAR's default serves every geo.
    requiredParams: [required('base_url', 'Endpoint URI', { defaultValue: 'https://api.security.microsoft.com' })],
    tests: { 'client-credentials': '!microsoft-365-defender-auth-test', 'device-code': '!microsoft-365-defender-auth-test' },
    resetCommand: '!microsoft-365-defender-auth-reset',
    authStartCommand: '!microsoft-365-defender-auth-start',
    authCompleteCommand: '!microsoft-365-defender-auth-complete',
    idAcceptsRefreshToken: true,
  },

  // AzureSecurityCenter_v2.{yml,py}: APP_NAME 'ms-azure-sc'; client credentials only; scope
  // hard-coded 'https://management.azure.com/.default' and no azure_cloud parameter, so worldwide
  // only.
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
      id: {
        name: 'credentials_auth_id',
        type: 9,
        display: 'ID (received from the admin consent - see Detailed Instructions (?)',
        credential: 'password',
      },
      token: {
        name: 'credentials_tenant_id',
        type: 9,
        display: 'Token (received from the admin consent - see Detailed Instructions (?) section)',
        credential: 'password',
      },
      key: {
        name: 'credentials_enc_key',
        type: 9,
        display: 'Key (received from the admin consent - see Detailed Instructions (?)',
        credential: 'password',
      },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
      ...CREDENTIALS_CERTIFICATE,
    },
    requiredParams: [],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON },
    resetCommand: '!azure-sc-auth-reset',
  },

  // MicrosoftCloudAppSecurity.{yml,py}: auth_mode 'client credentials' or 'device code flow' (the
  // 'legacy' mode takes an API token, not an Entra sign-in); scope
  // '05a65629-4c1b-48c1-a78b-804c4abdd4af/.default' for both; endpoint_type picks the cloud
  // (MICROSOFT_DEFENDER_FOR_APPLICATION_TYPE: Worldwide, US GCC, US GCC-High); device code refreshes at
  // {login}/organizations; `<app id>@<refresh token>` seeds the token; no default (public) client.
  {
    id: 'microsoft-cas',
    name: 'Microsoft Defender for Cloud Apps',
    xsoarId: 'MicrosoftCloudAppSecurity',
    commandPrefix: 'microsoft-cas',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: MDA_CLOUDS,
    scopes: { 'client-credentials': mdaScopes(), 'device-code': mdaScopes() },
    permissions: [
      { name: 'investigation.read', type: 'application', api: MDA_API },
      { name: 'investigation.manage', type: 'application', api: MDA_API },
      { name: 'investigation.read', type: 'delegated', api: MDA_API },
      { name: 'investigation.manage', type: 'delegated', api: MDA_API },
    ],
    params: {
      id: { name: 'app_id', type: 0, display: 'Application ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID (for Client Credentials mode)' },
      key: { name: 'client_id', type: 9, display: 'Client Secret (for Client Credentials mode)', credential: 'password' },
      authType: {
        name: 'auth_mode',
        type: 15,
        display: 'Authentication Mode',
        flowValues: { 'client-credentials': 'client credentials', 'device-code': 'device code flow' },
      },
      cloud: {
        name: 'endpoint_type',
        type: 15,
        display: 'Endpoint Type',
        cloudValues: { worldwide: 'Worldwide', 'us-gcc': 'US GCC', 'us-gcc-high': 'US GCC-High' },
      },
    },
    requiredParams: [required('url', 'Server URL (e.g., https://yourdomain.eu2.portal.cloudappsecurity.com)')],
    tests: { 'client-credentials': TEST_BUTTON, 'device-code': '!microsoft-cas-auth-test' },
    resetCommand: '!microsoft-cas-auth-reset',
    authStartCommand: '!microsoft-cas-auth-start',
    authCompleteCommand: '!microsoft-cas-auth-complete',
    idAcceptsRefreshToken: true,
    notes: [
      "The 'legacy' authentication mode takes a Defender for Cloud Apps API token (User's key), not an Entra sign-in: ms-auth does not set it up.",
    ],
  },

  // MicrosoftDefenderForCloudEventCollector.{yml,py}: always self-deployed, client credentials,
  // scope hard-coded 'https://management.azure.com/.default' with the worldwide token host.
  {
    id: 'ms-defender-for-cloud-collector',
    name: 'Microsoft Defender for Cloud Event Collector',
    xsoarId: 'Microsoft Defender for Cloud Event Collector',
    commandPrefix: 'ms-defender-for-cloud',
    methods: ['self-deployed'],
    flows: ['client-credentials'],
    clouds: ['worldwide'],
    scopes: { 'client-credentials': armDefault(['worldwide']) },
    permissions: [{ name: 'Security Reader on the subscription', type: 'azure-role' }],
    params: {
      id: { name: 'client_id', type: 9, display: 'Client ID', credential: 'password' },
      token: { name: 'tenant_id', type: 9, display: 'Tenant ID', credential: 'password' },
      key: { name: 'enc_key', type: 9, display: 'Client Secret', credential: 'password' },
      certificateThumbprint: { name: 'certificate_thumbprint', type: 9, display: 'Certificate Thumbprint', credential: 'password' },
      privateKey: { name: 'private_key', type: 14, display: 'Private Key' },
    },
    requiredParams: [required('sub_id', 'Subscription ID to use', { type: 9, credential: 'password' })],
    tests: { 'client-credentials': TEST_BUTTON },
    resetCommand: '!ms-defender-for-cloud-auth-reset',
  },

  // Microsoft365DefenderEventCollector.{yml,py} (deprecated): self-deployed client credentials
  // through MicrosoftClient(endpoint=<endpoint type>), scope '{APT service}/windowsatpservice/.default'
  // as Defender for Endpoint's; no China endpoint.
  {
    id: 'microsoft-defender-endpoint-alerts',
    name: 'Microsoft Defender for Endpoint Alerts',
    xsoarId: 'Microsoft 365 Defender Event Collector',
    commandPrefix: 'microsoft-365-defender',
    methods: ['self-deployed'],
    flows: ['client-credentials'],
    clouds: MDE_CLOUDS,
    scopes: { 'client-credentials': mdeScopes() },
    permissions: [{ name: 'Alert.Read.All', type: 'application', api: MDE_API }],
    params: {
      id: { name: 'client_id', type: 0, display: 'Client (Application) ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      cloud: {
        name: 'endpoint_type',
        type: 15,
        display: 'Endpoint Type',
        cloudValues: { worldwide: 'Worldwide', 'us-gcc': 'US GCC', 'us-gcc-high': 'US GCC-High', 'us-dod': 'DoD' },
      },
    },
    requiredParams: [],
    tests: { 'client-credentials': TEST_BUTTON },
    resetCommand: '!microsoft-365-defender-auth-reset',
    notes: ['Deprecated in XSOAR (an event collector for Defender for Endpoint alerts).'],
  },
];
