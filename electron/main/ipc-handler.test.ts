import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { testBackend } from '../node/testing/fixtures';
import { handleIpcCall, type InvokeEventLike, isTrustedSender } from './ipc-handler';

/**
 * The Electron binary cannot run here, so these tests hand the main-process handler events of the
 * same shape Electron's IpcMainInvokeEvent has (senderFrame with its URL, sender.mainFrame). The
 * Electron e2e suite (e2e/electron) exercises the same handler through the real IPC.
 */
function eventFrom(url: string, options: { subFrame?: boolean; noFrame?: boolean } = {}): InvokeEventLike {
  const mainFrame = { url };
  const frame = options.subFrame ? { url } : mainFrame;
  return { senderFrame: options.noFrame ? null : frame, sender: { mainFrame } } as unknown as InvokeEventLike;
}

let backend: ReturnType<typeof testBackend>;
beforeAll(() => {
  backend = testBackend();
});
afterAll(() => backend.cleanup());

describe('isTrustedSender', () => {
  it('trusts only the top frame of the app:// origin', () => {
    expect(isTrustedSender(eventFrom('app://signalcraft/index.html'))).toBe(true);
    expect(isTrustedSender(eventFrom('app://signalcraft/#/sites'))).toBe(true);
    expect(isTrustedSender(eventFrom('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(eventFrom('app://other-host/'))).toBe(false);
    expect(isTrustedSender(eventFrom('file:///etc/passwd'))).toBe(false);
    expect(isTrustedSender(eventFrom('app://signalcraft/', { subFrame: true }))).toBe(false);
    expect(isTrustedSender(eventFrom('app://signalcraft/', { noFrame: true }))).toBe(false);
    expect(isTrustedSender(eventFrom('not a url'))).toBe(false);
  });
});

describe('handleIpcCall', () => {
  const trusted = eventFrom('app://signalcraft/');

  it('refuses an untrusted sender before looking at the payload', async () => {
    const outcome = await handleIpcCall(eventFrom('https://evil.example/'), { method: 'sites.list', params: {} }, backend.dispatcher);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('answers a malformed envelope with invalid_request', async () => {
    for (const message of [null, undefined, 42, 'sites.list', [], { params: {} }]) {
      expect(await handleIpcCall(trusted, message, backend.dispatcher)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
  });

  it('answers malformed params for every method with structured errors', async () => {
    for (const method of METHOD_NAMES) {
      for (const params of [42, 'x', [], { surprise: true }]) {
        const outcome = await handleIpcCall(trusted, { method, params }, backend.dispatcher);
        expect(outcome, `${method} ${JSON.stringify(params)}`).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
      }
    }
  });

  it('carries a valid call to the back end', async () => {
    const outcome = await handleIpcCall(trusted, { method: 'sites.create', params: { name: 'Via IPC' } }, backend.dispatcher);
    expect(outcome).toMatchObject({ ok: true, result: { name: 'Via IPC' } });
  });
});
