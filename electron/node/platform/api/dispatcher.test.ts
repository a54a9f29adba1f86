import { fc } from '../../testing/fuzz-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, METHOD_NAMES, methods, type Outcome } from '../../../../shared/contract';
import { silentLogger } from '../logging/log';
import { explainSqliteError } from '../storage/errors';
import { testBackend } from '../../testing/fixtures';
import { Dispatcher, type Handlers } from './dispatcher';

let backend: ReturnType<typeof testBackend>;
beforeAll(() => {
  backend = testBackend();
});
afterAll(() => backend.cleanup());

const call = (method: unknown, params: unknown) => backend.dispatcher.dispatch(method, params, { transport: 'test' });

/** Payloads no handler should accept as they are. */
const HOSTILE: unknown[] = [
  42,
  'sites',
  true,
  [],
  [{ id: 1 }],
  { unexpected: 1 },
  { id: 'not-an-id' },
  { id: 42 },
  { id: null },
  { id: '01900000-0000-7000-8000-000000000001', extra: true },
  { name: '' },
  { name: 'x'.repeat(10_000) },
  { name: { $ne: null } },
  { query: { $gt: '' } },
  { limit: -1 },
  { limit: 1e9 },
  { tag: '' },
  { tag: 'x'.repeat(1000) },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { siteId: "'; DROP TABLE sites; --" },
  { language: 'klingon' },
  { serverUrl: 'javascript:alert(1)' },
];

function expectStructuredError(outcome: Outcome, code: ErrorCode): void {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.error.code).toBe(code);
  expect(outcome.error.message.length).toBeGreaterThan(10);
  expect(ErrorCode.options).toContain(outcome.error.code);
}

describe('every handler of the contract, given malformed payloads', () => {
  for (const method of METHOD_NAMES) {
    it(`${method} answers each one with a structured error, or accepts only what its schema accepts`, async () => {
      let rejected = 0;
      for (const payload of HOSTILE) {
        const accepted = methods[method].params.safeParse(payload).success;
        const outcome = await call(method, payload);
        if (accepted) {
          // The schema allows it (e.g. a search with no query): it must then simply work.
          expect(outcome.ok, `${method} ${JSON.stringify(payload)}`).toBe(true);
        } else {
          expectStructuredError(outcome, 'invalid_params');
          rejected += 1;
        }
      }
      // Non-objects are never valid params.
      expect(rejected).toBeGreaterThanOrEqual(5);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });
  }

  it('names the offending field', async () => {
    const outcome = await call('assets.create', {
      siteId: '01900000-0000-7000-8000-000000000001',
      name: 'Compressor',
      kind: 'spaceship',
    });
    expectStructuredError(outcome, 'invalid_params');
    expect(!outcome.ok && outcome.error.field).toBe('kind');
    const nested = await call('sites.update', { id: '01900000-0000-7000-8000-000000000001', site: { name: '' } });
    expect(!nested.ok && nested.error.field).toBe('site.name');
  });

  it('answers unknown and prototype method names with unknown_method', async () => {
    for (const method of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'sites.list ', '', 42, null, {}]) {
      expectStructuredError(await call(method, {}), 'unknown_method');
    }
  });

  it('never throws and always answers a well-formed outcome, whatever arrives (property test)', async () => {
    const methodArb = fc.oneof(fc.constantFrom(...METHOD_NAMES), fc.string(), fc.anything());
    await fc.assert(
      fc.asyncProperty(methodArb, fc.anything({ withObjectString: true, withNullPrototype: true }), async (method, params) => {
        const outcome = await call(method, params);
        expect(typeof outcome.ok).toBe('boolean');
        if (!outcome.ok) expect(ErrorCode.options).toContain(outcome.error.code);
      }),
      { numRuns: 400 },
    );
  });
});

describe('Dispatcher', () => {
  const fakeHandlers = (overrides: Partial<Handlers>) => overrides as Handlers;

  it('hides the detail of an unexpected failure and keeps serving', async () => {
    const dispatcher = new Dispatcher(
      fakeHandlers({
        'sites.list': () => {
          throw new Error('SELECT secret FROM internals');
        },
      }),
      silentLogger(),
    );
    const outcome = await dispatcher.dispatch('sites.list', {}, { transport: 'test' });
    expectStructuredError(outcome, 'internal');
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });

  it('catches a handler answering outside the contract when results are validated', async () => {
    const dispatcher = new Dispatcher(
      fakeHandlers({ 'sites.list': () => [{ id: 'not a site' }] as never }),
      silentLogger(),
      { validateResults: true },
    );
    expectStructuredError(await dispatcher.dispatch('sites.list', {}, { transport: 'test' }), 'internal');
  });

  it('turns a storage failure into a storage_error a person can act on', async () => {
    const dispatcher = new Dispatcher(
      fakeHandlers({
        'sites.list': () => {
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        },
      }),
      silentLogger(),
      { explainError: (e) => explainSqliteError(e, '/data/signalcraft.db') },
    );
    const outcome = await dispatcher.dispatch('sites.list', {}, { transport: 'test' });
    expectStructuredError(outcome, 'storage_error');
    expect(!outcome.ok && outcome.error.message).toMatch(/disk .* is full/);
  });
});
