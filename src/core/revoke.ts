/**
 * How to take a setup back, tailored to the profile's method, flow and cloud: the
 * portal pages, the Microsoft Graph calls (and the permission each needs), and what
 * XSOAR's reset command does. Entra has no token revocation endpoint (RFC 7009);
 * forgetting locally invalidates nothing, and the guidance says so.
 * https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/manage-application-permissions
 * https://learn.microsoft.com/en-us/graph/api/user-revokesigninsessions
 */
import { CLOUD_INFO } from './authority.js';
import type { Integration } from './catalog.js';
import type { Profile } from './profile.js';

export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  permission: string;
}

export interface RevokeStep {
  title: string;
  detail: string;
  portal?: string;
  graph?: GraphCall[];
  xsoar?: string;
}

/** Entra admin centre per cloud (the Azure portal's Entra blades work too). */
const ENTRA_ADMIN: Record<Profile['cloud'], string> = {
  worldwide: 'https://entra.microsoft.com',
  'us-gcc': 'https://entra.microsoft.com',
  'us-gcc-high': 'https://entra.microsoft.us',
  'us-dod': 'https://entra.microsoft.us',
  china: 'https://entra.microsoftonline.cn',
};

export function revokeGuidance(profile: Profile, integration: Integration | undefined): RevokeStep[] {
  const graph = `https://${CLOUD_INFO[profile.cloud].graph}/v1.0`;
  const portal = `https://${CLOUD_INFO[profile.cloud].portal}`;
  const admin = ENTRA_ADMIN[profile.cloud];
  const app = profile.method === 'xsoar-app' ? 'the Cortex XSOAR application' : `the app ${profile.clientId}`;
  const findSp: GraphCall = {
    method: 'GET',
    url: `${graph}/servicePrincipals?$filter=appId eq '${profile.method === 'xsoar-app' ? '<application id of the Cortex XSOAR app>' : profile.clientId}'`,
    permission: 'Application.Read.All',
  };
  const steps: RevokeStep[] = [];
  const delegated = profile.method === 'xsoar-app' || profile.flow !== 'client-credentials';
  const appOnly =
    profile.method === 'xsoar-app' ||
    profile.flow === 'client-credentials' ||
    integration?.permissions.some((p) => p.type === 'application');

  if (delegated) {
    steps.push({
      title: 'Withdraw user consent (delegated permissions)',
      detail: `Remove ${app}'s delegated permission grants. A user can also remove the app at https://myapplications.microsoft.com (worldwide).`,
      portal: `${admin} → Enterprise applications → ${app} → Permissions → Review permissions / revoke`,
      graph: [
        findSp,
        {
          method: 'GET',
          url: `${graph}/oauth2PermissionGrants?$filter=clientId eq '{servicePrincipalId}'`,
          permission: 'DelegatedPermissionGrant.Read.All',
        },
        { method: 'DELETE', url: `${graph}/oauth2PermissionGrants/{grantId}`, permission: 'DelegatedPermissionGrant.ReadWrite.All' },
      ],
    });
  }
  if (appOnly) {
    steps.push({
      title: 'Withdraw admin consent (application permissions)',
      detail: `Remove the app roles granted to ${app}.`,
      portal: `${admin} → Enterprise applications → ${app} → Permissions`,
      graph: [
        findSp,
        { method: 'GET', url: `${graph}/servicePrincipals/{servicePrincipalId}/appRoleAssignments`, permission: 'Application.Read.All' },
        {
          method: 'DELETE',
          url: `${graph}/servicePrincipals/{resourceId}/appRoleAssignedTo/{appRoleAssignmentId}`,
          permission: 'AppRoleAssignment.ReadWrite.All',
        },
      ],
    });
  }
  if (profile.method === 'xsoar-app') {
    steps.push({
      title: 'Remove the Cortex XSOAR application from the tenant',
      detail: 'It appears as an Enterprise application; deleting it (or its permissions) ends its access.',
      portal: `${admin} → Enterprise applications → search for the Cortex XSOAR app → Properties → Delete`,
      graph: [
        findSp,
        { method: 'DELETE', url: `${graph}/servicePrincipals/{servicePrincipalId}`, permission: 'Application.ReadWrite.All' },
      ],
    });
  } else if (profile.flow === 'device-code') {
    // A public client (often XSOAR's own multi-tenant app): no credential of the tenant's
    // to delete; what the tenant controls is the app's presence and grants in it.
    steps.push({
      title: 'Remove the public client from the tenant',
      detail: `The device code sign-in used the public client ${profile.clientId}, which has no secret. Removing its Enterprise application ends its access here.`,
      portal: `${admin} → Enterprise applications → ${profile.clientId} → Properties → Delete`,
      graph: [
        findSp,
        { method: 'DELETE', url: `${graph}/servicePrincipals/{servicePrincipalId}`, permission: 'Application.ReadWrite.All' },
      ],
    });
  } else {
    steps.push({
      title: 'Invalidate the app credential',
      detail: profile.certificateThumbprint
        ? `Remove the certificate ${profile.certificateThumbprint} so nothing can be signed with its key; or delete the registration.`
        : 'Delete the client secret so nothing issued from it can be renewed; or delete the registration.',
      portal: `${portal} → Microsoft Entra ID → App registrations → ${profile.clientId} → Certificates & secrets`,
      graph: [
        profile.certificateThumbprint
          ? { method: 'POST', url: `${graph}/applications(appId='${profile.clientId}')/removeKey`, permission: 'Application.ReadWrite.All' }
          : {
              method: 'POST',
              url: `${graph}/applications(appId='${profile.clientId}')/removePassword`,
              permission: 'Application.ReadWrite.All',
            },
      ],
    });
  }
  if (profile.flow !== 'client-credentials') {
    steps.push({
      title: 'Revoke refresh tokens already issued',
      detail: 'Refresh tokens keep working until revoked; this ends every session of the user who signed in (takes a few minutes).',
      graph: [{ method: 'POST', url: `${graph}/users/{userId or UPN}/revokeSignInSessions`, permission: 'User.RevokeSessions.All' }],
    });
  }
  const pushed = profile.xsoar;
  if (pushed) {
    steps.push({
      title: `Delete or reset the XSOAR instance "${pushed.instance}"`,
      detail: `ms-auth pushed this profile to ${pushed.url}: delete the instance there (Settings → Integrations → ${pushed.instance} → Delete)${integration?.resetCommand ? `, or clear the tokens it keeps with ${integration.resetCommand} using="${pushed.instance}" and reconfigure it` : ''}.`,
      ...(integration?.resetCommand && { xsoar: `${integration.resetCommand} using="${pushed.instance}"` }),
    });
  } else if (integration?.resetCommand) {
    steps.push({
      title: 'Reset the XSOAR instance',
      detail: 'Clears the tokens XSOAR keeps in its integration context; then remove or reconfigure the instance.',
      xsoar: integration.resetCommand,
    });
  }
  return steps;
}

export const LOCAL_NOTE =
  "Forgetting a profile locally (--forget) deletes ms-auth's copy of its secrets only: it does not invalidate any token already issued to ms-auth or to XSOAR. Use the steps above for that.";

export function formatGuidance(name: string, steps: RevokeStep[]): string {
  const lines = [`Revoking profile "${name}":`];
  steps.forEach((step, i) => {
    lines.push('', `${i + 1}. ${step.title}`, `   ${step.detail}`);
    if (step.portal) lines.push(`   Portal: ${step.portal}`);
    for (const call of step.graph ?? []) lines.push(`   Graph:  ${call.method} ${call.url}   (needs ${call.permission})`);
    if (step.xsoar) lines.push(`   XSOAR:  ${step.xsoar}`);
  });
  lines.push('', LOCAL_NOTE);
  return lines.join('\n');
}
