import { useTranslation } from 'react-i18next';
import type { Severity } from '../../../shared/contract';

/** Shape and word as well as colour: readable in sunlight, in grey print and without colour vision. */
const SHAPES: Record<Severity, string> = { normal: '●', watch: '◆', warning: '▲', critical: '✖' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`severity severity-${severity}`} data-severity={severity}>
      <span aria-hidden="true">{SHAPES[severity]}</span> {t(`insight.severity.${severity}`)}
    </span>
  );
}
