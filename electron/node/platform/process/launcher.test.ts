import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/fixtures';
import { nodeLauncher } from './launcher';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** Bundles a child entry the way scripts/build-node.mjs bundles real ones. */
function bundle(source: string): string {
  const entry = path.join(dir, `child-${Math.random().toString(36).slice(2)}.ts`);
  const out = entry.replace(/\.ts$/, '.mjs');
  fs.writeFileSync(entry, source);
  buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' });
  return out;
}

const portModule = JSON.stringify(path.resolve(import.meta.dirname, 'parent-port.ts'));

describe('nodeLauncher with parent-port', () => {
  it('carries structured messages, typed arrays included, both ways', async () => {
    const child = nodeLauncher(
      bundle(`import { onParentMessage, postToParent } from ${portModule};
        onParentMessage((m) => { const { samples } = m as { samples: Int16Array }; postToParent({ sum: samples.reduce((a, b) => a + b, 0), echo: samples }); });`),
      [],
    );
    const reply = await new Promise<{ sum: number; echo: Int16Array }>((resolve) => {
      child.onMessage((m) => resolve(m as { sum: number; echo: Int16Array }));
      child.send({ samples: Int16Array.of(1, 2, 3, -4) });
    });
    expect(reply.sum).toBe(2);
    expect(reply.echo).toBeInstanceOf(Int16Array);
    child.kill();
  });

  it('reports how a child ended', async () => {
    const child = nodeLauncher(bundle('process.exit(3);'), []);
    const code = await new Promise<number | null>((resolve) => child.onExit((c) => resolve(c)));
    expect(code).toBe(3);
  });
});
