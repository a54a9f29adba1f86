import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SensorBoardInfo } from '../../../../../shared/contract/sensors';
import { esp32Bridge } from './usb-ids';

/**
 * Deciding whether a connected sensor may be flashed with the firmware images shipped with the
 * app (firmware/images, packaged as resources/firmware): only over USB, only a board recognised
 * from both its own INFO and its USB bridge, only with an image built for that chip whose files
 * match their checksums, and only when it is newer (unless the technician insists). Everything
 * else is refused with a reason a technician can act on. The writing itself is firmware-flasher.ts
 * (esptool-js, its bytes through the serial process), described in docs/protocol.md, "Sensor
 * firmware updates".
 */

export type Board = 'esp32' | 'esp32s3';

const ImageFile = z.object({ offset: z.number().int().min(0), file: z.string().regex(/^[\w.-]+\.bin$/), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export const FirmwareManifest = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(-[\w.]+)?$/),
  idfVersion: z.string(),
  images: z.array(z.object({ board: z.enum(['esp32', 'esp32s3']), files: z.array(ImageFile).min(1) })),
});
export type FirmwareManifest = z.infer<typeof FirmwareManifest>;

export type UpdateRefusal = 'not-usb' | 'unknown-board' | 'bridge-mismatch' | 'no-images' | 'no-image' | 'bad-image' | 'up-to-date';
export type UpdatePlan =
  | { kind: 'flash'; board: Board; from: string; to: string; files: { offset: number; path: string }[] }
  | { kind: 'refuse'; reason: UpdateRefusal; message: string };

/** The manifest next to the images, or null when the app was built without them. Throws on a damaged one. */
export function readFirmwareManifest(dir: string): FirmwareManifest | null {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return null;
  const parsed = FirmwareManifest.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`The firmware manifest ${file} is damaged: ${parsed.error.issues[0]?.message ?? 'unreadable'}. Reinstall the app.`);
  return parsed.data;
}

/** Which board this is, from what it says (INFO) and how it is plugged in (its USB bridge). */
export function recognizeBoard(info: Pick<SensorBoardInfo, 'chip' | 'model'>, usb: { vendorId: string | null; productId: string | null } | null): Board | 'bridge-mismatch' | null {
  if (!info.model.startsWith('SignalCraft')) return null;
  const board: Board | null = /^ESP32-S3 rev /.test(info.chip) ? 'esp32s3' : /^ESP32 rev /.test(info.chip) ? 'esp32' : null;
  if (board === null || usb === null) return board;
  const bridge = esp32Bridge(usb.vendorId ?? undefined, usb.productId ?? undefined);
  if (bridge === null) return 'bridge-mismatch';
  const native = bridge.startsWith('Espressif');
  // The S3 is flashed through its native USB; the WROOM-32 has no native USB at all.
  return (board === 'esp32s3') === native ? board : 'bridge-mismatch';
}

/** Semantic version order; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i += 1) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

export function planFirmwareUpdate(params: {
  info: SensorBoardInfo;
  usb: { vendorId: string | null; productId: string | null } | null;
  imagesDir: string;
  force?: boolean;
}): UpdatePlan {
  const { info } = params;
  const refuse = (reason: UpdateRefusal, message: string): UpdatePlan => ({ kind: 'refuse', reason, message });
  if (!info.canProvision) return refuse('not-usb', `Sensor ${info.deviceId} is connected over the network. Connect it by USB to update its firmware.`);
  const board = recognizeBoard(info, params.usb);
  if (board === null) {
    return refuse('unknown-board', `Sensor ${info.deviceId} is not a board this app can update (it reports "${info.chip}", "${info.model}"). Nothing was written.`);
  }
  if (board === 'bridge-mismatch') {
    return refuse('bridge-mismatch', `Sensor ${info.deviceId} says it is "${info.chip}", but its USB connection belongs to another board. Nothing was written.`);
  }
  let manifest: FirmwareManifest | null;
  try {
    manifest = readFirmwareManifest(params.imagesDir);
  } catch (error) {
    return refuse('bad-image', (error as Error).message);
  }
  if (manifest === null) return refuse('no-images', 'This copy of the app was built without sensor firmware images.');
  const image = manifest.images.find((i) => i.board === board);
  if (!image) return refuse('no-image', `This app has no firmware image for ${board === 'esp32s3' ? 'ESP32-S3' : 'ESP32'} sensors.`);
  if (!params.force && compareVersions(manifest.version, info.firmwareVersion) <= 0) {
    return refuse('up-to-date', `Sensor ${info.deviceId} runs firmware ${info.firmwareVersion}; this app carries ${manifest.version}. Nothing to do.`);
  }
  const files: { offset: number; path: string }[] = [];
  for (const f of image.files) {
    const file = path.join(params.imagesDir, f.file);
    const ok = fs.existsSync(file) && createHash('sha256').update(fs.readFileSync(file)).digest('hex') === f.sha256;
    if (!ok) return refuse('bad-image', `The firmware image ${f.file} is missing or damaged. Reinstall the app; nothing was written.`);
    files.push({ offset: f.offset, path: file });
  }
  return { kind: 'flash', board, from: info.firmwareVersion, to: manifest.version, files };
}
