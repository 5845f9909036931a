#!/usr/bin/env node
// The installed command runs the bundled command (lib/bundle/, built from src/ by `npm ci` through
// `prepare`: scripts/bundle.mjs); the library (lib/index.js) is the same code unbundled.
import { main } from '../lib/bundle/cli.js';

process.exitCode = await main(process.argv.slice(2));
