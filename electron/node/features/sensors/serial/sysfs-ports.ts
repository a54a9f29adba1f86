import fs from 'node:fs';
import path from 'node:path';
import type { SerialPortInfo } from './port-info';

/**
 * Lists USB serial ports on Linux from /sys/class/tty, the way udev would, without udevadm:
 * serialport's own list() spawns udevadm, and where it is missing the failure escapes its promise
 * and kills the process (docs/field-facts.md §3). Each tty with a `device` link is followed up the
 * device tree to the USB device that carries idVendor and idProduct.
 *
 * `sysRoot` and `devDir` are parameters so tests can point them at a tree of their own.
 */
export function listSysfsSerialPorts(sysRoot = '/sys', devDir = '/dev'): SerialPortInfo[] {
  const classDir = path.join(sysRoot, 'class', 'tty');
  let names: string[];
  try {
    names = fs.readdirSync(classDir);
  } catch {
    return [];
  }
  const ports: SerialPortInfo[] = [];
  for (const name of names.sort()) {
    let deviceDir: string;
    try {
      deviceDir = fs.realpathSync(path.join(classDir, name, 'device'));
    } catch {
      continue; // virtual terminals and ptys have no device
    }
    const usb = findUsbDevice(deviceDir, sysRoot);
    if (usb === null) continue;
    ports.push({ path: path.join(devDir, name), ...usb });
  }
  return ports;
}

function findUsbDevice(start: string, sysRoot: string): Omit<SerialPortInfo, 'path'> | null {
  const stop = path.resolve(sysRoot);
  let dir = start;
  for (let depth = 0; depth < 8 && dir.startsWith(stop) && dir !== stop; depth += 1) {
    const vendorId = readAttr(dir, 'idVendor');
    const productId = readAttr(dir, 'idProduct');
    if (vendorId !== null && productId !== null) {
      return {
        vendorId: vendorId.toLowerCase(),
        productId: productId.toLowerCase(),
        serialNumber: readAttr(dir, 'serial'),
        manufacturer: readAttr(dir, 'manufacturer'),
        product: readAttr(dir, 'product'),
      };
    }
    dir = path.dirname(dir);
  }
  return null;
}

function readAttr(dir: string, name: string): string | null {
  try {
    const value = fs.readFileSync(path.join(dir, name), 'utf8').trim();
    return value === '' ? null : value;
  } catch {
    return null;
  }
}
