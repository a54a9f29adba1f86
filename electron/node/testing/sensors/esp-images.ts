import { createHash } from 'node:crypto';
import { Rng } from '../../features/diagnosis';

/**
 * Firmware images in ESP-IDF's layout, made up for tests (there is no ESP-IDF here): an image
 * header (magic 0xE9, the chip id in the extended header), one segment that starts with the app
 * descriptor (magic 0xABCD5432, then the version string at +16), seeded filler, the checksum byte
 * at a 16-byte boundary and the appended SHA-256, as the second-stage bootloader checks them.
 */

const CHIP_ID = { esp32: 0, esp32s3: 9 } as const;
export const BOOTLOADER_AT = { esp32: 0x1000, esp32s3: 0x0 } as const;
export const PARTITIONS_AT = 0x8000;
export const APP_AT = 0x10000;

/** Filler a little like code: repeated runs, so it compresses as real images do (about 2:1). */
function filler(size: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const random = () => rng.next();
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) out[i] = random() < 0.5 ? (out[i - 16] ?? 0) : Math.floor(random() * 256);
  return out;
}

export function buildAppImage(options: { chip: keyof typeof CHIP_ID; version: string; size: number; seed: number; withDescriptor?: boolean }): Uint8Array {
  const segment = filler(Math.max(256, options.size), options.seed);
  if (options.withDescriptor !== false) {
    const desc = new DataView(segment.buffer);
    desc.setUint32(0, 0xabcd5432, true);
    segment.fill(0, 16, 48);
    segment.set(new TextEncoder().encode(options.version.slice(0, 31)), 16);
  }
  const body = 24 + 8 + segment.length;
  const total = Math.ceil((body + 1) / 16) * 16;
  const image = new Uint8Array(total + 32);
  const view = new DataView(image.buffer);
  image[0] = 0xe9;
  image[1] = 1; // segments
  image[2] = 2; // DIO
  image[3] = 0x20; // 4 MB, 40 MHz
  view.setUint32(4, 0x40080000, true);
  image[8] = 0xee;
  view.setUint16(12, CHIP_ID[options.chip], true);
  image[23] = 1; // SHA-256 appended
  view.setUint32(24, 0x3f400020, true);
  view.setUint32(28, segment.length, true);
  image.set(segment, 32);
  let checksum = 0xef;
  for (const b of segment) checksum ^= b;
  image[total - 1] = checksum;
  image.set(createHash('sha256').update(image.subarray(0, total)).digest(), total);
  return image;
}

/** A bootloader, a partition table and the app, at the offsets ESP-IDF gives them. */
export function buildImageSet(options: { chip: keyof typeof CHIP_ID; version: string; appSize?: number; seed?: number }): { offset: number; data: Uint8Array }[] {
  const seed = options.seed ?? 1;
  const partitions = new Uint8Array(3072).fill(0xff);
  partitions.set([0xaa, 0x50, 0x01, 0x02], 0);
  return [
    { offset: BOOTLOADER_AT[options.chip], data: buildAppImage({ chip: options.chip, version: 'bootloader', size: 20_000, seed: seed + 1, withDescriptor: false }) },
    { offset: PARTITIONS_AT, data: partitions },
    { offset: APP_AT, data: buildAppImage({ chip: options.chip, version: options.version, size: options.appSize ?? 60_000, seed: seed + 2 }) },
  ];
}

/** What the second-stage bootloader would start: the app's version, or null when nothing valid for this chip is there. */
export function readAppVersion(flash: Uint8Array, chip: keyof typeof CHIP_ID): string | null {
  const valid = (at: number): number | null => {
    if (flash[at] !== 0xe9 || at + 32 > flash.length) return null;
    const view = new DataView(flash.buffer, flash.byteOffset + at);
    if (view.getUint16(12, true) !== CHIP_ID[chip]) return null;
    const segment = view.getUint32(28, true);
    const total = Math.ceil((24 + 8 + segment + 1) / 16) * 16;
    if (at + total + 32 > flash.length) return null;
    const sha = createHash('sha256').update(flash.subarray(at, at + total)).digest();
    return Buffer.compare(sha, flash.subarray(at + total, at + total + 32)) === 0 ? at + 32 : null;
  };
  if (valid(BOOTLOADER_AT[chip]) === null || flash[PARTITIONS_AT] !== 0xaa) return null;
  const segment = valid(APP_AT);
  if (segment === null) return null;
  if (new DataView(flash.buffer, flash.byteOffset + segment).getUint32(0, true) !== 0xabcd5432) return null;
  const raw = flash.subarray(segment + 16, segment + 48);
  return new TextDecoder().decode(raw.subarray(0, raw.indexOf(0) === -1 ? 32 : raw.indexOf(0)));
}
