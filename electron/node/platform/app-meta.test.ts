import { describe, expect, it } from 'vitest';
import { unpackedPath } from './app-meta';

describe('unpackedPath', () => {
  it('points into app.asar.unpacked inside a packaged app, on POSIX and Windows paths', () => {
    expect(unpackedPath('/opt/SignalCraft Field/resources/app.asar/models')).toBe('/opt/SignalCraft Field/resources/app.asar.unpacked/models');
    expect(unpackedPath('C:\\Program Files\\SignalCraft Field\\resources\\app.asar\\dist\\node\\serial-child.js')).toBe(
      'C:\\Program Files\\SignalCraft Field\\resources\\app.asar.unpacked\\dist\\node\\serial-child.js',
    );
  });

  it('leaves paths outside a package alone, including folders merely named like it', () => {
    expect(unpackedPath('/work/app/models')).toBe('/work/app/models');
    expect(unpackedPath('/data/app.asar.unpacked/models')).toBe('/data/app.asar.unpacked/models');
    expect(unpackedPath('/data/my-app.asar-notes/x')).toBe('/data/my-app.asar-notes/x');
  });
});
