/**
 * Definitions in ../shared/xsoar-content that authenticate through MicrosoftApiModule but
 * that ms-auth does not set up, each with the reason `ms-auth integrations` prints. A
 * hand-off XSOAR could not redeem would be worse than none.
 */
import type { Unsupported } from './model.js';

export const UNSUPPORTED: Unsupported[] = [
  {
    xsoarId: 'Microsoft Teams',
    name: 'Microsoft Teams',
    reason:
      'Signs in as a bot: the Bot ID and Bot Password of an Azure Bot registration (Bot Framework tokens, plus a listener XSOAR runs for messages). That registration is made in the Azure portal; ms-auth has no Entra sign-in to hand over.',
  },
];
