import { z } from 'zod';
import { method } from './define';

/**
 * Updating a sensor's firmware over USB with the images shipped with the app: first the check
 * (would the app flash it, and if not, why), then the update itself, which reports its steps as
 * `sensors.firmware.progress` events and ends with a typed result. Codes are for the UI to put in
 * words; `message` is English for logs and the CLI.
 */

const DeviceId = z.string().min(1).max(64);

/** Why the app will not flash a sensor (electron/node/features/sensors/serial/firmware-update.ts). */
export const FirmwareRefusal = z.enum(['not-usb', 'unknown-board', 'bridge-mismatch', 'no-images', 'no-image', 'bad-image', 'up-to-date', 'recording', 'busy']);
export type FirmwareRefusal = z.infer<typeof FirmwareRefusal>;

/** How an update that started went wrong. */
export const FirmwareFailure = z.enum(['no-bootloader', 'wrong-chip', 'port-lost', 'write-failed', 'verify-failed', 'no-hello', 'wrong-version']);
export type FirmwareFailure = z.infer<typeof FirmwareFailure>;

export const FirmwareBoard = z.enum(['esp32', 'esp32s3']);

export const FirmwareCheck = z.object({
  deviceId: DeviceId,
  action: z.enum(['flash', 'refuse']),
  reason: FirmwareRefusal.nullable(),
  board: FirmwareBoard.nullable(),
  /** The version it runs, and the one the app carries (null when the app has none for it). */
  from: z.string(),
  to: z.string().nullable(),
  message: z.string(),
});
export type FirmwareCheck = z.infer<typeof FirmwareCheck>;

/**
 * bootloader: entering the ROM bootloader by the reset lines. bootloader-by-hand: that did not
 * work; the technician holds BOOT and presses EN. detected: the chip answered. writing, verifying:
 * per image. restarting, restart-by-hand (no reset lines: press EN), confirming: waiting for HELLO.
 */
export const FirmwareStep = z.enum(['bootloader', 'bootloader-by-hand', 'detected', 'writing', 'verifying', 'restarting', 'restart-by-hand', 'confirming']);
export type FirmwareStep = z.infer<typeof FirmwareStep>;

export const FirmwareProgress = z.object({
  deviceId: DeviceId,
  step: FirmwareStep,
  fileIndex: z.number().int().nonnegative(),
  fileCount: z.number().int().nonnegative(),
  /** Compressed bytes sent of this image, and their total. */
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  chip: z.string().optional(),
});
export type FirmwareProgress = z.infer<typeof FirmwareProgress>;

export const FirmwareUpdateResult = z.object({
  deviceId: DeviceId,
  /** updated: written, verified, and the sensor says it runs the new version. */
  outcome: z.enum(['updated', 'refused', 'failed']),
  reason: z.union([FirmwareRefusal, FirmwareFailure]).nullable(),
  /** Something was written to the sensor's flash (after a failure: it must be updated again). */
  written: z.boolean(),
  from: z.string(),
  to: z.string().nullable(),
  message: z.string(),
});
export type FirmwareUpdateResult = z.infer<typeof FirmwareUpdateResult>;

/** An update takes a minute or more (and waits for the technician's hands): it answers once started, or with the refusal. */
export const FirmwareUpdateStarted = z.object({
  deviceId: DeviceId,
  started: z.boolean(),
  /** The refusal when not started; the outcome follows as `sensors.firmware.result` otherwise. */
  result: FirmwareUpdateResult.nullable(),
});
export type FirmwareUpdateStarted = z.infer<typeof FirmwareUpdateStarted>;

export const firmwareMethods = {
  'sensors.firmware.check': method(z.object({ deviceId: DeviceId }).strict(), FirmwareCheck),
  /** Takes the sensor off its live link for the update; steps follow as events, then the result. */
  'sensors.firmware.update': method(z.object({ deviceId: DeviceId, force: z.boolean().optional() }).strict(), FirmwareUpdateStarted),
};

export const firmwareEvents = {
  'sensors.firmware.progress': FirmwareProgress,
  'sensors.firmware.result': FirmwareUpdateResult,
};
