/**
 * Config files for validate: a good profile, an XSOAR-app one, and the table of bad files,
 * each with the problem code and field it must produce. The unit test of
 * core/profile-check.ts runs every row; the e2e validate test runs a few through the CLI,
 * and the shipped JSON Schema is checked against the structural ones.
 */
export const TENANT = 'a1b2c3d4-0000-4000-8000-00000000000a';
export const CLIENT = '5f0c7e1a-3b2d-4c8e-9a61-2d4b8e7f1c30';
export const good = {
  method: 'self-deployed',
  integration: 'msgraph-user',
  flow: 'auth-code',
  cloud: 'worldwide',
  tenantId: TENANT,
  clientId: CLIENT,
  redirectUri: 'https://localhost/myapp',
  scopes: ['https://graph.microsoft.com/.default'],
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:00.000Z',
};
export const app = { ...good, method: 'xsoar-app', flow: null, tenantId: '', clientId: 'reg-1', redirectUri: '', scopes: [] };
// Secret-shaped values are assembled at run time so the repository holds none.
export const SECRET_SHAPED = ['abc', '8Q~', 'x'.repeat(34)].join('');
export const JWT_SHAPED = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'sig'].join('.');

export const file = (profiles: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ version: 1, profiles, ...extra });

export const BAD: Array<[string, unknown, string, string]> = [
  ['wrong version', { version: 2, profiles: {} }, 'version_unsupported', 'version'],
  ['profiles not an object', { version: 1, profiles: [] }, 'schema_invalid', 'profiles'],
  ['unknown top-level field', file({ p: good }, { extra: true }), 'field_unknown', 'extra'],
  ['bad profile name', file({ 'bad name': good }), 'profile_name_invalid', 'profiles.bad name'],
  ['unknown method', file({ p: { ...good, method: 'magic' } }), 'method_invalid', 'profiles.p.method'],
  ['self-deployed without a flow', file({ p: { ...good, flow: null } }), 'flow_invalid', 'profiles.p.flow'],
  ['unknown cloud', file({ p: { ...good, cloud: 'germany' } }), 'cloud_invalid', 'profiles.p.cloud'],
  [
    'http authority that is not loopback',
    file({ p: { ...good, authorityHost: 'http://login.example.com' } }),
    'authority_host_invalid',
    'profiles.p.authorityHost',
  ],
  ['tenant "common"', file({ p: { ...good, tenantId: 'common' } }), 'tenant_invalid', 'profiles.p.tenantId'],
  ['client ID not a GUID', file({ p: { ...good, clientId: 'my-app' } }), 'client_id_invalid', 'profiles.p.clientId'],
  [
    'http redirect URI off loopback',
    file({ p: { ...good, redirectUri: 'http://example.com/cb' } }),
    'redirect_uri_invalid',
    'profiles.p.redirectUri',
  ],
  ['scope with a space', file({ p: { ...good, scopes: ['User.Read Mail.Send'] } }), 'scope_invalid', 'profiles.p.scopes[0]'],
  ['scopes short of the integration', file({ p: { ...good, scopes: ['User.Read'] } }), 'scopes_insufficient', 'profiles.p.scopes'],
  [
    'client credentials without .default',
    file({ p: { ...good, flow: 'client-credentials', scopes: ['User.Read'] } }),
    'scope_not_default',
    'profiles.p.scopes[0]',
  ],
  ['unknown integration', file({ p: { ...good, integration: 'nope' } }), 'integration_unknown', 'profiles.p.integration'],
  [
    'integration outside its clouds',
    file({ p: { ...good, integration: 'microsoft-atp', cloud: 'china', scopes: [] } }),
    'integration_cloud_unsupported',
    'profiles.p.cloud',
  ],
  [
    'integration without that flow',
    file({ p: { ...good, integration: 'azure-sentinel' } }),
    'integration_flow_unsupported',
    'profiles.p.flow',
  ],
  [
    'integration without that method',
    file({ p: { ...app, integration: 'azure-sentinel' } }),
    'integration_method_unsupported',
    'profiles.p.method',
  ],
  ['typo in a field name', file({ p: { ...good, tenantID: TENANT } }), 'field_unknown', 'profiles.p.tenantID'],
  ['bad timestamp', file({ p: { ...good, createdAt: 'yesterday' } }), 'timestamp_invalid', 'profiles.p.createdAt'],
  ['client secret planted in a field', file({ p: { ...good, clientSecret: SECRET_SHAPED } }), 'secret_in_file', 'profiles.p.clientSecret'],
  [
    'secret-shaped value in an unrelated field',
    file({ p: { ...good, redirectUri: `https://localhost/${SECRET_SHAPED}` } }),
    'secret_in_file',
    'profiles.p.redirectUri',
  ],
  ['JWT in the file', file({ p: good }, { cache: JWT_SHAPED }), 'secret_in_file', 'cache'],
  ['refresh_token: hand-off in the file', file({ p: { ...good, note: 'refresh_token:0.AXo' } }), 'secret_in_file', 'profiles.p.note'],
  ['secret-named key with a value', file({ p: good }, { password: 'hunter2' }), 'secret_in_file', 'password'],
];
