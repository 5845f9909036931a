#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so the installed command and `npm run export` are the same code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
