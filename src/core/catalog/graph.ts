/**
 * Microsoft Graph integrations. Each entry was read from demisto/content: the definition
 * (../shared/xsoar-content, checked by test/core/catalog-definitions.test.ts) and the
 * integration's Python (scopes, grants, cloud handling), with
 * Packs/ApiModules/Scripts/MicrosoftApiModule/MicrosoftApiModule.py for what XSOAR sends
 * to Entra. The source is noted above each entry.
 */
import {
  ALL_CLOUDS,
  CREDENTIALS_CERTIFICATE,
  CREDS_CERTIFICATE,
  GRAPH,
  GRAPH_API,
  GRAPH_AZURE_CLOUD,
  TEST_BUTTON,
  WORLDWIDE_LOGIN,
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
      authCode: {
        name: 'creds_auth_code',
        type: 9,
        display: 'Authorization code (for Self Deployed - Authorization Code Flow)',
        credential: 'password',
      },
      ...CREDS_CERTIFICATE,
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: GRAPH_AZURE_CLOUD },
    },
    requiredParams: [
      required('host', 'Server URL (e.g., https://graph.microsoft.com)', {
        defaultValue: 'https://graph.microsoft.com',
        cloudValues: graphUrls(ALL_CLOUDS),
      }),
    ],
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
      authCode: {
        name: 'creds_auth_code',
        type: 9,
        display: 'Authorization code (required for self-deployed Azure app)',
        credential: 'password',
      },
      certificateThumbprint: {
        name: 'creds_certificate',
        type: 9,
        display: 'Certificate Thumbprint (optional for self-deployed Azure app)',
        credential: 'identifier',
      },
      privateKey: { name: 'creds_certificate', type: 9, display: 'Private Key', credential: 'password' },
    },
    requiredParams: [
      required('mailbox_to_fetch', 'Email address from which to fetch incidents (e.g., "example@mail.com")'),
      required(
        'folder_to_fetch',
        'Name of the folder from which to fetch incidents (supports Folder ID and sub-folders e.g., Inbox/Phishing)',
        { defaultValue: 'Inbox' },
      ),
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
      key: {
        name: 'credentials',
        type: 9,
        display: 'Application Secret (Required for using Self Deployed Azure app)',
        credential: 'password',
      },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for Self Deployed - Authorization Code Flow)' },
      authCode: {
        name: 'auth_code',
        type: 9,
        display: 'Authorization code (for Self Deployed - Authorization Code Flow)',
        credential: 'password',
      },
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

  // MicrosoftGraphGroups.{yml,py}: APP_NAME 'ms-graph-groups'; auth code when auth_code and
  // redirect_uri are set, else client credentials; MicrosoftClient's default scope
  // '{graph}/.default' on the worldwide cloud (no azure_cloud), so the token host and Graph are
  // worldwide whatever `url` says: worldwide and US GCC tenants. No -auth-test command, and
  // test-module would spend a single-use code without keeping its token: a read command tests it.
  {
    id: 'msgraph-groups',
    name: 'Azure Active Directory Groups',
    xsoarId: 'Microsoft Graph Groups',
    commandPrefix: 'msgraph-groups',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials', 'auth-code'],
    clouds: WORLDWIDE_LOGIN,
    xsoarApp: 'ms-graph-groups',
    scopes: { 'client-credentials': graphDefault(WORLDWIDE_LOGIN), 'auth-code': graphDefault(WORLDWIDE_LOGIN) },
    permissions: [
      ...graphPermissions('application', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'),
      ...graphPermissions('delegated', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'),
    ],
    params: {
      id: { name: 'creds_auth_id', type: 9, display: 'ID or Client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'credentials', type: 9, display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for Authorization Code flow mode)' },
      authCode: {
        name: 'creds_auth_code',
        type: 9,
        display: 'Authorization code (for Authorization Code flow mode - received from the authorization step. see Detailed Instructions)',
        credential: 'password',
      },
      ...CREDENTIALS_CERTIFICATE,
    },
    requiredParams: [
      required('url', 'Server URL', { defaultValue: 'https://graph.microsoft.com', cloudValues: graphUrls(WORLDWIDE_LOGIN) }),
    ],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON, 'auth-code': '!msgraph-groups-list-groups' },
    resetCommand: '!msgraph-groups-auth-reset',
    loginUrlCommand: '!msgraph-groups-generate-login-url',
    authCodeNeedsCode: true,
  },

  // MicrosoftGraphFiles.{yml,py}: APP_NAME 'ms-graph-files'; auth code when auth_code_creds and
  // redirect_uri are set, else client credentials; default scope and token host (worldwide).
  {
    id: 'msgraph-files',
    name: 'O365 File Management (Onedrive/Sharepoint/Teams)',
    xsoarId: 'Microsoft_Graph_Files',
    commandPrefix: 'msgraph-files',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials', 'auth-code'],
    clouds: WORLDWIDE_LOGIN,
    xsoarApp: 'ms-graph-files',
    scopes: { 'client-credentials': graphDefault(WORLDWIDE_LOGIN), 'auth-code': graphDefault(WORLDWIDE_LOGIN) },
    permissions: [
      ...graphPermissions('application', 'Files.ReadWrite.All', 'Sites.ReadWrite.All'),
      ...graphPermissions('delegated', 'Files.ReadWrite.All', 'Sites.ReadWrite.All'),
    ],
    params: {
      id: { name: 'credentials_auth_id', type: 9, display: 'Application ID / Client ID', credential: 'password' },
      token: { name: 'credentials_tenant_id', type: 9, display: 'Token / Tenant ID', credential: 'password' },
      key: { name: 'credentials_enc_key', type: 9, display: 'Key / Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for Self Deployed - Authorization Code Flow)' },
      authCode: {
        name: 'auth_code_creds',
        type: 9,
        display: 'Authorization code (for Self Deployed - Authorization Code Flow)',
        credential: 'password',
      },
      ...CREDENTIALS_CERTIFICATE,
    },
    requiredParams: [
      required('host', 'Server URL', { defaultValue: 'https://graph.microsoft.com', cloudValues: graphUrls(WORLDWIDE_LOGIN) }),
    ],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON, 'auth-code': '!msgraph-files-auth-test' },
    resetCommand: '!msgraph-files-auth-reset',
    loginUrlCommand: '!msgraph-files-generate-login-url',
    authCodeNeedsCode: true,
  },

  // MicrosoftGraphCalendar.{yml,py}: APP_NAME 'ms-graph-calendar'; client credentials only;
  // default scope and token host (worldwide).
  {
    id: 'msgraph-calendar',
    name: 'O365 Outlook Calendar',
    xsoarId: 'Microsoft Graph Calendar',
    commandPrefix: 'msgraph-calendar',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials'],
    clouds: WORLDWIDE_LOGIN,
    xsoarApp: 'ms-graph-calendar',
    scopes: { 'client-credentials': graphDefault(WORLDWIDE_LOGIN) },
    permissions: graphPermissions('application', 'Calendars.ReadWrite'),
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
        display: 'Token (received from the admin consent - see Detailed Instructions (?)',
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
    requiredParams: [
      required('url', 'Server URL', { defaultValue: 'https://graph.microsoft.com', cloudValues: graphUrls(WORLDWIDE_LOGIN) }),
    ],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON },
    resetCommand: '!msgraph-calendar-auth-reset',
  },

  // MicrosoftGraphDeviceManagement.{yml,py}: app_name 'ms-graph-device-management'; client
  // credentials; the cloud from azure_cloud (get_azure_cloud), scope '{graph}/.default'.
  {
    id: 'msgraph-device',
    name: 'Microsoft Endpoint Manager (Intune)',
    xsoarId: 'Microsoft Graph Device Management',
    commandPrefix: 'msgraph-device',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials'],
    clouds: ALL_CLOUDS,
    xsoarApp: 'ms-graph-device-management',
    scopes: { 'client-credentials': graphDefault(ALL_CLOUDS) },
    permissions: graphPermissions(
      'application',
      'DeviceManagementManagedDevices.ReadWrite.All',
      'DeviceManagementManagedDevices.PrivilegedOperations.All',
    ),
    params: {
      id: { name: 'credentials_auth_id', type: 9, display: 'ID or Client ID', credential: 'password' },
      token: { name: 'credentials_tenant_id', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'credentials_enc_key', type: 9, display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self deployed Azure Application' },
      ...CREDENTIALS_CERTIFICATE,
      cloud: { name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: GRAPH_AZURE_CLOUD },
    },
    requiredParams: [],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON },
    resetCommand: '!msgraph-device-auth-reset',
  },

  // MicrosoftGraphSearch.{yml,py}: always self-deployed with grant_type authorization_code; base
  // URL https://graph.microsoft.com/v1.0/ and default token host (worldwide); the Token parameter
  // holds the tenant. test-module refuses (!msgraph-search-test); there is no -auth-reset command.
  {
    id: 'msgraph-search',
    name: 'Microsoft Graph Search',
    xsoarId: 'Microsoft Graph Search',
    commandPrefix: 'msgraph-search',
    methods: ['self-deployed'],
    flows: ['auth-code'],
    clouds: WORLDWIDE_LOGIN,
    scopes: { 'auth-code': graphDefault(WORLDWIDE_LOGIN) },
    permissions: graphPermissions('delegated', 'Files.Read.All', 'Sites.Read.All'),
    params: {
      id: { name: 'creds_auth_id', type: 9, display: 'ID or Client ID', credential: 'password' },
      token: { name: 'creds_refresh_token', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: {
        name: 'creds_enc_key',
        type: 9,
        display: 'Key or Client Secret (can be used instead of Certificate Thumbprint and Private Key)',
        credential: 'password',
      },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI' },
      authCode: {
        name: 'creds_auth_code',
        type: 9,
        display: 'Authorization code (run msgraph-generate-login-url command)',
        credential: 'password',
      },
      certificateThumbprint: {
        name: 'creds_certificate',
        type: 9,
        display: 'Certificate Thumbprint (can be used instead of Client Secret)',
        credential: 'identifier',
      },
      privateKey: { name: 'creds_certificate', type: 9, display: 'Private Key', credential: 'password' },
    },
    requiredParams: [],
    tests: { 'auth-code': '!msgraph-search-test' },
    loginUrlCommand: '!msgraph-search-generate-login-url',
    authCodeNeedsCode: true,
  },

  // MicrosoftGraphTeams.{yml,py}: grant auth code when auth_code and redirect_uri are set (the
  // chat commands act as the delegated user), default scope and token host (worldwide); secrets
  // are plain encrypted (type 4) fields. test-module refuses any self-deployed setup
  // (!msgraph-teams-test).
  {
    id: 'msgraph-teams',
    name: 'O365 Teams (Using Graph API)',
    xsoarId: 'MicrosoftGraphTeams',
    commandPrefix: 'msgraph-teams',
    methods: ['self-deployed'],
    flows: ['auth-code'],
    clouds: WORLDWIDE_LOGIN,
    scopes: { 'auth-code': graphDefault(WORLDWIDE_LOGIN) },
    permissions: graphPermissions('delegated', 'Chat.Create', 'Chat.ReadWrite', 'ChatMember.ReadWrite', 'ChatMessage.Send', 'User.Read'),
    params: {
      id: { name: 'client_id', type: 4, display: 'Client ID' },
      token: { name: 'tenant_id', type: 4, display: 'Tenant ID' },
      key: { name: 'secret', type: 4, display: 'Client Secret' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self deployed Azure Application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for Authorization Code flow mode)' },
      authCode: { name: 'auth_code', type: 4, display: 'Authorization Code' },
      certificateThumbprint: { name: 'certificate_thumbprint', type: 4, display: 'Certificate Thumbprint' },
      privateKey: { name: 'private_key', type: 4, display: 'Private Key' },
    },
    requiredParams: [
      required('url', 'Server URL', { defaultValue: 'https://graph.microsoft.com', cloudValues: graphUrls(WORLDWIDE_LOGIN) }),
      required('delegated_user', 'Email address of the XSOAR delegated Teams user (e.g. "example@demisto.com")'),
    ],
    tests: { 'auth-code': '!msgraph-teams-test' },
    resetCommand: '!msgraph-teams-auth-reset',
    loginUrlCommand: '!msgraph-teams-generate-login-url',
    authCodeNeedsCode: true,
  },
];
