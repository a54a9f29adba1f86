import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType, resolveAppFile } from './app-files';

const root = path.resolve('/opt/signalcraft/dist/renderer');

describe('resolveAppFile', () => {
  it('serves index.html for the root and files below the UI folder', () => {
    expect(resolveAppFile('app://signalcraft/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://signalcraft/assets/index-abc.js', root)).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile('app://signalcraft/assets/a%20b.css?x=1#y', root)).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it('never resolves outside the UI folder, however the path is written', () => {
    for (const url of ['app://signalcraft/../../etc/passwd', 'app://signalcraft/%2e%2e/%2e%2e/etc/passwd', 'app://signalcraft/a/..%2f..%2f..%2fx']) {
      const file = resolveAppFile(url, root);
      expect(file === null || file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
  });

  it('refuses encoded escapes, NUL bytes, broken encodings and other hosts', () => {
    for (const url of [
      'app://signalcraft/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://signalcraft/%00index.html',
      'app://signalcraft/%E0%A4%A',
      'app://elsewhere/index.html',
      'nonsense',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });

  it('labels the types the UI uses', () => {
    expect(contentType('x.js')).toMatch(/javascript/);
    expect(contentType('x.css')).toMatch(/css/);
    expect(contentType('x.html')).toMatch(/html/);
    expect(contentType('x.bin')).toBe('application/octet-stream');
  });
});
