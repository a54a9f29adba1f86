/**
 * The shape of a Web Serial port that esptool-js's Transport drives (open, close, readable,
 * writable, setSignals, getInfo, and the optional setBaudRate), made from a port opened by the
 * app's serial process. Only firmware updates use it: it is the one place the app drives DTR and
 * RTS, because that is how the ESP32's auto-reset circuit is told to enter the ROM bootloader.
 */

/** What the serial process gives for one open port (SerialByteLink satisfies it). */
export interface FlashLink {
  write(bytes: Uint8Array): void;
  close(reason?: string): void;
  onData(listener: (bytes: Uint8Array) => void): void;
  onClose(listener: (reason: string) => void): void;
  readonly closed: boolean;
  setSignals(dtr: boolean, rts: boolean): Promise<void>;
  setBaudRate(baudRate: number): Promise<void>;
}

export interface FlashPortOptions {
  open: (baudRate: number) => Promise<FlashLink>;
  usb: { vendorId: string | null; productId: string | null } | null;
}

interface SignalsLike {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/** OS answers that mean "this port has no modem lines" (a pseudo-terminal, some adapters). */
const NO_LINES = new Set(['ENOTTY', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP']);
const NO_LINES_TEXT = /Inappropriate ioctl|not supported|Invalid argument/i;

export class FlashPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  /** The port could not set DTR/RTS: the board must be put into its bootloader by hand. */
  linesUnsupported = false;
  /** Why the port closed when the app did not close it (the cable was pulled). */
  lostReason: string | null = null;
  private link: FlashLink | null = null;
  // The kernel raises both lines when a port opens.
  private dtr = true;
  private rts = true;

  constructor(private readonly options: FlashPortOptions) {}

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    const usb = this.options.usb;
    if (!usb?.vendorId || !usb.productId) return {};
    return { usbVendorId: Number.parseInt(usb.vendorId, 16), usbProductId: Number.parseInt(usb.productId, 16) };
  }

  async open(options: { baudRate?: number }): Promise<void> {
    if (this.link && !this.link.closed) throw new Error('the port is already open');
    const link = await this.options.open(options.baudRate ?? 115_200);
    this.link = link;
    this.dtr = true;
    this.rts = true;
    let closing = false;
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        link.onData((bytes) => controller.enqueue(bytes));
        link.onClose((reason) => {
          if (!closing) this.lostReason = reason;
          try {
            controller.close();
          } catch {
            // already cancelled by the reader
          }
        });
      },
      cancel: () => undefined,
    });
    this.writable = new WritableStream<Uint8Array>({
      // Never throws: esptool-js leaves its writer locked when a write fails, and its disconnect
      // then waits for the lock forever. A write to a vanished port is lost; the read times out.
      write: (chunk) => {
        if (!link.closed) link.write(chunk.slice());
      },
    });
    this.closeLink = () => {
      closing = true;
      link.close('firmware update finished with the port');
    };
  }

  private closeLink: () => void = () => undefined;

  async close(): Promise<void> {
    this.closeLink();
    this.closeLink = () => undefined;
    this.link = null;
    this.readable = null;
    this.writable = null;
  }

  async setSignals(signals: SignalsLike): Promise<void> {
    if (signals.dataTerminalReady !== undefined) this.dtr = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) this.rts = signals.requestToSend;
    const link = this.link;
    if (!link || link.closed || this.linesUnsupported) return;
    try {
      await link.setSignals(this.dtr, this.rts);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // The native binding reports the errno only in its message ("Inappropriate ioctl for device").
      if ((code && NO_LINES.has(code)) || NO_LINES_TEXT.test((error as Error).message)) {
        // Not fatal: the board may already be in its bootloader (held BOOT), and the updater
        // asks the technician to do by hand what the lines would have done.
        this.linesUnsupported = true;
        return;
      }
      throw error;
    }
  }

  async setBaudRate(baudRate: number): Promise<void> {
    const link = this.link;
    if (!link || link.closed) throw new Error('the port is closed');
    await link.setBaudRate(baudRate);
  }
}
