#!/usr/bin/env node
// Launcher for the command-line entry. The CLI itself is bundled to dist/node/cli.js by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('signalcraft-field: the app is not built yet. Run "npm run build" in the app folder first.\n');
  process.exit(2);
}
await import(cli);
