/**
 * Azure Resource Manager integrations (Sentinel, network, compute, storage, ...).
 * Sources as in graph.ts; the source is noted above each entry.
 */
import {
  ALL_CLOUDS,
  ARM_API,
  CREDS_CERTIFICATE,
  GRAPH_API,
  TEST_BUTTON,
  XSOAR_AZURE_CLOUD,
  armDefault,
  required,
  type Integration,
} from './model.js';

export const AZURE_INTEGRATIONS: Integration[] = [
  // AzureSentinel.{yml,py}: always self-deployed (no self_deployed parameter), client
  // credentials only, scope '{resource_manager}/.default', cloud from azure_cloud. Client ID and
  // secret share the `credentials` parameter (identifier / password; the definition names no
  // label for the password half, so XSOAR shows "Password").
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
      id: { name: 'credentials', type: 9, display: 'Client ID', credential: 'identifier' },
      token: { name: 'creds_tenant_id', type: 9, display: 'Tenant ID', credential: 'password' },
      key: { name: 'credentials', type: 9, display: 'Password', credential: 'password' },
      ...CREDS_CERTIFICATE,
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: XSOAR_AZURE_CLOUD },
    },
    requiredParams: [
      required('subscriptionID', 'Default Subscription ID'),
      required('resourceGroupName', 'Default Resource Group Name'),
      required('workspaceName', 'Workspace Name'),
    ],
    tests: { 'client-credentials': TEST_BUTTON },
    resetCommand: '!azure-sentinel-auth-reset',
  },

  // AzureNetworkSecurityGroups.{yml,py}: `auth_type` picks the grant; SCOPE_BY_CONNECTION:
  // client credentials and auth code 'https://management.azure.com/.default', device code
  // 'https://management.azure.com/user_impersonation offline_access user.read' at
  // https://login.microsoftonline.com/organizations. The ARM URL is hard-coded to
  // management.azure.com (azure_ad_endpoint changes only the login host), so worldwide only.
  // test-module answers for client credentials only (!azure-nsg-auth-test otherwise).
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
      id: { name: 'app_id', type: 0, display: 'Application ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI' },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code', credential: 'password' },
      authType: {
        name: 'auth_type',
        type: 15,
        display: 'Authentication Type',
        flowValues: { 'auth-code': 'Authorization Code', 'client-credentials': 'Client Credentials', 'device-code': 'Device Code' },
      },
    },
    requiredParams: [
      required('subscription_id', 'Default Subscription ID'),
      required('resource_group_name', 'Default Resource Group Name'),
    ],
    tests: { 'client-credentials': TEST_BUTTON, 'auth-code': '!azure-nsg-auth-test', 'device-code': '!azure-nsg-auth-test' },
    resetCommand: '!azure-nsg-auth-reset',
    loginUrlCommand: '!azure-nsg-generate-login-url',
    authStartCommand: '!azure-nsg-auth-start',
    authCompleteCommand: '!azure-nsg-auth-complete',
    authCodeNeedsCode: true,
    idAcceptsRefreshToken: true,
  },
];
