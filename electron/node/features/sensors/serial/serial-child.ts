/**
 * The serial process: the only place the native serial binding is loaded. It crashes inside
 * worker threads (docs/field-facts.md §3) and a native crash here must not take the app down: the
 * back end supervises this process and restarts it (serial-host.ts). It only moves bytes; all
 * protocol work happens in the back end, the same code for serial and TCP.
 */
import { SerialPort } from 'serialport';
import { onParentMessage, postToParent } from '../../../platform/process/parent-port';
import type { FromSerialChild, ToSerialChild } from './child-protocol';
import type { SerialPortInfo } from './port-info';
import { listSysfsSerialPorts } from './sysfs-ports';

const ports = new Map<number, SerialPort>();
const COALESCE_MS = 4;
const send = (message: FromSerialChild) => postToParent(message);

async function list(): Promise<SerialPortInfo[]> {
  // Never SerialPort.list() on Linux: it spawns udevadm (see sysfs-ports.ts).
  if (process.platform === 'linux') return listSysfsSerialPorts();
  const found = await SerialPort.list();
  return found.map((p) => ({
    path: p.path,
    vendorId: p.vendorId?.toLowerCase() ?? null,
    productId: p.productId?.toLowerCase() ?? null,
    serialNumber: p.serialNumber ?? null,
    manufacturer: p.manufacturer ?? null,
    product: null,
  }));
}

function open(id: number, path: string, baudRate: number): void {
  // hupcl: false keeps DTR up when the port closes, and set() is never called: the ESP32's
  // auto-reset circuit resets the chip when RTS and DTR differ, so the lines are left as the
  // kernel raises them on open (both together, which does not reset).
  const port = new SerialPort({ path, baudRate, hupcl: false, autoOpen: false });
  port.open((error) => {
    if (error) {
      send({ ev: 'open-failed', port: id, message: error.message });
      return;
    }
    ports.set(id, port);
    send({ ev: 'opened', port: id });
  });
  // Coalesce what arrives within a few milliseconds into one message to the back end: a sensor
  // writes frame by frame, and one IPC message per frame costs more than the frames themselves.
  let pending: Buffer[] = [];
  let scheduled = false;
  port.on('data', (chunk: Buffer) => {
    pending.push(chunk);
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      send({ ev: 'data', port: id, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    }, COALESCE_MS);
  });
  let reason = 'closed';
  port.on('error', (error: Error) => {
    reason = error.message;
  });
  port.on('close', (error?: Error & { disconnected?: boolean }) => {
    if (!ports.has(id)) return;
    ports.delete(id);
    send({ ev: 'closed', port: id, reason: error?.disconnected ? 'device unplugged' : (error?.message ?? reason) });
  });
}

onParentMessage((raw) => {
  const message = raw as ToSerialChild;
  switch (message.op) {
    case 'list':
      list().then(
        (found) => send({ ev: 'list', id: message.id, ports: found, error: null }),
        (error: Error) => send({ ev: 'list', id: message.id, ports: [], error: error.message }),
      );
      break;
    case 'open':
      open(message.port, message.path, message.baudRate);
      break;
    case 'write':
      ports.get(message.port)?.write(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
      break;
    case 'signals':
    case 'baud': {
      const port = ports.get(message.port);
      const done = (error: (Error & { code?: string }) | null | undefined) =>
        send({ ev: 'done', port: message.port, req: message.req, error: error ? error.message : null, code: error?.code ?? null });
      if (!port) {
        done(Object.assign(new Error('the port is closed'), { code: 'ECLOSED' }));
        break;
      }
      // Both lines every time: serialport's set() puts any line left out back to its default.
      if (message.op === 'signals') port.set({ dtr: message.dtr, rts: message.rts }, done);
      else port.update({ baudRate: message.baudRate }, done);
      break;
    }
    case 'close': {
      const port = ports.get(message.port);
      if (!port) break;
      ports.delete(message.port);
      port.close(() => send({ ev: 'closed', port: message.port, reason: 'closed by the app' }));
      break;
    }
  }
});

// The back end went away (it crashed, or quit without closing us): nothing left to serve.
process.on('disconnect', () => process.exit(0));
send({ ev: 'ready', pid: process.pid });
