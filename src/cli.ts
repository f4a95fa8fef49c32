/**
 * The entry point. `--help` and `--version` are answered here from the build's snapshot
 * of the program (src/fast-path.ts, src/help-text.ts), loading nothing else; every other run goes to
 * src/main.ts, with authorize-url and setup parsed by the fast path when it can be.
 */
import { builtSpec, fastRun, writeOut } from './fast-path.js';

const spec = builtSpec;
const fast = spec && fastRun(spec, process.argv.slice(2));
if (spec && fast?.kind === 'help') {
  const { helpText } = await import('./help-text.js');
  writeOut((width) => helpText(spec, fast.command, width));
} else if (spec && fast?.kind === 'version') writeOut(() => `${spec.version}\n`);
else await (await import('./main.js')).run(fast);
