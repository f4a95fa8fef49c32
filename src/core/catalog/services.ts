/**
 * Other Microsoft services: Exchange Online (EWS), the Office 365 Management Activity API,
 * Azure DevOps and Azure Data Explorer. Sources as in graph.ts; the source is noted above each
 * entry.
 */
import type { Flow } from '../profile.js';
import { TEST_BUTTON, WORLDWIDE, WORLDWIDE_LOGIN, perCloud, required, type Integration, type XsoarParam } from './model.js';

const AUTH_TYPE_VALUES: Partial<Record<Flow, string>> = {
  'auth-code': 'Authorization Code',
  'client-credentials': 'Client Credentials',
  'device-code': 'Device Code',
};
const authType = (name: string): XsoarParam => ({ name, type: 15, display: 'Authentication Type', flowValues: AUTH_TYPE_VALUES });
const DEVOPS = '499b84ac-1321-427f-aa17-267ca6975798';

export const SERVICE_INTEGRATIONS: Integration[] = [
  // EWSO365.{yml,py} with EWSApiModule: APP_NAME 'ms-ews-o365'; client credentials with scope
  // '{azure_cloud exchange_online}/.default' (https://outlook.office365.com for Worldwide and US GCC).
  {
    id: 'ews-o365',
    name: 'EWS O365',
    xsoarId: 'EWSO365',
    commandPrefix: 'ews',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials'],
    clouds: WORLDWIDE_LOGIN,
    xsoarApp: 'ms-ews-o365',
    scopes: { 'client-credentials': perCloud(WORLDWIDE_LOGIN, () => ['https://outlook.office365.com/.default']) },
    permissions: [{ name: 'full_access_as_app', type: 'application', api: 'Office 365 Exchange Online' }],
    params: {
      id: { name: '_client_id', type: 0, display: 'ID / Application ID' },
      token: { name: '_tenant_id', type: 0, display: 'Token / Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Key / Application Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self deployed Azure Application' },
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: { worldwide: 'Worldwide', 'us-gcc': 'US GCC' } },
    },
    requiredParams: [
      required('default_target_mailbox', 'Email Address'),
      required('folder', 'Name of the folder from which to fetch incidents', { defaultValue: 'Inbox' }),
    ],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON },
    resetCommand: '!ews-auth-reset',
  },

  // MicrosoftManagementActivity.{yml,py}: APP_NAME 'ms-management-api'; always grant_type
  // authorization_code, redeemed at https://login.windows.net/common/oauth2/token (v1) with
  // resource=https://manage.office.com; test-module always refuses (a list command tests it).
  {
    id: 'ms-management-activity',
    name: 'Microsoft Management Activity API (O365 Azure Events)',
    xsoarId: 'Microsoft Management Activity API (O365 Azure Events)',
    commandPrefix: 'ms-management-activity',
    methods: ['xsoar-app'],
    flows: [],
    clouds: WORLDWIDE,
    xsoarApp: 'ms-management-api',
    scopes: {},
    unsupportedFlows: {
      'auth-code':
        'XSOAR redeems the self-deployed code at the v1 endpoint https://login.windows.net/common/oauth2/token for resource https://manage.office.com; ms-auth signs in at v2.0 and cannot prove that redemption. Use the Cortex XSOAR application.',
    },
    permissions: [
      { name: 'ActivityFeed.Read', type: 'delegated', api: 'Office 365 Management APIs' },
      { name: 'ActivityFeed.ReadDlp', type: 'delegated', api: 'Office 365 Management APIs' },
      { name: 'ServiceHealth.Read', type: 'delegated', api: 'Office 365 Management APIs' },
    ],
    params: {
      id: { name: 'credentials_auth_id', type: 9, display: 'Application ID or Client ID', credential: 'password' },
      token: { name: 'credentials_refresh_token', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'credentials_enc_key', type: 9, display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure application' },
    },
    requiredParams: [],
    tests: { 'xsoar-app': '!ms-management-activity-list-subscriptions' },
    resetCommand: '!ms-management-activity-auth-reset',
  },

  // AzureDevOps.{yml,py}: GRANT_BY_CONNECTION; scope '499b84ac-…/.default' for client credentials and
  // auth code, '499b84ac-…/user_impersonation offline_access' for the device code at
  // https://login.microsoftonline.com/organizations; `<client id>@<refresh token>` seeds the token.
  {
    id: 'azure-devops',
    name: 'AzureDevOps',
    xsoarId: 'AzureDevOps',
    commandPrefix: 'azure-devops',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'auth-code', 'device-code'],
    clouds: WORLDWIDE,
    xsoarPublicClientId: '8f8ed6e7-3207-4ebd-885d-6413b601088c',
    scopes: {
      'client-credentials': { worldwide: [`${DEVOPS}/.default`] },
      'auth-code': { worldwide: [`${DEVOPS}/.default`] },
      'device-code': { worldwide: [`${DEVOPS}/user_impersonation`] },
    },
    permissions: [
      { name: 'user_impersonation', type: 'delegated', api: 'Azure DevOps' },
      { name: "The app's service principal added to the organization (client credentials)", type: 'azure-role' },
    ],
    params: {
      id: { name: 'client_id', type: 0, display: 'Client ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI' },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code', credential: 'password' },
      authType: authType('auth_type'),
    },
    requiredParams: [required('organization', 'Organization')],
    tests: {
      'client-credentials': '!azure-devops-auth-test',
      'auth-code': '!azure-devops-auth-test',
      'device-code': '!azure-devops-auth-test',
    },
    resetCommand: '!azure-devops-auth-reset',
    loginUrlCommand: '!azure-devops-generate-login-url',
    authStartCommand: '!azure-devops-auth-start',
    authCompleteCommand: '!azure-devops-auth-complete',
    authCodeNeedsCode: true,
    idAcceptsRefreshToken: true,
  },

  // AzureDataExplorer.{yml,py}: GRANT_BY_CONNECTION; the scope is the cluster's own:
  // '{cluster_url}/.default', device code '{cluster_url}/user_impersonation offline_access user.read'
  // at https://login.microsoftonline.com/organizations; `<client id>@<refresh token>` seeds the token.
  {
    id: 'azure-data-explorer',
    name: 'Azure Data Explorer',
    xsoarId: 'AzureDataExplorer',
    commandPrefix: 'azure-data-explorer',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'auth-code', 'device-code'],
    clouds: WORLDWIDE,
    xsoarPublicClientId: 'a9ce8db2-847a-46af-9bfb-725d8a8d3c53',
    scopes: {
      'client-credentials': { worldwide: ['{cluster_url}/.default'] },
      'auth-code': { worldwide: ['{cluster_url}/.default'] },
      'device-code': { worldwide: ['{cluster_url}/user_impersonation'] },
    },
    permissions: [
      { name: 'user_impersonation', type: 'delegated', api: 'Azure Data Explorer' },
      { name: 'Database Viewer (or Admin) on the cluster databases', type: 'azure-role' },
    ],
    params: {
      id: { name: 'client_id', type: 0, display: 'Application ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID' },
      key: { name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI' },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code', credential: 'password' },
      authType: authType('authentication_type'),
    },
    requiredParams: [
      required('cluster_url', 'Cluster URL (e.g. https://help.kusto.windows.net)', { defaultValue: 'https://help.kusto.windows.net' }),
      required('client_activity_prefix', 'Client Activity Prefix', { defaultValue: 'XSOAR-DataExplorer' }),
    ],
    tests: {
      'client-credentials': '!azure-data-explorer-auth-test',
      'auth-code': '!azure-data-explorer-auth-test',
      'device-code': '!azure-data-explorer-auth-test',
    },
    resetCommand: '!azure-data-explorer-auth-reset',
    loginUrlCommand: '!azure-data-explorer-generate-login-url',
    authStartCommand: '!azure-data-explorer-auth-start',
    authCompleteCommand: '!azure-data-explorer-auth-complete',
    authCodeNeedsCode: true,
    idAcceptsRefreshToken: true,
  },
];
