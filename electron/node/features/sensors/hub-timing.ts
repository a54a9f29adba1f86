import { DEFAULT_TIMING, type LinkTiming } from './link/device-link';

export interface HubTiming extends LinkTiming {
  /** Serial ports are listed this often; faster while a wanted serial sensor is missing. */
  scanMs: number;
  fastScanMs: number;
  handshakeMs: number;
  /** Live frames for subscribed sensors. */
  liveMs: number;
  /** Snapshot to the UI while anything is connected (health counters move). */
  snapshotMs: number;
  maxRetryMs: number;
  /** An address added by hand where nothing answers: tried after this, doubling up to the max (link/retry-policy.ts). */
  manualRetryMs: number;
  manualRetryMaxMs: number;
}

export const DEFAULT_HUB_TIMING: HubTiming = {
  ...DEFAULT_TIMING,
  scanMs: 1000,
  fastScanMs: 250,
  handshakeMs: 1500,
  liveMs: 100,
  snapshotMs: 1000,
  maxRetryMs: 500,
  manualRetryMs: 1000,
  manualRetryMaxMs: 30_000,
};
