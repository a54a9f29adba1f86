import fs from 'node:fs';
import path from 'node:path';
import { FUSE_WIRE_ORDER } from '../../scripts/packaging/builder-config';

/** @electron/fuses finds the fuse wire after this marker in the Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;
const ON = 0x31;
const OFF = 0x30;

/** Electron's defaults (the fuses tutorial): what the binary carries before electron-builder flips anything. */
const ELECTRON_DEFAULTS: Record<(typeof FUSE_WIRE_ORDER)[number], boolean> = {
  runAsNode: true,
  enableCookieEncryption: false,
  enableNodeOptionsEnvironmentVariable: true,
  enableNodeCliInspectArguments: true,
  enableEmbeddedAsarIntegrityValidation: false,
  onlyLoadAppFromAsar: false,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: true,
};

/**
 * A stand-in for the Linux Electron distribution (the real one cannot be downloaded here): the
 * files electron-builder copies, and an "electron" executable that carries a fuse wire with
 * Electron's defaults exactly where @electron/fuses looks for it. electron-builder then packs the
 * real app around it, as it would around the real binary.
 */
export function makeStandInElectronDist(dir: string, version: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.from([
    FUSE_WIRE_VERSION,
    FUSE_WIRE_ORDER.length,
    ...FUSE_WIRE_ORDER.map((fuse) => (ELECTRON_DEFAULTS[fuse] ? ON : OFF)),
  ]);
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron: the real binary is downloaded on a release machine" >&2\nexit 1\n# '),
    Buffer.from(FUSE_SENTINEL),
    wire,
    Buffer.from('\n'),
  ]);
  fs.writeFileSync(path.join(dir, 'electron'), binary, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), version);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT (stand-in)\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  return dir;
}

/** Reads the fuse wire back from a (flipped) binary: fuse name to on/off. */
export function readFuses(binaryFile: string): Record<string, boolean> {
  const bytes = fs.readFileSync(binaryFile);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`${binaryFile} has no fuse wire`);
  const wire = at + FUSE_SENTINEL.length;
  const length = bytes[wire + 1]!;
  const fuses: Record<string, boolean> = {};
  for (let i = 0; i < length; i += 1) fuses[FUSE_WIRE_ORDER[i]!] = bytes[wire + 2 + i] === ON;
  return fuses;
}
