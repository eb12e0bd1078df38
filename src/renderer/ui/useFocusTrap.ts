import { useEffect, useRef } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keep the keyboard inside a modal dialog while it is open: focus moves into it (to an element
 * with `autofocus`, else the first field), Tab and Shift+Tab wrap around inside it, and when it
 * closes the focus goes back where it was (the list row or button that opened it).
 */
export function useFocusTrap<T extends HTMLElement>(open: boolean): React.RefObject<T | null> {
  const ref = useRef<T | null>(null);
  // Who had the focus before the dialog opened, taken while rendering: by the time effects run,
  // an autofocus inside the dialog has already moved it.
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current)
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  wasOpen.current = open;
  useEffect(() => {
    if (!open) return;
    const root = ref.current;
    if (!root) return;
    const before = opener.current;
    const items = () =>
      [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (e) => e.offsetParent !== null || e === document.activeElement,
      );
    if (!root.contains(document.activeElement))
      (root.querySelector<HTMLElement>('[autofocus]') ?? items()[0] ?? root).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Tab') return;
      const list = items();
      if (list.length === 0) {
        e.preventDefault();
        return;
      }
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const inside = root.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      if (before && before.isConnected) before.focus();
    };
  }, [open]);
  return ref;
}
