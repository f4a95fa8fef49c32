/**
 * A bug's stack as the operator sees it: frames of a bundled, minified chunk mapped
 * back to the TypeScript source through the chunk's source map, built the way dist/ is
 * (esbuild, ESM, splitting, linked maps without sources) and run by plain Node, which
 * does not map them itself.
 */
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mappedStack } from '../../src/io/stack.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ms-auth-stack-'));
  await mkdir(join(dir, 'src'));
  await writeFile(
    join(dir, 'src/broken.ts'),
    'export function explode(input: { value?: { length: number } }): number {\n  const n = 1;\n  return input.value!.length + n;\n}\n',
  );
  await writeFile(
    join(dir, 'src/main.ts'),
    [
      `import { mappedStack } from ${JSON.stringify(resolve(import.meta.dirname, '../../src/io/stack.ts'))};`,
      "const { explode } = await import('./broken.js');",
      'try {',
      '  explode({});',
      '} catch (error) {',
      '  process.stdout.write(JSON.stringify({ stack: (error as Error).stack, frames: mappedStack(error) }));',
      '}',
    ].join('\n'),
  );
  await build({
    absWorkingDir: dir,
    entryPoints: ['src/main.ts'],
    outdir: join(dir, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('maps the frames of a minified chunk to src/ file, line and column', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'dist/main.js')]);
  const { stack, frames } = JSON.parse(stdout) as { stack: string; frames: string[] };
  // What Node prints by itself: the minified chunk.
  expect(stack).toMatch(/dist\/broken-\w+\.js:1:\d+/);
  expect(frames[0]).toMatch(/^at \S+ \(src\/broken\.ts:3:\d+\)$/);
  expect(frames[1]).toMatch(/^at src\/main\.ts:4:\d+$/);
});

it('gives no frames for a thrown value that is not an Error', () => {
  expect(mappedStack('a string')).toEqual([]);
  expect(mappedStack({ stack: 'at f (file:///x.js:1:1)' })).toEqual([]);
});
