/**
 * Microsoft Graph integrations. Each entry was read from demisto/content: the definition
 * (../shared/xsoar-content, checked by test/core/catalog-definitions.test.ts) and the
 * integration's Python (scopes, grants, cloud handling), with
 * Packs/ApiModules/Scripts/MicrosoftApiModule/MicrosoftApiModule.py for what XSOAR sends
 * to Entra. The source is noted above each entry.
 */
import {
  ALL_CLOUDS,
  CREDS_CERTIFICATE,
  GRAPH,
  GRAPH_API,
  GRAPH_AZURE_CLOUD,
  TEST_BUTTON,
  graphDefault,
  graphPermissions,
  graphUrls,
  perCloud,
  required,
  type Integration,
} from './model.js';

export const GRAPH_INTEGRATIONS: Integration[] = [
  // MicrosoftGraphUser.{yml,py}: APP_NAME 'ms-graph-user'; auth code when auth_code and
  // redirect_uri are set, else client credentials; scope '{graph}/.default' for both; cloud
  // from azure_cloud. test-module refuses the auth-code flow (use !msgraph-user-test).
  {
    id: 'msgraph-user',
    name: 'Entra ID Users',
    xsoarId: 'Microsoft Graph User',
    commandPrefix: 'msgraph-user',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials', 'auth-code'],
    clouds: ALL_CLOUDS,
    xsoarApp: 'ms-graph-user',
    scopes: { 'client-credentials': graphDefault(ALL_CLOUDS), 'auth-code': graphDefault(ALL_CLOUDS) },
    permissions: [
      ...graphPermissions('application', 'User.ReadWrite.All'),
      ...graphPermissions('delegated', 'Directory.Read.All', 'User.Read', 'Directory.AccessAsUser.All'),
    ],
    params: {
      id: { name: 'creds_auth_id', type: 9, display: 'ID / client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', type: 9, display: 'Token / Tenant ID', credential: 'password' },
      key: { name: 'creds_enc_key', type: 9, display: 'Key / Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for Self Deployed - Authorization Code Flow)' },
      authCode: { name: 'creds_auth_code', type: 9, display: 'Authorization code (for Self Deployed - Authorization Code Flow)', credential: 'password' },
      ...CREDS_CERTIFICATE,
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: GRAPH_AZURE_CLOUD },
    },
    requiredParams: [required('host', 'Server URL (e.g., https://graph.microsoft.com)', { defaultValue: 'https://graph.microsoft.com', cloudValues: graphUrls(ALL_CLOUDS) })],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON, 'auth-code': '!msgraph-user-test' },
    resetCommand: '!msgraph-user-auth-reset',
    loginUrlCommand: '!msgraph-user-generate-login-url',
    authCodeNeedsCode: true,
  },

  // MicrosoftGraphMail.{yml,py} with MicrosoftGraphMailApiModule: app_name 'ms-graph-mail';
  // client credentials only; the cloud comes from the `url` (Server URL) parameter through
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
    permissions: graphPermissions('application', 'Mail.ReadWrite', 'Mail.Send', 'MailboxSettings.ReadWrite'),
    params: {
      id: { name: 'creds_auth_id', type: 9, display: 'Application ID or Client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'credentials', type: 9, display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self deployed Azure application' },
      ...CREDS_CERTIFICATE,
      cloud: { name: 'url', type: 0, display: 'Server URL', cloudValues: graphUrls(ALL_CLOUDS) },
    },
    requiredParams: [],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON },
    resetCommand: '!msgraph-mail-auth-reset',
  },

  // MicrosoftGraphListener.{yml,py}: app_name 'ms-graph-mail-listener' (user consent); always
  // grant_type authorization_code; base URL hard-coded to https://graph.microsoft.com/v1.0/ and no
  // cloud parameter, so worldwide only; scope '{graph}/.default'. test-module cannot test a user
  // sign-in, the Cortex XSOAR application's included: !msgraph-mail-test.
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
    permissions: graphPermissions('delegated', 'Mail.ReadWrite', 'Mail.Send', 'User.Read', 'MailboxSettings.ReadWrite'),
    params: {
      id: { name: 'creds_auth_id', type: 9, display: 'Application ID or Client ID', credential: 'password' },
      token: { name: 'creds_refresh_token', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'creds_enc_key', type: 9, display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (required for self-deployed Azure app)' },
      authCode: { name: 'creds_auth_code', type: 9, display: 'Authorization code (required for self-deployed Azure app)', credential: 'password' },
      certificateThumbprint: { name: 'creds_certificate', type: 9, display: 'Certificate Thumbprint (optional for self-deployed Azure app)', credential: 'identifier' },
      privateKey: { name: 'creds_certificate', type: 9, display: 'Private Key', credential: 'password' },
    },
    requiredParams: [
      required('mailbox_to_fetch', 'Email address from which to fetch incidents (e.g., "example@mail.com")'),
      required('folder_to_fetch', 'Name of the folder from which to fetch incidents (supports Folder ID and sub-folders e.g., Inbox/Phishing)', { defaultValue: 'Inbox' }),
    ],
    tests: { 'xsoar-app': '!msgraph-mail-test', 'auth-code': '!msgraph-mail-test' },
    resetCommand: '!msgraph-mail-auth-reset',
    loginUrlCommand: '!msgraph-mail-generate-login-url',
    authCodeNeedsCode: true,
  },

  // MicrosoftGraphAPI.{yml,py}: always self_deployed=True in code. With a secret (or
  // certificate) and a tenant: auth code when auth_code and redirect_uri are set, else client
  // credentials, both with the hard-coded Scopes.graph 'https://graph.microsoft.com/.default' (so
  // only clouds whose Graph host is graph.microsoft.com). Otherwise device code with app_id
  // (default: XSOAR's public client), token URL {azure_cloud login}/organizations, scope
  // 'offline_access ' + the `scope` parameter.
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
      id: { name: 'app_id', type: 0, display: 'Application ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID (Required for using Self Deployed Azure app)' },
      key: { name: 'credentials', type: 9, display: 'Application Secret (Required for using Self Deployed Azure app)', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for Self Deployed - Authorization Code Flow)' },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code (for Self Deployed - Authorization Code Flow)', credential: 'password' },
      ...CREDS_CERTIFICATE,
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: GRAPH_AZURE_CLOUD },
      scope: { name: 'scope', type: 12, display: 'Scope (Required for using Cortex XSOAR Azure app)' },
    },
    requiredParams: [],
    tests: { 'client-credentials': TEST_BUTTON, 'auth-code': '!msgraph-api-test', 'device-code': '!msgraph-api-test' },
    resetCommand: '!msgraph-api-auth-reset',
    loginUrlCommand: '!msgraph-api-generate-login-url',
    authStartCommand: '!msgraph-api-auth-start',
    authCompleteCommand: '!msgraph-api-auth-complete',
    authCodeNeedsCode: true,
  },
];
