import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '@sentry/core';

/** Envelopes kept while offline; the oldest are dropped beyond this. */
export const MAX_QUEUED = 30;

/**
 * Sentry's offline transport keeps envelopes that could not be sent in a store and retries them
 * later (also after a restart, with `flushAtStartup`). @sentry/node has no store on disk, so this
 * is one: a file per envelope in the data folder, named so that they sort in sending order.
 */
export function fileOfflineStore(dir: string, maxQueued = MAX_QUEUED) {
  const list = () => {
    try {
      return fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.envelope'))
        .sort();
    } catch {
      return [];
    }
  };
  // @sentry/core is loaded only when a report is stored or sent, never at start-up.
  const core = () => import('@sentry/core');
  // Writes still under way: settled() lets a flush before exit wait for them.
  const writing = new Set<Promise<void>>();
  const write = (name: string, envelope: Envelope): Promise<void> => {
    const done = core().then(({ serializeEnvelope }) => {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name);
      fs.writeFileSync(`${file}.partial`, serializeEnvelope(envelope));
      fs.renameSync(`${file}.partial`, file);
    });
    writing.add(done);
    void done.finally(() => writing.delete(done)).catch(() => undefined);
    return done;
  };
  const stamp = (n: number) => `${String(n).padStart(15, '0')}-${crypto.randomBytes(4).toString('hex')}.envelope`;
  return {
    push: async (envelope: Envelope): Promise<void> => {
      await write(stamp(Date.now()), envelope);
      const names = list();
      for (const old of names.slice(0, Math.max(0, names.length - maxQueued))) fs.rmSync(path.join(dir, old), { force: true });
    },
    unshift: async (envelope: Envelope): Promise<void> => {
      const first = list()[0];
      const before = first ? Number(first.split('-')[0]) - 1 : Date.now();
      await write(stamp(Math.max(0, before)), envelope);
    },
    shift: async (): Promise<Envelope | undefined> => {
      const { parseEnvelope } = await core();
      for (const name of list()) {
        const file = path.join(dir, name);
        try {
          const envelope = parseEnvelope(fs.readFileSync(file));
          fs.rmSync(file, { force: true });
          return envelope;
        } catch {
          fs.rmSync(file, { force: true }); // unreadable: drop it rather than retry it forever
        }
      }
      return undefined;
    },
    count: (): number => list().length,
    /** Resolves when every report handed to the store is on disk. */
    settled: async (): Promise<void> => {
      await Promise.allSettled([...writing]);
    },
    clear: (): void => {
      for (const name of list()) fs.rmSync(path.join(dir, name), { force: true });
    },
  };
}
