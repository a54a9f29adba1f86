import type { SensorSource } from '../../../../../shared/contract/sensors';
import type { ByteLink } from './byte-link';
import { SensorLinkError } from './link-errors';
import type { LinkMeta, LinkRegistry } from './link-registry';
import { type Identity, LinkSession } from './session';

/** A fresh link on which a sensor said who it is, not yet anyone's connection. */
export interface Answered {
  session: LinkSession;
  identity: Identity;
  deviceId: string;
}

/** Where the answer came from and how to reach the sensor again. */
export interface AttachPlace {
  /** Only this sensor may be attached (reconnecting a known one); null: whoever answered. */
  expectedId: string | null;
  /** For a sensor seen for the first time. */
  source: SensorSource;
  baudRate?: number;
  tcp?: { host: string; port: number };
}

/** Asks who is on a fresh link; the link is closed when nobody answers in time. */
export async function handshake(byteLink: ByteLink, options: { now: () => number; timeoutMs: number }): Promise<Answered> {
  const session = new LinkSession(byteLink, { now: options.now });
  let identity: Identity;
  try {
    identity = await session.handshake(options.timeoutMs);
  } catch (error) {
    session.close('handshake failed');
    throw error;
  }
  return { session, identity, deviceId: identity.kind === 'binary' ? identity.hello.deviceId : identity.deviceId };
}

/**
 * The one way an answered link becomes a sensor's connection, for every transport: a different
 * sensor than the one expected is refused, as is a second connection to a sensor already
 * streaming; either way the link is closed and the error says which (link-errors.ts).
 */
export function attach(links: LinkRegistry, answered: Answered, place: AttachPlace): LinkMeta {
  const { session, identity, deviceId } = answered;
  const byteLink = session.link;
  if (place.expectedId !== null && deviceId !== place.expectedId) {
    session.close('a different sensor answered');
    throw new SensorLinkError('wrong_device', `A different sensor (${deviceId}) answered at ${byteLink.address}, not ${place.expectedId}.`);
  }
  const existing = links.get(deviceId);
  if (existing?.link.session && !existing.link.session.closed && existing.link.state === 'connected') {
    session.close('already connected');
    throw new SensorLinkError('already_connected', `Sensor ${deviceId} is already connected by ${existing.link.info.transport} (${existing.link.info.address}).`);
  }
  const meta = existing ?? links.create(deviceId, byteLink.transport, byteLink.address, place.source);
  if (byteLink.transport === 'serial') meta.serialPath = byteLink.address;
  if (place.baudRate !== undefined) meta.baudRate = place.baudRate;
  if (place.tcp) meta.tcp = place.tcp;
  meta.problem = null;
  meta.link.want();
  meta.link.attach(session, identity);
  return meta;
}

/** Handshake, then attach: for a link opened to reach one place (a TCP address, a reconnect). */
export async function attachSession(links: LinkRegistry, byteLink: ByteLink, options: AttachPlace & { now: () => number; handshakeMs: number }): Promise<LinkMeta> {
  return attach(links, await handshake(byteLink, { now: options.now, timeoutMs: options.handshakeMs }), options);
}
