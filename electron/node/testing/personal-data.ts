import type { Dispatcher } from '../platform/api/dispatcher';
import type { Db } from '../platform/storage/database';

/**
 * A technician's register with personal and customer data in every field that can hold it. Tests
 * put it in, make the app report, log or export, and then check that none of it got out.
 */
export const PERSONAL = {
  customer: 'Hanbit Mart Co',
  site: 'Hanbit Mart Gangnam',
  address: '123 Teheran-ro, Gangnam-gu, Seoul',
  contactName: 'Kim Minji',
  contactPhone: '010-2345-6789',
  technician: 'Park Jiho',
  assetName: 'Minji walk-in freezer',
  assetSerial: 'SN-CMP-88213-X',
  assetTag: 'HBM-0042',
  deviceId: 'esp32-7c9ebd4a11f0',
  email: 'minji.kim@hanbitmart.co.kr',
  token: 'sk_live_9fQ2xT7vLmP4wZ8rB1nC6dE3',
  gps: '37.49794, 127.02762',
  mac: '24:6F:28:AA:BB:CC',
  homePath: '/home/parkjiho/Recordings/hanbit.wav',
  windowsPath: 'C:\\Users\\parkjiho\\Documents\\hanbit.wav',
} as const;

/** Substrings that must not appear anywhere in what leaves the laptop. */
export const MUST_NOT_APPEAR: readonly string[] = [
  ...Object.values(PERSONAL).filter((v) => !v.includes('/') && !v.includes('\\')),
  'parkjiho',
  'minji.kim',
  '2345-6789',
  '37.49794',
  '127.02762',
  '9fQ2xT7vLmP4',
  '7c9ebd4a11f0',
];

/** One error message carrying all of it, as careless code might write it. */
export const LEAKY_MESSAGE =
  `Compressor ${PERSONAL.assetName} (${PERSONAL.assetSerial}, tag ${PERSONAL.assetTag}) at ${PERSONAL.site}, ` +
  `${PERSONAL.address} for ${PERSONAL.customer}: call ${PERSONAL.contactName} ${PERSONAL.contactPhone} or ${PERSONAL.email}. ` +
  `Technician ${PERSONAL.technician}, sensor ${PERSONAL.deviceId} (${PERSONAL.mac}) at ${PERSONAL.gps}; ` +
  `file ${PERSONAL.homePath} / ${PERSONAL.windowsPath}; Authorization: Bearer ${PERSONAL.token}`;

/** Enters the register through the contract, as the UI would, plus a device row as the sensor link would. */
export async function seedPersonalData(dispatcher: Dispatcher, db: Db): Promise<void> {
  const call = async (method: string, params: unknown) => {
    const outcome = await dispatcher.dispatch(method, params, { transport: 'test' });
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
    return outcome.result as { id: string };
  };
  const site = await call('sites.create', {
    name: PERSONAL.site,
    customerName: PERSONAL.customer,
    address: PERSONAL.address,
    contactName: PERSONAL.contactName,
    contactPhone: PERSONAL.contactPhone,
  });
  await call('assets.create', {
    siteId: site.id,
    name: PERSONAL.assetName,
    kind: 'compressor',
    serialNumber: PERSONAL.assetSerial,
    assetTag: PERSONAL.assetTag,
  });
  await call('settings.update', { technicianName: PERSONAL.technician });
  const now = new Date().toISOString();
  db.prepare('INSERT INTO devices (id, kind, name, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(
    PERSONAL.deviceId,
    'esp32',
    null,
    now,
    now,
  );
}

/** The personal strings found in `text` (empty when clean). */
export function leaks(text: string): string[] {
  return MUST_NOT_APPEAR.filter((s) => text.toLowerCase().includes(s.toLowerCase()));
}
