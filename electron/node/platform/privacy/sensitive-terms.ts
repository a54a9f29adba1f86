import os from 'node:os';
import type { Db } from '../storage/database';

/**
 * One SELECT whose first column lists personal or customer data kept in a feature's own tables.
 * Each feature that keeps such data exports its queries from its entry (the register: names,
 * addresses, contacts, serial numbers and tags; sensors: device ids and addresses; recording and
 * insight: the technicians' names), and the hosts hand the list to whoever scrubs.
 */
export type PersonalDataQuery = string;

/** The platform's own: the technician's name in the settings. */
const SETTINGS_QUERY: PersonalDataQuery = "SELECT json_extract(value, '$') FROM settings WHERE key = 'technicianName'";

/** Terms longer than this are free text (notes): not worth matching, and slow to match. */
const MAX_TERM_LENGTH = 200;
const MAX_TERMS = 20_000;

/**
 * What this laptop knows to be personal or customer data: what the features' queries list, and
 * the OS user and host names (which often are a person's name). Used only when something is
 * about to leave the laptop (a crash report, a diagnostics bundle), never on a hot path.
 */
export function sensitiveTerms(db: Db, queries: readonly PersonalDataQuery[]): string[] {
  const terms = new Set<string>();
  for (const sql of [...queries, SETTINGS_QUERY]) {
    try {
      for (const row of db.prepare(sql).raw().all() as unknown[][]) {
        const value = row[0];
        if (typeof value === 'string' && value.trim().length >= 3 && value.length <= MAX_TERM_LENGTH) terms.add(value.trim());
        if (terms.size >= MAX_TERMS) break;
      }
    } catch {
      // a table another version of the app does not have: nothing to add from it
    }
  }
  for (const value of osIdentity()) terms.add(value);
  return [...terms];
}

function osIdentity(): string[] {
  const out: string[] = [];
  try {
    out.push(os.userInfo().username);
  } catch {
    // no user entry (some containers)
  }
  const host = os.hostname();
  out.push(host, host.split('.')[0] ?? host);
  return out.filter((v) => v.length >= 3 && !GENERIC_NAMES.has(v.toLowerCase()));
}

/** Account and host names that identify nobody; redacting them would only garble the logs. */
const GENERIC_NAMES = new Set(['localhost', 'root', 'user', 'admin', 'administrator', 'ubuntu', 'debian', 'runner', 'node']);
