import type { SerialPortInfo } from './port-info';

/** Messages between the back end and the serial process (structured clone: bytes travel as Uint8Array). */
export type ToSerialChild =
  | { op: 'list'; id: number }
  | { op: 'open'; port: number; path: string; baudRate: number }
  | { op: 'write'; port: number; data: Uint8Array }
  | { op: 'close'; port: number }
  /** Firmware updates only (firmware-port.ts): the one time the app drives DTR and RTS, and changes speed. */
  | { op: 'signals'; port: number; req: number; dtr: boolean; rts: boolean }
  | { op: 'baud'; port: number; req: number; baudRate: number };

export type FromSerialChild =
  | { ev: 'ready'; pid: number }
  | { ev: 'list'; id: number; ports: SerialPortInfo[]; error: string | null }
  | { ev: 'opened'; port: number }
  | { ev: 'open-failed'; port: number; message: string }
  | { ev: 'data'; port: number; data: Uint8Array }
  | { ev: 'closed'; port: number; reason: string }
  /** The answer to `signals` or `baud`; `code` is the OS error code (ENOTTY: a port without modem lines). */
  | { ev: 'done'; port: number; req: number; error: string | null; code: string | null };
