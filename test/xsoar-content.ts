/**
 * XSOAR's own integration definitions (../shared/xsoar-content/index.json beside the
 * repository; see SOURCES.md there). A worktree one level deeper finds it one level up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DefinitionParam {
  name: string;
  display: string | null;
  displaypassword?: string | null;
  type: number;
  required: boolean;
  hidden: boolean;
  defaultvalue?: unknown;
  options?: string[];
}

export interface Definition {
  path: string;
  'commonfields.id': string;
  display: string;
  commands: string[];
  params: DefinitionParam[];
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const CONTENT_DIR = [join(repoRoot, '..', 'shared', 'xsoar-content'), join(repoRoot, '..', '..', 'shared', 'xsoar-content')].find(
  (dir) => existsSync(join(dir, 'index.json')),
);

export function loadDefinitions(): Definition[] {
  if (!CONTENT_DIR) throw new Error(`../shared/xsoar-content/index.json not found beside ${repoRoot}`);
  return JSON.parse(readFileSync(join(CONTENT_DIR, 'index.json'), 'utf8')) as Definition[];
}
