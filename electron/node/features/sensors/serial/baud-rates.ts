export const DEFAULT_BAUD_RATE = 921_600;
/** The existing firmware prints at 115200; a USB board that does not answer at 921600 is tried there. */
export const LEGACY_BAUD_RATE = 115_200;
/** At 115200 the existing firmware's first JSON line takes longer to come. */
export const LEGACY_HANDSHAKE_MS = 2500;
