/**
 * Entra ID administration over Microsoft Graph (Graph Security, applications, identity
 * protection, risky users, Teams management). Most sign in with a device code against XSOAR's
 * own public client, refreshed at https://login.microsoftonline.com/organizations, or with
 * client credentials. Sources as in graph.ts; the source is noted above each entry.
 */
import type { Cloud } from '../authority.js';
import {
  CREDS_CERTIFICATE,
  GRAPH,
  TEST_BUTTON,
  WORLDWIDE_LOGIN,
  graphDefault,
  graphPermissions,
  graphUrls,
  perCloud,
  required,
  type Integration,
  type XsoarParam,
} from './model.js';

/** Delegated Graph permissions as device-code scopes on the cloud's Graph host. */
const graphScopes = (clouds: readonly Cloud[], ...names: string[]) => perCloud(clouds, (c) => names.map((n) => `https://${GRAPH(c)}/${n}`));

const authenticationType = (name: string): XsoarParam => ({
  name,
  type: 15,
  display: 'Authentication Type',
  flowValues: { 'device-code': 'Device Code', 'client-credentials': 'Client Credentials' },
});

const clientCredentialsCheckbox: XsoarParam = {
  name: 'client_credentials',
  type: 8,
  display: 'Use Client Credentials Authorization Flow',
  flowValues: { 'client-credentials': true, 'device-code': false },
};

/** Both Identity and Access definitions: device code unless client_credentials; REQUIRED_PERMISSIONS as the device-code scope. */
const IDENTITY_PERMISSIONS = [
  'IdentityRiskEvent.Read.All',
  'IdentityRiskyUser.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'Policy.ReadWrite.ConditionalAccess',
  'Policy.Read.All',
  'Application.Read.All',
];

function identityAndAccess(id: string, name: string, xsoarId: string): Integration {
  return {
    id,
    name,
    xsoarId,
    commandPrefix: 'msgraph-identity',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: WORLDWIDE_LOGIN,
    xsoarPublicClientId: '597c0375-766f-4e6d-ad2a-f48117044ac5',
    scopes: { 'client-credentials': graphDefault(WORLDWIDE_LOGIN), 'device-code': graphScopes(WORLDWIDE_LOGIN, ...IDENTITY_PERMISSIONS) },
    permissions: [...graphPermissions('application', ...IDENTITY_PERMISSIONS), ...graphPermissions('delegated', ...IDENTITY_PERMISSIONS)],
    params: {
      id: { name: 'app_id', type: 0, display: 'Application ID (Client ID for Client credentials mode)' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID (required for Client Credentials mode)' },
      key: { name: 'credentials', type: 9, display: 'Client Secret (required for Client Credentials mode)', credential: 'password' },
      ...CREDS_CERTIFICATE,
      authType: clientCredentialsCheckbox,
    },
    requiredParams: [],
    tests: { 'client-credentials': '!msgraph-identity-auth-test', 'device-code': '!msgraph-identity-auth-test' },
    resetCommand: '!msgraph-identity-auth-reset',
    authStartCommand: '!msgraph-identity-auth-start',
    authCompleteCommand: '!msgraph-identity-auth-complete',
    idAcceptsRefreshToken: true,
  };
}

export const IDENTITY_INTEGRATIONS: Integration[] = [
  // MicrosoftGraphSecurity.{yml,py}: APP_NAME 'ms-graph-security'; auth code when auth_code and
  // redirect_uri are set, else client credentials; the token host stays worldwide while `host`
  // moves Graph, so worldwide and US GCC. test-module is for app-only setups (!msg-auth-test).
  {
    id: 'msgraph-security',
    name: 'Microsoft Graph Security',
    xsoarId: 'Microsoft Graph',
    commandPrefix: 'msg',
    methods: ['xsoar-app', 'self-deployed'],
    flows: ['client-credentials', 'auth-code'],
    clouds: WORLDWIDE_LOGIN,
    xsoarApp: 'ms-graph-security',
    scopes: { 'client-credentials': graphDefault(WORLDWIDE_LOGIN), 'auth-code': graphDefault(WORLDWIDE_LOGIN) },
    permissions: [
      ...graphPermissions(
        'application',
        'SecurityEvents.ReadWrite.All',
        'SecurityAlert.ReadWrite.All',
        'SecurityIncident.ReadWrite.All',
        'ThreatHunting.Read.All',
      ),
      ...graphPermissions(
        'delegated',
        'SecurityEvents.ReadWrite.All',
        'SecurityAlert.ReadWrite.All',
        'SecurityIncident.ReadWrite.All',
        'ThreatHunting.Read.All',
      ),
    ],
    params: {
      id: { name: 'creds_auth_id', type: 9, display: 'Application ID or Client ID', credential: 'password' },
      token: { name: 'creds_tenant_id', type: 9, display: 'Token or Tenant ID', credential: 'password' },
      key: { name: 'creds_enc_key', type: 9, display: 'Key or Client Secret', credential: 'password' },
      selfDeployed: { name: 'self_deployed', type: 8, display: 'Use a self-deployed Azure application' },
      redirectUri: { name: 'redirect_uri', type: 0, display: 'Application redirect URI (for self-deployed mode)' },
      authCode: { name: 'auth_code', type: 9, display: 'Authorization code', credential: 'password' },
      ...CREDS_CERTIFICATE,
    },
    requiredParams: [
      required('host', 'Host URL', { defaultValue: 'https://graph.microsoft.com', cloudValues: graphUrls(WORLDWIDE_LOGIN) }),
    ],
    tests: { 'xsoar-app': TEST_BUTTON, 'client-credentials': TEST_BUTTON, 'auth-code': '!msg-auth-test' },
    resetCommand: '!ms-graph-security-auth-reset',
    loginUrlCommand: '!msg-generate-login-url',
    authCodeNeedsCode: true,
  },

  // MicrosoftGraphApplications.{yml,py}: SCOPE_BY_CONNECTION device code 'offline_access
  // Application.ReadWrite.All' at https://login.microsoftonline.com/organizations, client
  // credentials 'https://graph.microsoft.com/.default'; base URL hard-coded to graph.microsoft.com;
  // `<app id>@<refresh token>` seeds the token. test-module refuses the device code.
  {
    id: 'msgraph-apps',
    name: 'Azure Active Directory Applications',
    xsoarId: 'MicrosoftGraphApplications',
    commandPrefix: 'msgraph-apps',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: WORLDWIDE_LOGIN,
    xsoarPublicClientId: '6b071e63-f701-454b-9e54-ede4c96483e6',
    scopes: {
      'client-credentials': graphDefault(WORLDWIDE_LOGIN),
      'device-code': graphScopes(WORLDWIDE_LOGIN, 'Application.ReadWrite.All'),
    },
    permissions: [
      ...graphPermissions('application', 'Application.ReadWrite.All'),
      ...graphPermissions('delegated', 'Application.ReadWrite.All'),
    ],
    params: {
      id: { name: 'app_id', type: 0, display: 'Application ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID (for Client Credentials mode)' },
      key: { name: 'credentials', type: 9, display: 'Client Secret (for Client Credentials mode)', credential: 'password' },
      authType: authenticationType('authentication_type'),
    },
    requiredParams: [],
    tests: { 'client-credentials': TEST_BUTTON, 'device-code': '!msgraph-apps-auth-test' },
    resetCommand: '!msgraph-apps-auth-reset',
    authStartCommand: '!msgraph-apps-auth-start',
    authCompleteCommand: '!msgraph-apps-auth-complete',
    idAcceptsRefreshToken: true,
  },

  // MicrosoftGraphIdentityandAccess.{yml,py}: device code unless `client_credentials` is set, with
  // REQUIRED_PERMISSIONS as the scope at https://login.microsoftonline.com/organizations; base URL
  // hard-coded to graph.microsoft.com; `<app id>@<refresh token>` seeds the token.
  identityAndAccess('msgraph-identity', 'Azure Active Directory Identity And Access', 'MicrosoftGraphIdentityandAccess'),
  // MicrosoftGraphIdentityandAccessV2.yml: the same parameters and commands under a new display
  // name; its authentication is modelled on the first version's code.
  identityAndAccess('msgraph-identity-v2', 'Entra ID Identity And Access v2', 'MicrosoftGraphIdentityandAccessV2'),

  // AzureRiskyUsers.{yml,py}: authentication_type picks the grant; device code scope
  // 'https://graph.microsoft.com/IdentityRiskyUser.Read.All IdentityRiskEvent.ReadWrite.All
  // IdentityRiskyUser.Read.All IdentityRiskyUser.ReadWrite.All offline_access' at /organizations;
  // the client ID is the password half of `client_id`; no default (public) client.
  {
    id: 'azure-risky-users',
    name: 'Azure Risky Users',
    xsoarId: 'AzureRiskyUsers',
    commandPrefix: 'azure-risky-users',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: WORLDWIDE_LOGIN,
    scopes: {
      'client-credentials': graphDefault(WORLDWIDE_LOGIN),
      'device-code': graphScopes(
        WORLDWIDE_LOGIN,
        'IdentityRiskyUser.Read.All',
        'IdentityRiskEvent.ReadWrite.All',
        'IdentityRiskyUser.ReadWrite.All',
      ),
    },
    permissions: [
      ...graphPermissions('application', 'IdentityRiskyUser.Read.All', 'IdentityRiskEvent.Read.All'),
      ...graphPermissions('delegated', 'IdentityRiskyUser.ReadWrite.All', 'IdentityRiskEvent.ReadWrite.All'),
    ],
    params: {
      id: { name: 'client_id', type: 9, display: 'Client ID', credential: 'password' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID (for Client Credentials mode)' },
      key: { name: 'client_secret', type: 9, display: 'Client Secret (for Client Credentials mode)', credential: 'password' },
      authType: authenticationType('authentication_type'),
    },
    requiredParams: [],
    tests: { 'client-credentials': TEST_BUTTON, 'device-code': '!azure-risky-users-auth-test' },
    resetCommand: '!azure-risky-users-auth-reset',
    authStartCommand: '!azure-risky-users-auth-start',
    authCompleteCommand: '!azure-risky-users-auth-complete',
    idAcceptsRefreshToken: true,
  },

  // AzureADIdentityProtection.{yml,py} (deprecated): device code unless client_credentials, scope
  // 'offline_access IdentityRiskEvent.Read.All IdentityRiskyUser.ReadWrite.All' at /organizations;
  // base URL https://graph.microsoft.com/beta; `<app id>@<refresh token>` seeds the token.
  {
    id: 'azure-ad-identity-protection',
    name: 'Azure Active Directory Identity Protection',
    xsoarId: 'Azure Active Directory Identity Protection',
    commandPrefix: 'azure-ad',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: WORLDWIDE_LOGIN,
    xsoarPublicClientId: '4ffef4a4-601f-4393-a789-432f3f3b8470',
    scopes: {
      'client-credentials': graphDefault(WORLDWIDE_LOGIN),
      'device-code': graphScopes(WORLDWIDE_LOGIN, 'IdentityRiskEvent.Read.All', 'IdentityRiskyUser.ReadWrite.All'),
    },
    permissions: [
      ...graphPermissions('application', 'IdentityRiskEvent.Read.All', 'IdentityRiskyUser.ReadWrite.All'),
      ...graphPermissions('delegated', 'IdentityRiskEvent.Read.All', 'IdentityRiskyUser.ReadWrite.All'),
    ],
    params: {
      id: { name: 'app_id', type: 0, display: 'Application ID (Client ID for Client credentials mode)' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID (required for Client Credentials mode)' },
      key: { name: 'credentials', type: 9, display: 'Client Secret (required for Client Credentials mode)', credential: 'password' },
      authType: clientCredentialsCheckbox,
    },
    requiredParams: [
      required('subscription_id', 'Subscription ID'),
      required('azure_ad_endpoint', 'Azure Active Directory endpoint', { type: 15, defaultValue: 'https://login.microsoftonline.com' }),
    ],
    tests: { 'client-credentials': '!azure-ad-auth-test', 'device-code': '!azure-ad-auth-test' },
    resetCommand: '!azure-ad-auth-reset',
    authStartCommand: '!azure-ad-auth-start',
    authCompleteCommand: '!azure-ad-auth-complete',
    idAcceptsRefreshToken: true,
    notes: ['Deprecated in XSOAR: Azure Active Directory Identity And Access (msgraph-identity) replaces it.'],
  },

  // MicrosoftTeamsManagement.{yml,py}: SCOPE_BY_CONNECTION device code 'offline_access
  // Group.ReadWrite.All TeamMember.ReadWrite.All Team.ReadBasic.All' at /organizations, client
  // credentials 'https://graph.microsoft.com/.default'; base URL hard-coded to graph.microsoft.com.
  {
    id: 'microsoft-teams-management',
    name: 'Microsoft Teams Management',
    xsoarId: 'Microsoft Teams Management',
    commandPrefix: 'microsoft-teams',
    methods: ['self-deployed'],
    flows: ['client-credentials', 'device-code'],
    clouds: WORLDWIDE_LOGIN,
    xsoarPublicClientId: '3307a0ab-612c-47af-b3b5-8208247562db',
    scopes: {
      'client-credentials': graphDefault(WORLDWIDE_LOGIN),
      'device-code': graphScopes(WORLDWIDE_LOGIN, 'Group.ReadWrite.All', 'TeamMember.ReadWrite.All', 'Team.ReadBasic.All'),
    },
    permissions: [
      ...graphPermissions('application', 'Group.ReadWrite.All', 'TeamMember.ReadWrite.All', 'Team.ReadBasic.All'),
      ...graphPermissions('delegated', 'Group.ReadWrite.All', 'TeamMember.ReadWrite.All', 'Team.ReadBasic.All'),
    ],
    params: {
      id: { name: 'app_id', type: 0, display: 'Application ID' },
      token: { name: 'tenant_id', type: 0, display: 'Tenant ID (for Client Credentials mode)' },
      key: { name: 'credentials', type: 9, display: 'Client Secret (for Client Credentials mode)', credential: 'password' },
      authType: authenticationType('authentication_type'),
    },
    requiredParams: [],
    tests: { 'client-credentials': '!microsoft-teams-auth-test', 'device-code': '!microsoft-teams-auth-test' },
    resetCommand: '!microsoft-teams-auth-reset',
    authStartCommand: '!microsoft-teams-auth-start',
    authCompleteCommand: '!microsoft-teams-auth-complete',
    idAcceptsRefreshToken: true,
  },
];
