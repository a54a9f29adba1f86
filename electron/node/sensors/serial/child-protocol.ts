import type { SerialPortInfo } from './port-info';

/** Messages between the back end and the serial process (structured clone: bytes travel as Uint8Array). */
export type ToSerialChild =
  | { op: 'list'; id: number }
  | { op: 'open'; port: number; path: string; baudRate: number }
  | { op: 'write'; port: number; data: Uint8Array }
  | { op: 'close'; port: number };

export type FromSerialChild =
  | { ev: 'ready'; pid: number }
  | { ev: 'list'; id: number; ports: SerialPortInfo[]; error: string | null }
  | { ev: 'opened'; port: number }
  | { ev: 'open-failed'; port: number; message: string }
  | { ev: 'data'; port: number; data: Uint8Array }
  | { ev: 'closed'; port: number; reason: string };
