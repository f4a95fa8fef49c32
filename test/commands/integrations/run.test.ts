/**
 * `integrations ID`: a flow the catalog leaves out of an integration is named with its
 * reason, for people and scripts, so the choice is not a silent gap.
 */
import { describe, expect, it } from 'vitest';
import { runIntegrations } from '../../../src/commands/integrations/run.js';
import { findIntegration } from '../../../src/core/catalog.js';
import { recordingUi } from '../../fakes.js';

describe('integrations ID', () => {
  const reason = findIntegration('azure-log-analytics')?.unsupportedFlows?.['auth-code'] ?? '';

  it('names a flow it does not offer, with the reason, under the flows it does', () => {
    const ui = recordingUi();
    runIntegrations({ json: false, id: 'azure-log-analytics' }, { ui });
    const text = ui.out.join('\n');
    expect(reason).toMatch(/v1 endpoint/);
    expect(text).toMatch(/^ {2}Flows: +client-credentials \(self-deployed\)\n {2}Not offered: +auth-code: (.+)$/m);
    expect(text).toContain(`auth-code: ${reason}`);
  });

  it('an integration with no self-deployed flow says so rather than an empty list', () => {
    const ui = recordingUi();
    runIntegrations({ json: false, id: 'ms-management-activity' }, { ui });
    expect(ui.out.join('\n')).toMatch(/^ {2}Flows: +none of its own \(the Cortex XSOAR application only\)\n {2}Not offered: +auth-code: /m);
  });

  it('--json gives the same as unsupportedFlows, and leaves the key out where every flow is offered', () => {
    const ui = recordingUi();
    runIntegrations({ json: true, id: 'azure-log-analytics' }, { ui });
    expect(JSON.parse(ui.out.join('')).integrations[0].unsupportedFlows).toEqual({ 'auth-code': reason });
    const other = recordingUi();
    runIntegrations({ json: true, id: 'msgraph-user' }, { ui: other });
    expect(JSON.parse(other.out.join('')).integrations[0]).not.toHaveProperty('unsupportedFlows');
  });
});
