import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind } from './faults';
import { startReferenceServer } from './server';

/**
 * `npm run server:dev [-- options]`: the reference SignalCraft server for a person to try the app
 * against. Data is kept in --data-dir (a temporary folder by default) until you delete it.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string' },
    user: { type: 'string', default: 'technician' },
    password: { type: 'string', default: 'signalcraft' },
    name: { type: 'string', default: '김기사' },
    'session-ttl': { type: 'string', default: String(12 * 3600) },
    'link-rate': { type: 'string' },
    chaos: { type: 'string' },
    seed: { type: 'string', default: '1' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(`Reference SignalCraft server (docs/server-api.md)

  --port <n>           port (default 8787; 0 picks a free one)
  --host <addr>        address to listen on (default 127.0.0.1)
  --data-dir <dir>     where reports are stored (default: a new temporary folder)
  --user <name>        user to create (default technician)
  --password <pw>      its password (default signalcraft)
  --name <text>        its display name (default 김기사)
  --session-ttl <s>    sign-in lifetime in seconds (default 43200)
  --link-rate <B/s>    limit the upload direction to this many bytes per second
  --chaos <p>          inject a random fault into this share of API requests (0..1)
  --seed <n>           seed for --chaos (default 1)
  --quiet              do not log each request
`);
  process.exit(0);
}

const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'signalcraft-reference-'));
const server = await startReferenceServer({
  dataDir,
  port: Number(values.port),
  host: values.host,
  users: [{ username: values.user, password: values.password, name: values.name }],
  sessionTtlMs: Number(values['session-ttl']) * 1000,
  admin: true,
  linkBytesPerSecond: values['link-rate'] ? Number(values['link-rate']) : null,
  log: values.quiet ? () => {} : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
});
if (values.chaos) {
  server.faults.setRandom({ probability: Number(values.chaos), kinds: FAULT_KINDS.filter((k): k is FaultKind => k !== 'expire_session'), seed: Number(values.seed) });
}

process.stdout.write(`Reference SignalCraft server at ${server.url}
Data folder: ${dataDir}
Sign in as "${values.user}" with password "${values.password}".
In the app: Settings > SignalCraft server address = ${server.url}, then Sync > Sign in.

Inspect and inject faults (examples):
  curl ${server.url}/__admin/state
  curl -X POST ${server.url}/__admin/faults -d '{"kind":"status503","times":3}'
  curl -X POST ${server.url}/__admin/faults -d '{"kind":"cut","method":"PATCH","times":2}'
  curl -X POST ${server.url}/__admin/faults -d '{"random":{"probability":0.3,"kinds":["status500","timeout","lose_response"],"seed":7}}'
  curl -X POST ${server.url}/__admin/expire-sessions
  curl -X POST ${server.url}/__admin/link -d '{"bytesPerSecond":65536}'
Fault kinds: ${FAULT_KINDS.join(', ')}
Press Ctrl+C to stop.
`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
