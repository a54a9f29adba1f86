import { useTranslation } from 'react-i18next';
import type { CheckStatus } from '../../../shared/contract';

/** Shape and word, not colour alone: a circle with a check, a triangle, a square with a cross. */
const SHAPE: Record<CheckStatus, string> = { ok: '✔', warn: '▲', fail: '✖' };

export function StatusBadge({ status }: { status: CheckStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true" className="status-shape">
        {SHAPE[status]}
      </span>
      {t(`about.status.${status}`)}
    </span>
  );
}
