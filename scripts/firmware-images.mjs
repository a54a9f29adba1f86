// `node scripts/firmware-images.mjs`: after `idf.py build` in firmware/, copies the images named in
// firmware/build/flasher_args.json into firmware/images/ (one set per chip) and (re)writes
// manifest.json with their flash offsets and SHA-256, for the app to ship and check.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const build = path.join(root, 'firmware', 'build');
const out = path.join(root, 'firmware', 'images');
const argsFile = path.join(build, 'flasher_args.json');
if (!fs.existsSync(argsFile)) {
  console.error(`No ${path.relative(root, argsFile)}: build the firmware first (firmware/README.md, "Building and flashing").`);
  process.exit(1);
}
const args = JSON.parse(fs.readFileSync(argsFile, 'utf8'));
const chip = args.extra_esptool_args?.chip;
if (chip !== 'esp32' && chip !== 'esp32s3') {
  console.error(`The build is for "${chip}"; the app ships images for esp32 and esp32s3 only.`);
  process.exit(1);
}
const version = /#define FIRMWARE_VERSION "([^"]+)"/.exec(fs.readFileSync(path.join(root, 'firmware', 'main', 'main.c'), 'utf8'))?.[1];
const idfVersion = fs.readFileSync(path.join(root, 'firmware', 'IDF_VERSION'), 'utf8').trim();
const files = Object.entries(args.flash_files).map(([offset, rel]) => {
  const name = `${chip}-${path.basename(rel)}`;
  const bytes = fs.readFileSync(path.join(build, rel));
  fs.writeFileSync(path.join(out, name), bytes);
  return { offset: Number.parseInt(offset, 16), file: name, sha256: createHash('sha256').update(bytes).digest('hex') };
});
const manifestFile = path.join(out, 'manifest.json');
const manifest = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : { images: [] };
if (manifest.version && manifest.version !== version) manifest.images = []; // a new version: old chips' images are stale
manifest.version = version;
manifest.idfVersion = idfVersion;
manifest.images = [...manifest.images.filter((i) => i.board !== chip), { board: chip, files }];
fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`firmware ${version} for ${chip}: ${files.length} images in ${path.relative(root, out)}`);
