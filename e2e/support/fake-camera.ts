import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';

/**
 * A camera for Chromium that films a printed QR code: the code is made by the `qrcode` encoder and
 * written as a Y4M video (4:2:0, black modules on white paper, a grey desk around it), which
 * Chromium's fake capture device plays in a loop.
 */
export function qrY4m(text: string, file: string, options: { unreadable?: boolean } = {}, width = 640, height = 480, frames = 4): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor(Math.min(width, height) * 0.8 / (size + 2 * quiet));
  const side = (size + 2 * quiet) * scale;
  const x0 = Math.floor((width - side) / 2);
  const y0 = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 110);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const r = Math.floor(y / scale) - quiet;
      const c = Math.floor(x / scale) - quiet;
      // Unreadable: one finder pattern scraped off (for a picture of the camera still searching).
      const scraped = options.unreadable === true && r < 8 && c < 8;
      const dark = !scraped && r >= 0 && c >= 0 && r < size && c < size && qr.modules.get(r, c) === 1;
      luma[(y0 + y) * width + x0 + x] = dark ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
  return file;
}

/** Launch options for a Chromium whose camera shows a QR code of `text`, with no permission prompt. */
export function fakeQrCamera(text: string, options: { unreadable?: boolean } = {}) {
  const name = `${text.replace(/[^\w-]/g, '_')}${options.unreadable ? '-unreadable' : ''}.y4m`;
  const file = qrY4m(text, path.join(os.tmpdir(), 'scf-e2e-fake-camera', name), options);
  return {
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
    },
  };
}
