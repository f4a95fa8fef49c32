/**
 * The stack of an unexpected failure (a bug), mapped back to src/ through the source
 * maps shipped beside dist/'s chunks, for the operator to paste into a report. The maps
 * are read only on this path: Node's own source-map support, switched on for every run,
 * costs about a tenth of the start-up time, and switched on late it does not map the
 * modules already loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAME = /^\s*at (?:(.+?) \()?(file:\/\/\/[^\s()]+?):(\d+):(\d+)\)?$/;

/** Up to `max` `at` lines of the error's stack, frames of a mapped file as `src/...:line:column`. */
export function mappedStack(error: unknown, max = 12): string[] {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string): SourceMap | undefined => {
    if (!maps.has(file)) {
      let map: SourceMap | undefined;
      try {
        if (existsSync(`${file}.map`))
          map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        map = undefined;
      }
      maps.set(file, map);
    }
    return maps.get(file);
  };
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const [, name, url = '', row = '0', column = '0'] = match;
    const file = fileURLToPath(url);
    const entry = mapOf(file)?.findEntry(Number(row) - 1, Number(column) - 1);
    const source = entry && 'originalSource' in entry ? entry : undefined;
    // Sources are relative to their map, in dist/: shown relative to the package root.
    const where = source
      ? `${relative(resolve(dirname(file), '..'), join(dirname(file), source.originalSource)).replaceAll('\\', '/')}:${source.originalLine + 1}:${source.originalColumn + 1}`
      : `${file}:${row}:${column}`;
    frames.push(`at ${name ? `${name} (${where})` : where}`);
    if (frames.length === max) break;
  }
  return frames;
}
