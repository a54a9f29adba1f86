/** A serial port as discovery sees it, whichever way it was listed. */
export interface SerialPortInfo {
  path: string;
  vendorId: string | null;
  productId: string | null;
  serialNumber: string | null;
  manufacturer: string | null;
  product: string | null;
}
