import type { ByteLink } from '../link/byte-link';
import { LinkSession } from '../link/session';

/**
 * After an update: opens the sensor's port again and again until its new firmware answers HELLO,
 * or the time is up. The port may vanish for a moment (the S3's own USB re-enumerates when the
 * chip restarts), so a port that will not open is simply tried again.
 */
export async function awaitHello(
  open: () => Promise<ByteLink>,
  withinMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<{ deviceId: string; firmwareVersion: string } | null> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    let link: ByteLink;
    try {
      link = await open();
    } catch {
      await sleep(200);
      continue;
    }
    const session = new LinkSession(link);
    try {
      const identity = await session.handshake(Math.max(500, Math.min(2000, until - Date.now())));
      return identity.kind === 'binary'
        ? { deviceId: identity.hello.deviceId, firmwareVersion: identity.hello.firmwareVersion }
        : { deviceId: identity.deviceId, firmwareVersion: '' };
    } catch {
      // Still booting, or nothing runs: ask again.
    } finally {
      session.close('firmware update: version checked');
    }
  }
  return null;
}
