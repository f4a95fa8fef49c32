/**
 * The keychain, run in a child process. Opening a Secret Service connection blocks
 * the calling thread until D-Bus answers, and a D-Bus that never answers would freeze
 * ms-auth with no way for a timer to fire (not even in a worker thread, which Node
 * then waits for at exit). A child process can always be killed.
 *
 * Protocol: the parent sends `{id, op, account, value?}` over IPC; the child answers
 * `{id, ok, value?}` or `{id, ok: false, message}`.
 */
import { AsyncEntry } from '@napi-rs/keyring';

interface Request {
  id: number;
  op: 'get' | 'set' | 'delete';
  service: string;
  account: string;
  value?: string;
}

process.on('message', (message: Request) => {
  void (async () => {
    try {
      // Without an explicit store the library silently falls back to the kernel keyring
      // on Linux, which forgets everything at logout: ask for the Secret Service.
      const entry = new AsyncEntry(message.service, message.account, { linux: { store: 'secret-service' } });
      let value: string | boolean | null | undefined;
      if (message.op === 'get') value = await entry.getPassword();
      else if (message.op === 'set') await entry.setPassword(message.value ?? '');
      else value = await entry.deleteCredential();
      process.send?.({ id: message.id, ok: true, value });
    } catch (error) {
      process.send?.({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
