/**
 * USB bridges found on ESP32 boards (docs/field-facts.md §2). A port with one of these ids is
 * asked who it is (HELLO); other serial ports are left alone unless the technician adds them.
 */
export const ESP32_USB_BRIDGES: readonly { vendorId: string; productId: string; name: string }[] = [
  { vendorId: '10c4', productId: 'ea60', name: 'Silicon Labs CP210x' },
  { vendorId: '1a86', productId: '7523', name: 'WCH CH340' },
  { vendorId: '1a86', productId: '55d4', name: 'WCH CH9102' },
  { vendorId: '0403', productId: '6001', name: 'FTDI FT232R' },
  { vendorId: '0403', productId: '6015', name: 'FTDI FT231X' },
  { vendorId: '303a', productId: '1001', name: 'Espressif USB-Serial/JTAG' },
  { vendorId: '303a', productId: '0002', name: 'Espressif ESP32-S2 CDC' },
];

/** The bridge's name when vendorId:productId (hex, any case, with or without 0x) is an ESP32 board's, else null. */
export function esp32Bridge(vendorId: string | undefined, productId: string | undefined): string | null {
  if (!vendorId || !productId) return null;
  const norm = (v: string) => v.toLowerCase().replace(/^0x/, '').padStart(4, '0');
  const v = norm(vendorId);
  const p = norm(productId);
  return ESP32_USB_BRIDGES.find((b) => b.vendorId === v && b.productId === p)?.name ?? null;
}
