#!/usr/bin/env node
// Launcher of the CLI: TypeScript runs through tsx (no build step), as everywhere in this project.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
