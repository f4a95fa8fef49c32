/**
 * More Azure Resource Manager integrations: compute, Key Vault, Log Analytics, firewall,
 * Kubernetes, SQL, storage, WAF, Resource Graph. Sources as in graph.ts; the source is noted
 * above each entry.
 */
import type { Flow } from '../profile.js';
import {
  ALL_CLOUDS,
  CREDENTIALS_CERTIFICATE,
  TEST_BUTTON,
  WORLDWIDE,
  WORLDWIDE_LOGIN,
  XSOAR_AZURE_CLOUD,
  armDefault,
  armDelegated,
  armImpersonation,
  required,
  type Integration,
  type XsoarParam,
} from './model.js';

const AUTH_TYPE_VALUES: Partial<Record<Flow, string>> = {
  'auth-code': 'Authorization Code',
  'client-credentials': 'Client Credentials',
  'device-code': 'Device Code',
};
const authType = (name = 'auth_type'): XsoarParam => ({ name, type: 15, display: 'Authentication Type', flowValues: AUTH_TYPE_VALUES });
const SUBSCRIPTION_AND_GROUP = [
  required('subscription_id', 'Default Subscription ID'),
  required('resource_group_name', 'Default Resource Group Name'),
];

/**
 * The NSG-style integrations (SQL, Storage, WAF): GRANT_BY_CONNECTION / SCOPE_BY_CONNECTION with
 * management.azure.com hard-coded (worldwide only), device code 'https://management.azure.com/
 * user_impersonation offline_access user.read' at https://login.microsoftonline.com/organizations,
 * `<app id>@<refresh token>` seeding the token; each one's -auth-test gets a token for any grant.
 */
function armThreeFlows(
  entry: Pick<Integration, 'id' | 'name' | 'xsoarId' | 'commandPrefix' | 'xsoarPublicClientId' | 'requiredParams' | 'permissions'> & {
    appIdLabel: string;
    redirectLabel: string;
  },
): Integration {
  const test = `!${entry.commandPrefix}-auth-test`;
  const { appIdLabel, redirectLabel, ...rest } = entry;
  return {
    ...rest,
    methods: ['self-deployed'],
    flows: ['client-credentials', 'auth-code', 'device-code'],
    clouds: WORLDWIDE,
    scopes: { 'client-credentials': armDefault(WORLDWIDE), 'auth-code': armDefault(WORLDWIDE), 'device-code': armImpersonation(WORLDWIDE) },
    params: {
      id: { name: 'app_id', type: 0, display: appIdLabel },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      redirectUri: { name: 'redirect_uri', type: 0, display: redirectLabel },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code', credential: 'password' },
      authType: authType(),
    },
    tests: { 'client-credentials': test, 'auth-code': test, 'device-code': test },
    resetCommand: `!${entry.commandPrefix}-auth-reset`,
    loginUrlCommand: `!${entry.commandPrefix}-generate-login-url`,
    authStartCommand: `!${entry.commandPrefix}-auth-start`,
    authCompleteCommand: `!${entry.commandPrefix}-auth-complete`,
    authCodeNeedsCode: true,
    idAcceptsRefreshToken: true,
  };
}

export const ARM_INTEGRATIONS: Integration[] = [
  // AzureCompute_v2.{yml,py}: APP_NAME 'ms-azure-compute'; client credentials with
  // Scopes.management_azure and the worldwide token host; every command needs a subscription ID
  // (cred_subscription_id, or the command's argument).
  {
    id: 'azure-compute',
    name: 'Azure Compute v2',
    xsoarId: 'Azure Compute v2',
    commandPrefix: 'azure-vm',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials'],
    clouds: WORLDWIDE,
    xsoarApp: 'ms-azure-compute',
    scopes: { 'client-credentials': armDefault(WORLDWIDE) },
    permissions: [
      { name: 'Virtual Machine Contributor (or a role with the Microsoft.Compute and Microsoft.Network actions)', type: 'azure-role' },
    ],
    params: {
      id: {
        name: 'cred_auth_id',
        type: 9,
        display: 'ID (received from the admin consent - see Detailed Instructions (?)',
        credential: 'password',
      },
      token: {
        name: 'cred_token',
        type: 9,
        display: 'Token (received from the admin consent - see Detailed Instructions (?) section)',
        credential: 'password',
      },
      key: {
        name: 'cred_enc_key',
        type: 9,
        display: 'Key (received from the admin consent - see Detailed Instructions (?)',
        credential: 'password',
      },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
      certificateThumbprint: { name: 'cred_certificate_thumbprint', type: 9, display: 'Certificate Thumbprint', credential: 'password' },
      privateKey: { name: 'private_key', type: 14, display: 'Private Key' },
    },
    requiredParams: [
      required('host', 'Host URL (e.g. https://management.azure.com)', { defaultValue: 'https://management.azure.com' }),
      required('cred_subscription_id', 'Default Subscription ID', { type: 9, credential: 'password', codeRequired: true }),
    ],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON },
    resetCommand: '!azure-vm-auth-reset',
  },

  // AzureKeyVault.{yml,py}: always self-deployed client credentials at the v1 endpoint
  // ({login}/{tenant}/oauth2/token) with multi_resource: one token for Resource Manager and one for
  // Key Vault (https://vault.azure.net and its cloud twins), both from the same secret; cloud from
  // azure_cloud.
  {
    id: 'azure-key-vault',
    name: 'Azure Key Vault',
    xsoarId: 'AzureKeyVault',
    commandPrefix: 'azure-key-vault',
    methods: ['self-deployed'],
    flows: ['client-credentials'],
    clouds: ALL_CLOUDS,
    scopes: { 'client-credentials': armDefault(ALL_CLOUDS) },
    permissions: [
      { name: 'Key Vault Contributor (Resource Manager) on the vaults', type: 'azure-role' },
      { name: 'Key Vault access policy or data-plane role for keys, secrets and certificates', type: 'azure-role' },
    ],
    params: {
      id: { name: 'client_id', type: 0, display: 'Client ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      ...CREDENTIALS_CERTIFICATE,
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: XSOAR_AZURE_CLOUD },
    },
    requiredParams: SUBSCRIPTION_AND_GROUP,
    tests: { 'client-credentials': TEST_BUTTON },
    resetCommand: '!azure-key-vault-auth-reset',
    notes: [
      'XSOAR also requests a Key Vault token (https://vault.azure.net) with the same credentials at the v1 endpoint; ms-auth proves them with the Resource Manager scope.',
    ],
  },

  // AzureLogAnalytics.{yml,py}: APP_NAME 'ms-azure-log-analytics'; token URL
  // {login}/{tenant}/oauth2/token (v1) with multi_resource over Resource Manager and
  // api.loganalytics.io; client credentials when `client_credentials` is set (test-module works
  // then), else authorization code (test-module refuses: !azure-log-analytics-test).
  {
    id: 'azure-log-analytics',
    name: 'Azure Log Analytics',
    xsoarId: 'Azure Log Analytics',
    commandPrefix: 'azure-log-analytics',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials'],
    clouds: ALL_CLOUDS,
    xsoarApp: 'ms-azure-log-analytics',
    scopes: { 'client-credentials': armDefault(ALL_CLOUDS) },
    unsupportedFlows: {
      'auth-code':
        'XSOAR redeems the code at the v1 endpoint ({login}/{tenant}/oauth2/token with resource=), once per resource (Resource Manager, then Log Analytics); ms-auth signs in at v2.0 and cannot prove that redemption, so it offers client credentials or the Cortex XSOAR application instead.',
    },
    permissions: [
      { name: 'Log Analytics Reader (or Contributor) on the workspace', type: 'azure-role' },
      { name: 'Data.Read', type: 'application', api: 'Log Analytics API' },
    ],
    params: {
      id: { name: 'credentials', type: 9, display: 'ID / Client ID', credential: 'identifier' },
      token: { name: 'credentials_refresh_token', type: 9, display: 'Token / Tenant ID', credential: 'password' },
      key: { name: 'credentials', type: 9, display: 'Key / Client Secret', credential: 'password' },
      ...CREDENTIALS_CERTIFICATE,
      authType: {
        name: 'client_credentials',
        type: 8,
        display: 'Use a self-deployed Azure application - Client Credentials Flow',
        flowValues: { 'client-credentials': true },
      },
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: XSOAR_AZURE_CLOUD },
    },
    requiredParams: [
      required('subscriptionID', 'Default Subscription ID'),
      required('resourceGroupName', 'Default Resource Group Name'),
      required('workspaceName', 'Default Workspace Name'),
      required('workspaceID', 'Default Workspace ID (the UUID of the workspace, e.g. 123e4567-e89b-12d3-a456-426614174000)'),
    ],
    tests: { 'xsoar-app': '!azure-log-analytics-test', 'client-credentials': TEST_BUTTON },
    resetCommand: '!azure-log-analytics-auth-reset',
    notes: ['XSOAR also requests a Log Analytics token (https://api.loganalytics.io) with the same credentials at the v1 endpoint.'],
  },

  // AzureFirewall.{yml,py}: client credentials when a secret (or certificate) and the tenant are
  // set, else device code with client_id (default: XSOAR's public client) at /organizations;
  // management.azure.com hard-coded; the ID does not take `<client id>@<refresh token>`, so a
  // device-code setup finishes with !azure-firewall-auth-start / -auth-complete in XSOAR.
  {
    id: 'azure-firewall',
    name: 'Azure Firewall',
    xsoarId: 'Azure Firewall',
    commandPrefix: 'azure-firewall',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: WORLDWIDE,
    xsoarPublicClientId: 'f5b37a76-f937-4c57-a9b5-31dab1c7e236',
    scopes: { 'client-credentials': armDefault(WORLDWIDE), 'device-code': armImpersonation(WORLDWIDE) },
    permissions: armDelegated('Network Contributor on the firewall resource group'),
    params: {
      id: { name: 'client_id', type: 14, display: 'Client ID' },
      token: { name: 'tenant_id', type: 9, display: 'Tenant ID', credential: 'password' },
      key: { name: 'client_secret', type: 9, display: 'Client Secret', credential: 'password' },
      certificateThumbprint: { name: 'certificate_thumbprint', type: 14, display: 'Certificate Thumbprint' },
      privateKey: { name: 'private_key', type: 14, display: 'Private Key' },
    },
    requiredParams: [
      required('resource_group', 'Default Resource Group Name', { type: 14 }),
      required('subscription_id', 'Default Subscription ID', { type: 9, credential: 'password' }),
    ],
    tests: { 'client-credentials': TEST_BUTTON, 'device-code': '!azure-firewall-auth-test' },
    resetCommand: '!azure-firewall-auth-reset',
    authStartCommand: '!azure-firewall-auth-start',
    authCompleteCommand: '!azure-firewall-auth-complete',
  },

  // AzureKubernetesServices.{yml,py}: auth_type picks the grant; scopes from azure_cloud's
  // resource_manager ('.default', device code 'user_impersonation offline_access user.read'); the
  // device code is refreshed at https://login.microsoftonline.com/organizations (worldwide login
  // only); generate_login_url uses the cloud's login host. test-module answers for client
  // credentials only.
  {
    id: 'azure-ks',
    name: 'Azure Kubernetes Services',
    xsoarId: 'Azure Kubernetes Services',
    commandPrefix: 'azure-ks',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'auth-code', 'device-code'],
    clouds: ALL_CLOUDS,
    xsoarPublicClientId: 'ab217a43-e09b-4f80-ae93-482fc7a3d1a3',
    scopes: {
      'client-credentials': armDefault(ALL_CLOUDS),
      'auth-code': armDefault(ALL_CLOUDS),
      'device-code': armImpersonation(WORLDWIDE_LOGIN),
    },
    permissions: armDelegated('Azure Kubernetes Service Contributor Role on the subscription'),
    params: {
      id: { name: 'app_id', type: 0, display: 'Application ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI' },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code', credential: 'password' },
      authType: authType(),
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: XSOAR_AZURE_CLOUD },
    },
    requiredParams: SUBSCRIPTION_AND_GROUP,
    tests: { 'client-credentials': TEST_BUTTON, 'auth-code': '!azure-ks-auth-test', 'device-code': '!azure-ks-auth-test' },
    resetCommand: '!azure-ks-auth-reset',
    loginUrlCommand: '!azure-ks-generate-login-url',
    loginUrlClouds: ALL_CLOUDS,
    authStartCommand: '!azure-ks-auth-start',
    authCompleteCommand: '!azure-ks-auth-complete',
    authCodeNeedsCode: true,
    idAcceptsRefreshToken: true,
  },

  // AzureSQLManagement.{yml,py}: AUTH_TYPES_DICT as described above armThreeFlows.
  armThreeFlows({
    id: 'azure-sql',
    name: 'Azure SQL Management',
    xsoarId: 'Azure SQL Management',
    commandPrefix: 'azure-sql',
    xsoarPublicClientId: '8f9010bb-4efe-4cfa-a197-98a2694b7e0c',
    appIdLabel: 'Application ID',
    redirectLabel: 'Application redirect URI (for authorization code mode)',
    requiredParams: [],
    permissions: armDelegated('SQL Security Manager (or Contributor) on the subscription'),
  }),
  // AzureStorage.{yml,py}: GRANT_BY_CONNECTION / SCOPE_BY_CONNECTION as described above armThreeFlows.
  armThreeFlows({
    id: 'azure-storage',
    name: 'Azure Storage Management',
    xsoarId: 'Azure Storage',
    commandPrefix: 'azure-storage',
    xsoarPublicClientId: '55f9764e-300a-474a-a2bb-549cece85439',
    appIdLabel: 'Application ID',
    redirectLabel: 'Application redirect URI',
    requiredParams: SUBSCRIPTION_AND_GROUP,
    permissions: armDelegated('Storage Account Contributor on the subscription'),
  }),
  // AzureWAF.{yml,py}: AUTH_TYPES_DICT as described above armThreeFlows.
  armThreeFlows({
    id: 'azure-waf',
    name: 'Azure Web Application Firewall',
    xsoarId: 'AzureWAF',
    commandPrefix: 'azure-waf',
    xsoarPublicClientId: 'cf22fd73-29f1-4245-8e16-533704926d20',
    appIdLabel: 'App ID',
    redirectLabel: 'Application redirect URI (for authorization code mode)',
    requiredParams: SUBSCRIPTION_AND_GROUP,
    permissions: armDelegated('Network Contributor on the WAF policies resource group'),
  }),

  // AzureResourceGraph.{yml,py}: always self-deployed client credentials with
  // Scopes.management_azure and the worldwide token host. Its private key field is hidden in the
  // definition, so certificate credentials cannot be given.
  {
    id: 'azure-resource-graph',
    name: 'Azure Resource Graph',
    xsoarId: 'Azure Resource Graph',
    commandPrefix: 'azure-rg',
    methods: ['self-deployed'],
    flows: ['client-credentials'],
    clouds: WORLDWIDE,
    scopes: { 'client-credentials': armDefault(WORLDWIDE) },
    permissions: [{ name: 'Reader on the subscriptions or management groups queried', type: 'azure-role' }],
    params: {
      id: { name: 'cred_auth_id', type: 9, display: 'ID / Client ID', credential: 'password' },
      token: { name: 'cred_token', type: 9, display: 'Token / Tenant ID', credential: 'password' },
      key: { name: 'cred_enc_key', type: 9, display: 'Key / Client Secret', credential: 'password' },
    },
    requiredParams: [required('host', 'Server URL (e.g., https://management.azure.com)', { defaultValue: 'https://management.azure.com' })],
    tests: { 'client-credentials': TEST_BUTTON },
    resetCommand: '!azure-rg-auth-reset',
  },
];
