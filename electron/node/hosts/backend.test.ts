import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName, ParamsIn, Result } from '../../../shared/contract';
import { testBackend } from '../testing/fixtures';

/**
 * The features are built separately; these tests check the wiring between them in backend.ts:
 * a closed visit is queued for upload, a deleted one leaves nothing queued and no PDFs behind.
 */
let backend: ReturnType<typeof testBackend>;
beforeEach(() => {
  backend = testBackend();
});
afterEach(() => backend.cleanup());

async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
  const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.result as Result<M>;
}

async function visit() {
  const site = await call('sites.create', { name: 'Wiring Mart' });
  const asset = await call('assets.create', { siteId: site.id, name: 'Showcase compressor', kind: 'compressor' });
  return call('sessions.create', { assetId: asset.id });
}

describe('feature wiring', () => {
  it('queues a visit for upload when the technician closes it, once', async () => {
    const session = await visit();
    expect((await call('sync.items', {})).filter((i) => i.sessionId === session.id)).toEqual([]);
    await call('sessions.update', { id: session.id, notes: 'Checked the condenser fan.' });
    expect(await call('sync.items', {})).toEqual([]);
    await call('sessions.update', { id: session.id, status: 'closed' });
    const queued = await call('sync.items', {});
    expect(queued.map((i) => [i.sessionId, i.state])).toEqual([[session.id, 'queued']]);
    await call('sessions.update', { id: session.id, notes: 'Also replaced the relay.' });
    expect(await call('sync.items', {})).toHaveLength(1);
  });

  it('deleting a queued visit drops its upload and its PDFs', async () => {
    const session = await visit();
    await call('sessions.update', { id: session.id, status: 'closed' });
    const report = await call('reports.create', { sessionId: session.id, language: 'ko' });
    const folder = path.join(backend.dataDir, 'reports', session.id);
    expect(fs.existsSync(folder)).toBe(true);
    await call('sessions.delete', { id: session.id });
    expect(await call('sync.items', {})).toEqual([]);
    expect(fs.existsSync(folder)).toBe(false);
    expect(report.sessionId).toBe(session.id);
  });
});
