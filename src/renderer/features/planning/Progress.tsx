import type { MessageKey } from '../../../shared/i18n';
import type { PlanningProgress } from '../../../shared/ipc/planningContract';
import { useT } from '../../store';

/** A long step's progress bar, what it is doing, and its cancel button. */
export function JobProgress({
  progress,
  onCancel,
}: {
  progress: PlanningProgress | null;
  onCancel: () => void;
}) {
  const t = useT();
  const percent = progress?.percent ?? 0;
  return (
    <div className="tab-state muted planning-progress" data-testid="planning-progress" role="status">
      <span>
        {t(`plan.phase.${progress?.phase ?? 'grid'}` as MessageKey)}
        {progress?.phase === 'evaluate' && progress.total > 1
          ? ` ${t('plan.phase.count', { done: progress.done, total: progress.total })}`
          : ''}
        <progress max={100} value={percent} aria-label={t('plan.progress')} />
        {percent}%
      </span>
      <button type="button" data-testid="planning-cancel" onClick={onCancel}>
        {t('plan.cancel')}
      </button>
    </div>
  );
}
