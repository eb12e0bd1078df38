import type { ReactNode } from 'react';
import { useT } from '../store';
import { useEscape } from './useEscape';
import { useFocusTrap } from './useFocusTrap';

/**
 * A modal dialog holding a form: a backdrop that closes it on click, a title bar with a close
 * button, Escape to close, and the keyboard kept inside (focus trap) until it closes. Render it only
 * while open.
 */
export function ModalForm(props: {
  title: string;
  testId: string;
  className?: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const t = useT();
  useEscape(true, props.onClose);
  const trap = useFocusTrap<HTMLFormElement>(true);
  return (
    <div className="dialog-backdrop" onClick={props.onClose}>
      <form
        ref={trap}
        className={`dialog ${props.className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <div className="dialog-head">
          <h2>{props.title}</h2>
          <button type="button" className="close" aria-label={t('card.close')} onClick={props.onClose}>
            ×
          </button>
        </div>
        {props.children}
      </form>
    </div>
  );
}
