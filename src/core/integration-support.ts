/**
 * What an integration supports, said the same way by every command and by the config
 * check: an unknown ID, a cloud its XSOAR code does not run in, a flow that does not run in
 * the cloud. `cloudName` is how the caller names the cloud: `--cloud china` for a flag,
 * `china` for a file's field.
 */
import type { Cloud } from './authority.js';
import type { Integration } from './catalog.js';
import type { Flow } from './profile.js';

// Only an id-shaped value is repeated: anything else may be a secret typed into the wrong place.
export const unknownIntegrationMessage = (id: string): string =>
  `Unknown integration${/^[a-z0-9-]{1,60}$/.test(id) ? ` "${id}"` : ''}. See \`ms-auth integrations\` for the list.`;

/** Undefined when the integration runs in the cloud. */
export function cloudProblem(integration: Integration, cloud: Cloud, cloudName: string = cloud): string | undefined {
  if (integration.clouds.includes(cloud)) return undefined;
  return `${integration.name} does not run in ${cloudName}: XSOAR's integration supports ${integration.clouds.join(', ')}.`;
}

/** Undefined when the integration's flow has scopes for the cloud. */
export function flowCloudProblem(integration: Integration, flow: Flow, cloud: Cloud, cloudName: string = cloud): string | undefined {
  if (integration.scopes[flow]?.[cloud]) return undefined;
  return `${integration.name}'s ${flow} flow does not run in ${cloudName} (XSOAR's code supports ${Object.keys(integration.scopes[flow] ?? {}).join(', ')}).`;
}
