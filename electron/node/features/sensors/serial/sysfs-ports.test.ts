import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../testing/fixtures';
import { listSysfsSerialPorts } from './sysfs-ports';
import { esp32Bridge } from './usb-ids';

const { dir, cleanup } = tempDir('scf-sysfs-');
afterAll(cleanup);

/** Lays out the parts of /sys that matter, as the kernel does (links and attribute files). */
function fakeSysfs(root: string) {
  const sys = path.join(root, 'sys');
  const write = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(sys, p)), { recursive: true });
    fs.writeFileSync(path.join(sys, p), `${text}\n`);
  };
  const link = (target: string, at: string) => {
    fs.mkdirSync(path.dirname(path.join(sys, at)), { recursive: true });
    fs.symlinkSync(target, path.join(sys, at));
  };
  // A CP2102 board: usb-serial driver, ttyUSB0 under the interface under the USB device.
  const cp = 'devices/pci0000:00/0000:00:14.0/usb1/1-1';
  write(`${cp}/idVendor`, '10c4');
  write(`${cp}/idProduct`, 'ea60');
  write(`${cp}/serial`, '0001');
  write(`${cp}/manufacturer`, 'Silicon Labs');
  write(`${cp}/product`, 'CP2102 USB to UART Bridge Controller');
  fs.mkdirSync(path.join(sys, cp, '1-1:1.0/ttyUSB0/tty/ttyUSB0'), { recursive: true });
  link(`../../${cp}/1-1:1.0/ttyUSB0/tty/ttyUSB0`, 'class/tty/ttyUSB0');
  link('../../../ttyUSB0', `${cp}/1-1:1.0/ttyUSB0/tty/ttyUSB0/device`);
  // An ESP32-S3's native USB (cdc_acm): ttyACM0 under the interface directly.
  const s3 = 'devices/pci0000:00/0000:00:14.0/usb1/1-2';
  write(`${s3}/idVendor`, '303A');
  write(`${s3}/idProduct`, '1001');
  fs.mkdirSync(path.join(sys, s3, '1-2:1.0/tty/ttyACM0'), { recursive: true });
  link(`../../${s3}/1-2:1.0/tty/ttyACM0`, 'class/tty/ttyACM0');
  link('../../../1-2:1.0', `${s3}/1-2:1.0/tty/ttyACM0/device`);
  // A built-in UART (no USB ids) and a virtual console (no device at all).
  fs.mkdirSync(path.join(sys, 'devices/platform/serial8250/tty/ttyS0'), { recursive: true });
  link('../../devices/platform/serial8250/tty/ttyS0', 'class/tty/ttyS0');
  link('../..', 'devices/platform/serial8250/tty/ttyS0/device');
  fs.mkdirSync(path.join(sys, 'devices/virtual/tty/tty0'), { recursive: true });
  link('../../devices/virtual/tty/tty0', 'class/tty/tty0');
  return sys;
}

describe('serial ports from /sys/class/tty (no udevadm)', () => {
  it('finds USB serial ports with their ids, and skips ports without USB ids', () => {
    const sys = fakeSysfs(dir);
    expect(listSysfsSerialPorts(sys, '/dev')).toEqual([
      { path: '/dev/ttyACM0', vendorId: '303a', productId: '1001', serialNumber: null, manufacturer: null, product: null },
      {
        path: '/dev/ttyUSB0',
        vendorId: '10c4',
        productId: 'ea60',
        serialNumber: '0001',
        manufacturer: 'Silicon Labs',
        product: 'CP2102 USB to UART Bridge Controller',
      },
    ]);
  });

  it('answers an empty list where there is no /sys', () => {
    expect(listSysfsSerialPorts(path.join(dir, 'nowhere'))).toEqual([]);
  });

  it('recognises the ESP32 boards’ USB bridges, whatever the spelling of the ids', () => {
    expect(esp32Bridge('10C4', 'EA60')).toBe('Silicon Labs CP210x');
    expect(esp32Bridge('0x1a86', '0x7523')).toBe('WCH CH340');
    expect(esp32Bridge('303a', '2')).toBe('Espressif ESP32-S2 CDC');
    expect(esp32Bridge('046d', 'c52b')).toBeNull();
    expect(esp32Bridge(undefined, 'ea60')).toBeNull();
  });

  it('runs on this machine’s real /sys without throwing', () => {
    expect(Array.isArray(listSysfsSerialPorts())).toBe(true);
  });
});
