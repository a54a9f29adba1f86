import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The UI loads Mantine's stylesheets one component at a time (renderer/src/app/mantine-styles.ts).
 * A component used without its stylesheet renders unstyled, which no type check catches: this
 * test does, by reading every Mantine import in the renderer.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const STYLES = path.join(ROOT, 'node_modules/@mantine/core/styles');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('Mantine stylesheets', () => {
  const loaded = fs.readFileSync(path.join(ROOT, 'renderer/src/app/mantine-styles.ts'), 'utf8');
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'renderer/src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]+)\}\s*from\s*'@mantine\/core'/g)) {
      for (const name of m[1]!.split(',').map((n) => n.replace(/^\s*type\s+/, '').trim())) if (name) used.add(name);
    }
  }

  it('finds the components the UI uses', () => {
    expect(used.has('Button')).toBe(true);
    expect(used.has('Table')).toBe(true);
  });

  it('loads the stylesheet of every component that has one', () => {
    const missing = [...used].filter((name) => fs.existsSync(path.join(STYLES, `${name}.css`)) && !loaded.includes(`'@mantine/core/styles/${name}.css'`));
    expect(missing).toEqual([]);
  });

  it('no longer loads the whole library', () => {
    const main = fs.readFileSync(path.join(ROOT, 'renderer/src/main.tsx'), 'utf8');
    expect(main).not.toContain("'@mantine/core/styles.css'");
  });
});
