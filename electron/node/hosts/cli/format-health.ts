import type { CheckStatus, HealthReport } from '../../../../shared/contract';
import { formatBytes } from '../../../../shared/format';

/** Text markers, not colour, so the status survives a monochrome terminal or a pasted log. */
const MARK: Record<CheckStatus, string> = { ok: '[ ok ]', warn: '[warn]', fail: '[FAIL]' };

export function formatHealthReport(report: HealthReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const lines = [
    `SignalCraft Field ${report.app.appVersion} (${report.app.runtime}, Node ${report.app.nodeVersion}, ${report.app.platform})`,
    `Data folder:  ${report.app.dataDir}`,
    `Database:     ${report.databasePath} (${formatBytes(report.databaseBytes)}, schema ${report.app.schemaVersion})`,
    '',
    ...report.checks.map((c) => `${MARK[c.status]} ${c.id.padEnd(width)}  ${c.detail}`),
    '',
    report.status === 'fail'
      ? 'Something is broken: see the [FAIL] lines above.'
      : report.status === 'warn'
        ? 'Working, with warnings.'
        : 'All checks passed.',
  ];
  return `${lines.join('\n')}\n`;
}
