/** The values of the XSOAR server flags `push` and `setup --push` share (command.ts's addServerOptions), free of commander. */
import { text } from '../globals.js';

export const serverOptions = (o: Record<string, unknown>) => ({
  xsoarUrl: text(o['xsoarUrl']),
  keyId: text(o['xsoarKeyId']),
  keyType: text(o['xsoarKeyType']),
  caFile: text(o['xsoarCaFile']),
  account: text(o['xsoarAccount']),
  investigation: text(o['xsoarInvestigation']),
  instance: text(o['instance']),
});
