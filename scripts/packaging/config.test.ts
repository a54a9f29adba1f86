import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { Ajv } from 'ajv';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FUSE_WIRE_ORDER, loadBuilderConfig, REQUIRED_FUSES, ROOT } from './builder-config';

const config = loadBuilderConfig();
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  main: string;
  productName: string;
};

describe('electron-builder.yml', () => {
  it('is valid against the JSON schema electron-builder ships', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    // Options as electron-builder's own validator sets them (app-builder-lib/out/util/config/schemaValidator.js).
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a misspelt key is refused', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate({ ...config, electronFuse: { runAsNode: false } })).toBe(false);
    expect(validate({ ...config, electronFuses: { runAsNode: 'no' } })).toBe(false);
  });

  it('sets every fuse the release needs, and knows every fuse @electron/fuses has', () => {
    for (const [fuse, wanted] of Object.entries(REQUIRED_FUSES)) {
      expect(config.electronFuses[fuse], fuse).toBe(wanted);
    }
    // Every fuse of the wire is decided explicitly, none left to Electron's default.
    expect(Object.keys(config.electronFuses).sort()).toEqual([...FUSE_WIRE_ORDER].sort());
    // Our wire order matches the library's (the packaging e2e test reads the binary with it).
    const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(names.length).toBe(FUSE_WIRE_ORDER.length);
  });

  it('targets NSIS, dmg + zip with notarisation, AppImage + deb, and publishes to GitHub releases', () => {
    expect(config.appId).toBe('kr.signalcraft.field');
    expect(config.productName).toBe(pkg.productName);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.publish).toMatchObject({ provider: 'github', owner: 'signalcraft', repo: 'signalcraft-field' });
    // The updater runs in the packaged app, so it must be a production dependency.
    expect(pkg.dependencies['electron-updater']).toBeDefined();
    expect(pkg.dependencies.electron, 'electron is never a runtime dependency').toBeUndefined();
  });

  it('unpacks the native modules and the models from the asar archive', () => {
    for (const native of ['better-sqlite3', '@serialport/bindings-cpp', 'onnxruntime-node']) {
      expect(config.asarUnpack).toContain(`node_modules/${native}/**`);
      expect(pkg.dependencies[native.startsWith('@serialport') ? 'serialport' : native]).toBeDefined();
    }
    expect(config.asarUnpack).toContain('models/**');
    expect(config.files).toContain('models/**/*');
  });

  it('associates session archives with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'scfsession', mimeType: 'application/x-signalcraft-session' }),
    ]);
  });

  it('has the icons and entitlements it names, rendered from the current build/icon.svg', async () => {
    const svg = fs.readFileSync(path.join(ROOT, 'build', 'icon.svg'));
    const recorded = fs.readFileSync(path.join(ROOT, 'build', 'icon.svg.sha256'), 'utf8').trim();
    expect(recorded, 'build/icon.svg changed: run `npm run icons` and commit the PNGs').toBe(
      crypto.createHash('sha256').update(svg).digest('hex'),
    );
    for (const file of [config.win.icon, config.mac.icon]) {
      const meta = await sharp(path.join(ROOT, file)).metadata();
      expect([meta.width, meta.height, meta.format], file).toEqual([1024, 1024, 'png']);
    }
    const linuxIcons = fs.readdirSync(path.join(ROOT, config.linux.icon));
    for (const name of linuxIcons) {
      const size = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      const meta = await sharp(path.join(ROOT, config.linux.icon, name)).metadata();
      expect([meta.width, meta.height], name).toEqual([size, size]);
    }
    expect(linuxIcons).toContain('512x512.png');
    const plist = fs.readFileSync(path.join(ROOT, config.mac.entitlements), 'utf8');
    expect(plist).toContain('com.apple.security.device.audio-input');
    expect(plist).not.toContain('disable-library-validation');
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
  });
});
