import fs from 'node:fs';
import path from 'node:path';
import { fc } from '../node/testing/fuzz-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { ApiErrorBody, METHOD_NAMES, methods, type MethodName, type Outcome } from '../../shared/contract';
import { silentLogger } from '../node/platform/logging/log';
import { startServer, type RunningServer } from '../node/hosts/serve/server';
import { tempDir, testBackend } from '../node/testing/fixtures';
import { arbitraryFor, hostileValue, type JsonSchema, mutated } from '../node/testing/schema-arbitrary';
import { handleIpcCall, type InvokeEventLike } from './ipc-handler';

/**
 * Random and hostile payloads for every method of the contract, over both transports: the
 * WebSocket of serve mode (JSON text through the real server) and the Electron IPC handler
 * function (structured-clone values, which carry more types than JSON). Payloads are valid ones
 * made from each method's schema, the same with one thing broken, and plain garbage.
 *
 * Whatever arrives, the back end must answer with a well-formed outcome, never fail with an
 * unexpected error (`internal` means a handler threw something it did not mean to), keep its
 * prototypes clean, keep its database intact, and keep serving.
 */
const RUNS_PER_METHOD = Number(process.env.FUZZ_RUNS ?? 40);
// Slow by nature (probing native modules, zipping logs): fewer runs, same properties.
const SLOW = new Set<string>(['health.get', 'diagnostics.export', 'updates.check']);

const OutcomeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }).strict(),
  // The contract's own error body (a reason and its values included), and nothing else.
  z.object({ ok: z.literal(false), error: ApiErrorBody.extend({ message: z.string().min(1) }).strict() }).strict(),
]);

let backend: ReturnType<typeof testBackend>;
let ui: ReturnType<typeof tempDir>;
let server: RunningServer;
let socket: WebSocket;
let knownIds: string[] = [];
const pending = new Map<number, (outcome: Outcome) => void>();
let nextId = 1;

const trusted = (() => {
  const mainFrame = { url: 'app://signalcraft/index.html' };
  return { senderFrame: mainFrame, sender: { mainFrame } } as unknown as InvokeEventLike;
})();

beforeAll(async () => {
  backend = testBackend();
  ui = tempDir('scf-fuzz-ui-');
  fs.writeFileSync(path.join(ui.dir, 'index.html'), '<!doctype html><title>fuzz</title>');
  server = await startServer({ backend, log: silentLogger(), rendererDir: ui.dir, port: 0, lan: false });
  socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`);
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id: number } & Outcome;
    if (message.type !== 'result') return;
    const { type: _type, id, ...outcome } = message;
    pending.get(id)?.(outcome as Outcome);
    pending.delete(id);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  // Rows to aim at, so that generated ids sometimes hit something.
  const site = await backend.dispatcher.dispatch('sites.create', { name: 'Fuzz Mart', customerName: 'Fuzz Co' }, { transport: 'test' });
  const siteId = (site as { result: { id: string } }).result.id;
  const asset = await backend.dispatcher.dispatch('assets.create', { siteId, name: 'Fuzz compressor', kind: 'compressor', assetTag: 'FZ-1' }, { transport: 'test' });
  knownIds = [siteId, (asset as { result: { id: string } }).result.id];
}, 30_000);

afterAll(async () => {
  socket?.close();
  await server?.close();
  await backend?.cleanup();
  ui?.cleanup();
});

function overWebSocket(method: unknown, params: unknown): Promise<Outcome> {
  const id = nextId++;
  return new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${String(method)} over the WebSocket`)), 10_000);
    pending.set(id, (outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    });
    socket.send(JSON.stringify({ type: 'call', id, method, params }));
  });
}

function overIpc(method: unknown, params: unknown): Promise<Outcome> {
  return handleIpcCall(trusted, { method, params }, backend.dispatcher);
}

const transports: [string, (method: unknown, params: unknown) => Promise<Outcome>][] = [
  ['WebSocket', overWebSocket],
  ['IPC', overIpc],
];

function expectSound(outcome: Outcome, what: string): void {
  const parsed = OutcomeSchema.safeParse(outcome);
  expect(parsed.success, `${what}: malformed outcome ${JSON.stringify(outcome).slice(0, 300)}`).toBe(true);
  if (!outcome.ok) expect(outcome.error.code, `${what}: ${outcome.error.message}`).not.toBe('internal');
  expect(({} as Record<string, unknown>).polluted, `${what}: Object.prototype was polluted`).toBeUndefined();
}

function payloads(method: MethodName): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(methods[method].params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const valid = arbitraryFor(schema, { knownIds });
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 3, arbitrary: mutated(valid) }, { weight: 1, arbitrary: hostileValue() });
}

describe('every contract method survives random and hostile payloads', () => {
  for (const [name, send] of transports) {
    describe(`over ${name}`, () => {
      for (const method of METHOD_NAMES) {
        it(method, async () => {
          await fc.assert(
            fc.asyncProperty(payloads(method), async (params) => {
              expectSound(await send(method, params), `${name} ${method}(${JSON.stringify(params)?.slice(0, 200)})`);
            }),
            { numRuns: SLOW.has(method) ? 4 : RUNS_PER_METHOD, endOnFailure: true },
          );
        }, 60_000);
      }
    });
  }

  it('the IPC handler also takes what structured clone can carry and JSON cannot', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHOD_NAMES),
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, withObjectString: true }),
        async (method, params) => {
          if (SLOW.has(method)) return;
          expectSound(await overIpc(method, params), `IPC ${method}`);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('unknown methods and broken envelopes get structured refusals on both transports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'sites.list ', 'SITES.LIST')), async (method) => {
        if ((METHOD_NAMES as string[]).includes(method)) return;
        for (const [name, send] of transports) {
          const outcome = await send(method, {});
          expectSound(outcome, `${name} ${method}`);
          // An empty or over-long name is not even a call envelope (WebSocket): invalid_request.
          expect(outcome.ok === false && ['unknown_method', 'invalid_request'].includes(outcome.error.code), `${name} ${JSON.stringify(outcome)}`).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
    for (const envelope of [null, 42, 'sites.list', [], { params: {} }, { method: null }]) {
      const outcome = await handleIpcCall(trusted, envelope, backend.dispatcher);
      expect(outcome).toMatchObject({ ok: false });
    }
  });

  it('an untrusted sender is refused whatever it sends', async () => {
    const evil = (() => {
      const mainFrame = { url: 'https://evil.example/' };
      return { senderFrame: mainFrame, sender: { mainFrame } } as unknown as InvokeEventLike;
    })();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHOD_NAMES), hostileValue(), async (method, params) => {
        const outcome = await handleIpcCall(evil, { method, params }, backend.dispatcher);
        expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }),
      { numRuns: 100 },
    );
  });

  it('afterwards: still serving, database intact, prototypes clean', async () => {
    for (const [, send] of transports) expect(await send('app.info', {})).toMatchObject({ ok: true });
    expect(backend.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(backend.db.pragma('foreign_key_check')).toEqual([]);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
