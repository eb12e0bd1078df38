import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../store';

/** What a tool computed, what it assumes, what it saves: said once, above its result. */
export function Explain({ tool }: { tool: 'supply' | 'assign' | 'moveUp' | 'siting' }) {
  const t = useT();
  const part = (k: 'computes' | 'assumes' | 'saves') => (
    <div className="planning-explain-row" data-testid={`planning-explain-${k}`}>
      <b>{t(`plan.explain.${k}`)}</b> {t(`plan.${tool}.${k}` as MessageKey)}
    </div>
  );
  return (
    <details className="planning-explain" open>
      <summary>{t('plan.explain.title')}</summary>
      {part('computes')}
      {part('assumes')}
      {part('saves')}
    </details>
  );
}
