import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/contract/errors';
import type { FirmwareCheck, FirmwareProgress, FirmwareUpdateResult, FirmwareUpdateStarted } from '../../../../../shared/contract/firmware';
import type { SensorBoardInfo } from '../../../../../shared/contract/sensors';
import { APP_ROOT } from '../../../platform/app-meta';
import type { Logger } from '../../../platform/logging/log';
import type { SensorHub } from '../sensor-hub';
import { flashSensor } from './firmware-flasher';
import { awaitHello } from './firmware-hello';
import { FlashPort } from './firmware-port';
import { planFirmwareUpdate, type UpdatePlan } from './firmware-update';
import type { SerialByteLink, SerialHost } from './serial-host';

/** The images shipped with the app: resources/firmware when packaged, firmware/images in a checkout. */
export function firmwareImagesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGNALCRAFT_FIRMWARE_DIR) return env.SIGNALCRAFT_FIRMWARE_DIR;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && fs.existsSync(path.join(resources, 'firmware'))) return path.join(resources, 'firmware');
  return path.join(APP_ROOT, 'firmware', 'images');
}

export interface FirmwareUpdaterDeps {
  hub: Pick<SensorHub, 'boardInfo' | 'firmwarePort' | 'holdForFirmware'>;
  serial: Pick<SerialHost, 'open'>;
  imagesDir: string;
  emit: (progress: FirmwareProgress) => void;
  /** The outcome of an update that started. */
  done?: (result: FirmwareUpdateResult) => void;
  log: Logger;
  /** How long the technician gets for BOOT+EN, and for EN after writing (tests shorten it). */
  byHandMs?: number;
}

const STREAM_BAUD = 921_600;

/** The Sensors page's "Update firmware": the check, then the update with its progress and outcome. */
export class FirmwareUpdater {
  constructor(private readonly deps: FirmwareUpdaterDeps) {}

  async check(deviceId: string, force = false): Promise<FirmwareCheck> {
    const { info, plan } = await this.plan(deviceId, force);
    return plan.kind === 'flash'
      ? { deviceId, action: 'flash', reason: null, board: plan.board, from: plan.from, to: plan.to, message: `Sensor ${deviceId} can be updated from ${plan.from} to ${plan.to}.` }
      : { deviceId, action: 'refuse', reason: plan.reason, board: null, from: info.firmwareVersion, to: null, message: plan.message };
  }

  /** Starts an update, answering at once: refused (with the reason), or started (the outcome follows through `done`). */
  async start(deviceId: string, force = false): Promise<FirmwareUpdateStarted & { finished: Promise<FirmwareUpdateResult> | null }> {
    const { info, plan, usb } = await this.plan(deviceId, force);
    const base = { deviceId, from: info.firmwareVersion };
    const refused = (result: FirmwareUpdateResult) => ({ deviceId, started: false, result, finished: null });
    if (plan.kind === 'refuse') return refused({ ...base, outcome: 'refused', reason: plan.reason, written: false, to: null, message: plan.message });
    let release: () => void;
    try {
      release = this.deps.hub.holdForFirmware(deviceId);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
      return refused({ ...base, outcome: 'refused', reason: /recorded/.test(error.message) ? 'recording' : 'busy', written: false, to: plan.to, message: error.message });
    }
    const finished = this.run(deviceId, info, plan, usb, release).catch((error: Error): FirmwareUpdateResult => {
      this.deps.log.error({ err: error.message, deviceId }, 'firmware update failed unexpectedly');
      return { ...base, outcome: 'failed', reason: 'write-failed', written: true, to: plan.to, message: `The update stopped unexpectedly (${error.message}). Update the sensor again.` };
    });
    void finished.then((result) => this.deps.done?.(result));
    return { deviceId, started: true, result: null, finished };
  }

  /** Starts an update and waits for its outcome. */
  async update(deviceId: string, force = false): Promise<FirmwareUpdateResult> {
    const started = await this.start(deviceId, force);
    return started.finished ? started.finished : started.result!;
  }

  private async run(
    deviceId: string,
    info: SensorBoardInfo,
    plan: Extract<UpdatePlan, { kind: 'flash' }>,
    usb: { vendorId: string | null; productId: string | null } | null,
    release: () => void,
  ): Promise<FirmwareUpdateResult> {
    const base = { deviceId, from: info.firmwareVersion };
    const { path: portPath } = this.deps.hub.firmwarePort(deviceId);
    const log = this.deps.log.child({ deviceId, firmware: plan.to });
    try {
      log.info({ from: plan.from, board: plan.board }, 'firmware update started');
      const files = plan.files.map((f) => ({ offset: f.offset, data: new Uint8Array(fs.readFileSync(f.path)) }));
      const port = new FlashPort({ open: (baud) => this.openRetrying(portPath, baud), usb });
      const outcome = await flashSensor(
        { deviceId, board: plan.board, nativeUsb: usb?.vendorId === '303a', flashBytes: info.flashBytes || 4 * 1024 * 1024, files, to: plan.to },
        {
          port,
          progress: (p) => this.deps.emit({ deviceId, ...p }),
          awaitHello: (byHand) => awaitHello(() => this.openRetrying(portPath, STREAM_BAUD), byHand ? (this.deps.byHandMs ?? 90_000) : 15_000),
          log: (line) => log.debug({ esptool: line.trim() }, 'esptool-js'),
          ...(this.deps.byHandMs !== undefined ? { byHandMs: this.deps.byHandMs } : {}),
        },
      );
      if (outcome.ok) {
        log.info({ chip: outcome.chip, bytes: outcome.bytesWritten }, 'firmware updated');
        return { ...base, outcome: 'updated', reason: null, written: true, to: plan.to, message: `Sensor ${deviceId} now runs firmware ${plan.to}.` };
      }
      log.warn({ failure: outcome.failure, written: outcome.written }, outcome.message);
      return { ...base, outcome: 'failed', reason: outcome.failure, written: outcome.written, to: plan.to, message: outcome.message };
    } finally {
      release();
    }
  }

  private async plan(deviceId: string, force: boolean): Promise<{ info: SensorBoardInfo; plan: UpdatePlan; usb: { vendorId: string | null; productId: string | null } | null }> {
    const info = await this.deps.hub.boardInfo(deviceId);
    const usb = info.canProvision ? this.deps.hub.firmwarePort(deviceId).usb : null;
    return { info, usb, plan: planFirmwareUpdate({ info, usb, imagesDir: this.deps.imagesDir, force }) };
  }

  /** The live link's port may take a moment to be released by the serial process: try again briefly. */
  private async openRetrying(portPath: string, baudRate: number): Promise<SerialByteLink> {
    const until = Date.now() + 2000;
    for (;;) {
      try {
        return await this.deps.serial.open(portPath, baudRate);
      } catch (error) {
        if (Date.now() > until) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
