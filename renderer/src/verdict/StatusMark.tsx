import { useTranslation } from 'react-i18next';
import type { VerdictStatus } from '../../../shared/contract';

/**
 * A verdict's status by shape, word and colour together: readable in sunlight, in grey print and
 * without colour vision. The same marks are used on the visit page, the dashboard and the lists.
 */
const SHAPES: Record<VerdictStatus, string> = { fault: '▲', watch: '◆', healthy: '●', not_diagnosable: '?', pending: '…' };

export function StatusMark({ status, size = 'md' }: { status: VerdictStatus; size?: 'md' | 'xl' }) {
  const { t } = useTranslation();
  return (
    <span className={`verdict-mark verdict-mark-${status} verdict-mark-${size}`} data-status={status}>
      <span aria-hidden="true" className="verdict-shape">
        {SHAPES[status]}
      </span>
      <span>{t(`ui.verdict.status.${status}`)}</span>
    </span>
  );
}
