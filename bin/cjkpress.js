#!/usr/bin/env node
// The installed command runs the compiled library (lib/, built from src/ by `npm ci` through `prepare`).
import { main } from '../lib/cli.js';

process.exitCode = await main(process.argv.slice(2));
