/**
 * Parse tests for command modules, gh's `NewCmdX(f, runF)` way: the command is added to
 * a program with the real global options, argv is parsed, and a capturing run function
 * takes the options instead of running anything.
 */
import { Command } from 'commander';
import { vi } from 'vitest';
import { addGlobalOptions, type CommandHost } from '../../src/commands/globals.js';
import { recordingUi } from '../fakes.js';

/** A command module's factory: `runF` replaces the real run. */
type Factory<O> = (host: CommandHost, runF: (options: O) => Promise<void>) => Command;

/** The environment variables that supply flag values: unset, so the host's cannot leak into a test. */
export const FLAG_ENV = ['MS_AUTH_PROFILE', 'MS_AUTH_CONFIG_DIR', 'MS_AUTH_TENANT_ID', 'MS_AUTH_CLIENT_ID', 'MS_AUTH_AUTHORITY_HOST'];

export function clearFlagEnv(): void {
  for (const name of FLAG_ENV) vi.stubEnv(name, undefined);
}

/** Parses `argv` (after the program name); rejects with the usage error, having run nothing. */
export async function parse<O>(factory: Factory<O>, argv: string[]): Promise<{ options: O }> {
  let captured: { options: O } | undefined;
  const host: CommandHost = {
    ui: recordingUi(),
    setExitCode: () => {
      throw new Error('parse: only a real run sets the exit code');
    },
  };
  const program = addGlobalOptions(new Command('ms-auth'))
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  program.addCommand(
    factory(host, async (options) => {
      captured = { options };
    }).copyInheritedSettings(program),
  );
  await program.parseAsync(argv, { from: 'user' });
  if (!captured) throw new Error(`parse: the command did not reach its run function for ${argv.join(' ')}`);
  return captured;
}
