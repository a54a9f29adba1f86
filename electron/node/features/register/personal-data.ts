import type { PersonalDataQuery } from '../../platform/privacy/sensitive-terms';

/** The register's personal and customer data, for the scrubber (platform/privacy). */
export const REGISTER_PERSONAL_DATA: readonly PersonalDataQuery[] = [
  'SELECT name AS v FROM customers UNION ALL SELECT phone FROM customers UNION ALL SELECT email FROM customers',
  'SELECT name FROM sites UNION ALL SELECT address FROM sites UNION ALL SELECT contact_name FROM sites UNION ALL SELECT contact_phone FROM sites',
  'SELECT name FROM assets UNION ALL SELECT serial_number FROM assets UNION ALL SELECT asset_tag FROM assets UNION ALL SELECT location FROM assets',
];
