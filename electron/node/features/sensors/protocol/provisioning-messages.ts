/**
 * Provisioning on the wire (docs/protocol.md, "Provisioning"): INFO (board facts, never a
 * credential), SET_NAME and SET_WIFI. The firmware's side is
 * firmware/components/signalcraft_core/src/commands.c.
 */

export interface InfoMessage {
  type: 'info';
  /** Bit 0 Wi-Fi credentials stored, 1 station connected, 2 access point on, 3 native USB. */
  flags: number;
  /** "aa:bb:cc:dd:ee:ff". */
  mac: string;
  flashBytes: number;
  /** The name a technician gave the sensor ("" when none). */
  name: string;
  firmwareVersion: string;
  model: string;
  chip: string;
  idfVersion: string;
  ip: string;
  /** The fallback access point's network name ("" when it has none). */
  apSsid: string;
}

export type ProvisioningCommand = { op: 'info' } | { op: 'set-name'; name: string } | { op: 'set-wifi'; ssid: string; password: string };

export const InfoFlag = { WIFI_CONFIGURED: 1, WIFI_CONNECTED: 2, AP_ACTIVE: 4, NATIVE_USB: 8 } as const;

/** Limits the firmware enforces (it answers BAD_ARGUMENTS beyond them). */
export const NAME_MAX_BYTES = 63;
export const SSID_MAX_BYTES = 32;
export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 63;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

function lengthPrefixed(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + 1 + p.length, 0));
  let at = 0;
  for (const part of parts) {
    if (part.length > 255) throw new RangeError('text field longer than 255 bytes');
    out[at] = part.length;
    out.set(part, at + 1);
    at += 1 + part.length;
  }
  return out;
}

/** Reads `count` u8-length strings from `bytes` at `at`; null when they run past the end. */
function readStrings(bytes: Uint8Array, at: number, count: number): { strings: string[]; end: number } | null {
  const strings: string[] = [];
  let p = at;
  for (let k = 0; k < count; k += 1) {
    if (p >= bytes.length) return null;
    const len = bytes[p]!;
    if (p + 1 + len > bytes.length) return null;
    strings.push(utf8Decoder.decode(bytes.subarray(p + 1, p + 1 + len)));
    p += 1 + len;
  }
  return { strings, end: p };
}

export function encodeProvisioningArgs(c: ProvisioningCommand): Uint8Array {
  switch (c.op) {
    case 'info':
      return new Uint8Array(0);
    case 'set-name':
      return lengthPrefixed([utf8.encode(c.name)]);
    case 'set-wifi':
      return lengthPrefixed([utf8.encode(c.ssid), utf8.encode(c.password)]);
  }
}

export function decodeProvisioningCommand(op: number, args: Uint8Array): ProvisioningCommand | null {
  switch (op) {
    case 7:
      return args.length === 0 ? { op: 'info' } : null;
    case 8: {
      const read = readStrings(args, 0, 1);
      return read && read.end === args.length ? { op: 'set-name', name: read.strings[0]! } : null;
    }
    case 9: {
      const read = readStrings(args, 0, 2);
      return read && read.end === args.length ? { op: 'set-wifi', ssid: read.strings[0]!, password: read.strings[1]! } : null;
    }
    default:
      return null;
  }
}

export function encodeInfo(m: InfoMessage): Uint8Array {
  const mac = m.mac.split(':').map((h) => Number.parseInt(h, 16));
  if (mac.length !== 6 || mac.some((b) => !(b >= 0 && b <= 255))) throw new RangeError('mac must be six hex bytes');
  const strings = lengthPrefixed([m.name, m.firmwareVersion, m.model, m.chip, m.idfVersion, m.ip, m.apSsid].map((s) => utf8.encode(s)));
  const out = new Uint8Array(14 + strings.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, m.flags >>> 0, true);
  out.set(mac, 4);
  view.setUint32(10, m.flashBytes >>> 0, true);
  out.set(strings, 14);
  return out;
}

export function decodeInfo(payload: Uint8Array): InfoMessage | null {
  if (payload.length < 14 + 7) return null;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const read = readStrings(payload, 14, 7);
  if (!read || read.end !== payload.length) return null;
  const [name, firmwareVersion, model, chip, idfVersion, ip, apSsid] = read.strings as [string, string, string, string, string, string, string];
  const mac = [...payload.subarray(4, 10)].map((b) => b.toString(16).padStart(2, '0')).join(':');
  return { type: 'info', flags: view.getUint32(0, true), mac, flashBytes: view.getUint32(10, true), name, firmwareVersion, model, chip, idfVersion, ip, apSsid };
}
