/** Module configurations shaped like an XSOAR search answer, after the integrations' YAMLs. */
import type { ConfigField, ModuleConfiguration } from '../../src/core/xsoar-instance.js';

const field = (name: string, type: number, extra: Partial<ConfigField> = {}): ConfigField => ({
  name,
  type,
  display: extra.display ?? name,
  required: false,
  defaultValue: '',
  options: null,
  hidden: false,
  info: '',
  ...extra,
});

export function graphUser(): ModuleConfiguration {
  return {
    id: 'Microsoft Graph User',
    name: 'Microsoft Graph User',
    display: 'Entra ID Users',
    category: 'Identity and Access Management',
    integrationScript: { type: 'python', commands: [] },
    defaultMapperIn: '',
    someFutureField: { kept: true },
    configuration: [
      field('azure_cloud', 15, { defaultValue: 'Worldwide', options: ['Worldwide', 'US GCC', 'US GCC-High', 'DoD', 'Germany', 'China'] }),
      field('host', 0, { required: true, defaultValue: 'https://graph.microsoft.com' }),
      field('creds_auth_id', 9, { display: '', displayPassword: 'ID / Client ID', hiddenUsername: true }),
      field('creds_tenant_id', 9, { display: '', displayPassword: 'Token / Tenant ID', hiddenUsername: true }),
      field('creds_enc_key', 9, { display: '', displayPassword: 'Key / Client Secret', hiddenUsername: true }),
      field('self_deployed', 8, { defaultValue: 'false' }),
      field('redirect_uri', 0),
      field('creds_auth_code', 9, { display: '', displayPassword: 'Authorization code', hiddenUsername: true }),
      field('creds_certificate', 9, { display: 'Certificate Thumbprint', displayPassword: 'Private Key' }),
      field('auth_id', 4, { hidden: true }),
      field('proxy', 8),
      field('insecure', 8, { defaultValue: 'false' }),
    ],
  };
}

export function sentinel(): ModuleConfiguration {
  return {
    name: 'Azure Sentinel',
    category: 'Analytics & SIEM',
    integrationScript: {},
    configuration: [
      field('azure_cloud', 15, {
        defaultValue: 'Worldwide',
        options: ['Worldwide', 'US GCC', 'US GCC-High', 'DoD', 'Germany', 'China', 'Custom'],
      }),
      field('creds_tenant_id', 9, { hiddenUsername: true }),
      field('credentials', 9, { display: 'Client ID', displayPassword: 'Client Secret' }),
      field('creds_certificate', 9),
      field('subscriptionID', 0, { required: true, display: 'Subscription ID' }),
      field('resourceGroupName', 0, { required: true, display: 'Resource Group Name' }),
      field('workspaceName', 0, { required: true, display: 'Workspace Name' }),
      field('min_severity', 15, { defaultValue: 'Informational', options: ['Informational', 'Low', 'Medium', 'High'] }),
    ],
  };
}
