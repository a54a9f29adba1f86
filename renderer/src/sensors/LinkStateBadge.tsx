import { useTranslation } from 'react-i18next';
import type { SensorLinkState } from '../../../shared/contract';

/** Shape and word for each state, never colour alone. */
const SHAPE: Record<SensorLinkState, string> = {
  found: '○',
  connecting: '◔',
  connected: '●',
  reconnecting: '▲',
  waiting: '◌',
  disconnected: '■',
  unavailable: '✖',
};

export function LinkStateBadge({ state }: { state: SensorLinkState }) {
  const { t } = useTranslation();
  return (
    <span className={`status link-state link-state-${state}`} data-state={state}>
      <span aria-hidden="true" className="status-shape">
        {SHAPE[state]}
      </span>
      {t(`sensors.state.${state}`)}
    </span>
  );
}
