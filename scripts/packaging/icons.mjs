// `npm run icons`: renders build/icon.svg into the PNGs electron-builder packs (it makes the .ico
// and .icns from them). Run it after changing the SVG and commit the PNGs; a test checks that they
// were rendered from the current SVG (the SVG's hash is written next to them).
// sharp (libvips, prebuilt from npm, no install script) renders SVG reliably at any size.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(import.meta.dirname, '..', '..');
const build = path.join(root, 'build');
const svgFile = path.join(build, 'icon.svg');
const svg = fs.readFileSync(svgFile);

/** Linux desktop icon sizes (hicolor theme); Windows and macOS take the 1024 px master. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

async function render(size, file, { padding = 0 } = {}) {
  const inner = size - 2 * padding;
  const image = sharp(svg, { density: Math.ceil((72 * inner) / 64) + 1 }).resize(inner, inner);
  const png = padding
    ? await sharp({ create: { width: size, height: size, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
        .composite([{ input: await image.png().toBuffer(), top: padding, left: padding }])
        .png({ compressionLevel: 9 })
        .toBuffer()
    : await image.png({ compressionLevel: 9 }).toBuffer();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png);
}

await render(1024, path.join(build, 'icon.png'));
// macOS icons sit inside Apple's grid: 824 px of artwork centred on a 1024 px canvas.
await render(1024, path.join(build, 'mac', 'icon.png'), { padding: 100 });
for (const size of LINUX_SIZES) await render(size, path.join(build, 'icons', `${size}x${size}.png`));

const hash = crypto.createHash('sha256').update(svg).digest('hex');
fs.writeFileSync(path.join(build, 'icon.svg.sha256'), `${hash}\n`);
console.log(`icons rendered from build/icon.svg (sha256 ${hash.slice(0, 12)}…)`);
