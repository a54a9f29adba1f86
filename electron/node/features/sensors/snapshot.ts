import type { SensorEntry, SensorIngestStatus, SensorsSnapshot } from '../../../../shared/contract/sensors';
import type { ManualTcpTarget } from './lan/manual-target';
import type { LanSensor, SensorBrowser } from './lan/mdns';
import { formatHostPort } from './lan/tcp-link';
import type { LinkMeta } from './link/link-registry';
import type { SerialCandidate } from './serial/serial-discovery';
import type { SerialHost } from './serial/serial-host';
import { esp32Bridge } from './serial/usb-ids';

export interface SnapshotParts {
  links: Iterable<LinkMeta>;
  candidates: Iterable<SerialCandidate>;
  browser: SensorBrowser | null;
  pending: Iterable<ManualTcpTarget>;
  ingest: SensorIngestStatus;
  serial: SerialHost | null;
}

/**
 * What the Sensors page shows: each sensor once, by the best thing known about it. A connected
 * (or once connected) sensor's link comes first, then serial ports, sensors seen on mDNS, and
 * addresses added by hand that nothing answers at yet.
 */
export function buildSnapshot(parts: SnapshotParts): SensorsSnapshot {
  const entries: SensorEntry[] = [];
  const seen = new Set<string>();
  for (const meta of parts.links) {
    entries.push(linkEntry(meta));
    seen.add(meta.link.deviceId);
  }
  for (const c of parts.candidates) {
    if (c.deviceId !== null && seen.has(c.deviceId)) continue;
    const key = c.deviceId ?? `serial:${c.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(candidateEntry(key, c));
  }
  for (const s of parts.browser?.sensors.values() ?? []) {
    if (seen.has(s.deviceId)) continue;
    seen.add(s.deviceId);
    entries.push(lanEntry(s));
  }
  for (const p of parts.pending) entries.push(pendingEntry(p));
  const serial = parts.serial;
  return {
    entries,
    ingest: parts.ingest,
    serial: serial ? { state: serial.state, restarts: serial.restarts, lastExit: serial.lastExit } : { state: 'stopped', restarts: 0, lastExit: null },
    mdns: { browsing: parts.browser?.browsing ?? false, error: parts.browser?.error ?? null },
  };
}

export function linkEntry(meta: LinkMeta): SensorEntry {
  const link = meta.link;
  const info = link.info;
  return {
    key: link.deviceId,
    deviceId: link.deviceId,
    model: link.model,
    firmwareVersion: info.firmwareVersion,
    transport: info.transport,
    address: info.address,
    source: meta.source,
    state: link.state,
    problem: link.state === 'connected' ? null : (meta.problem ?? (link.state === 'reconnecting' ? { code: 'link_lost', message: 'The link was lost; reconnecting.' } : null)),
    streams: { audioSampleRate: info.audioSampleRate, vibrationSampleRate: info.vibrationSampleRate, readingRateHz: info.readingRateHz },
    health: link.health(),
  };
}

function candidateEntry(key: string, c: SerialCandidate): SensorEntry {
  return {
    key,
    deviceId: c.deviceId,
    model: c.model ?? (c.usb ? esp32Bridge(c.usb.vendorId ?? undefined, c.usb.productId ?? undefined) : null),
    firmwareVersion: c.firmwareVersion,
    transport: 'serial',
    address: c.path,
    source: c.source,
    state: c.probing ? 'connecting' : c.problem ? 'unavailable' : 'found',
    problem: c.problem,
    streams: null,
    health: null,
  };
}

function lanEntry(s: LanSensor): SensorEntry {
  return {
    key: s.deviceId,
    deviceId: s.deviceId,
    model: s.model,
    firmwareVersion: s.firmwareVersion,
    transport: 'tcp',
    address: formatHostPort(s.host, s.port),
    source: 'mdns',
    state: 'found',
    problem: null,
    streams: null,
    health: null,
  };
}

function pendingEntry(p: ManualTcpTarget): SensorEntry {
  return {
    key: p.key,
    deviceId: null,
    model: null,
    firmwareVersion: null,
    transport: 'tcp',
    address: formatHostPort(p.host, p.port),
    source: 'manual',
    state: p.state,
    problem: p.problem,
    streams: null,
    health: null,
  };
}
