#!/usr/bin/env node
import module from 'node:module';
// Node 22.1+ keeps V8's compiled code of dist/ between runs (in the OS temp directory),
// which starts every run sooner; Node 20 has no such cache.
module.enableCompileCache?.();
await import('../dist/cli.js');
