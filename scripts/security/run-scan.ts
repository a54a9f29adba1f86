import fs from 'node:fs';
import path from 'node:path';
import { formatFindings, REVIEWED, scanElectronApp, stageBuiltApp } from './electron-scan';

export async function main(root: string): Promise<number> {
  if (!fs.existsSync(path.join(root, 'dist', 'electron', 'main.js'))) {
    console.error('Build first: npm run build');
    return 2;
  }
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const staged = stageBuiltApp(root);
  try {
    const { findings, failures, errors, unscannedUi } = await scanElectronApp(staged, version);
    const reviewed = findings.filter((f) => !failures.includes(f));
    console.log(`Electronegativity: ${findings.length} finding(s), ${failures.length} failing, ${reviewed.length} reviewed.`);
    for (const f of reviewed) console.log(`  reviewed ${f.severity} ${f.id}: ${REVIEWED[f.id]?.reason}`);
    if (unscannedUi.length > 0) console.log(`  UI bundles not parsed by the scanner (no Electron API there by construction): ${unscannedUi.join('; ')}`);
    if (failures.length > 0) console.error(formatFindings(failures));
    if (errors.length > 0) console.error(`Files the scanner could not parse:\n${errors.join('\n')}`);
    return failures.length > 0 || errors.length > 0 ? 1 : 0;
  } finally {
    fs.rmSync(staged, { recursive: true, force: true });
  }
}
