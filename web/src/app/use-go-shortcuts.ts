/**
 * `g` then a page's key opens that page (like GitHub's and Gmail's go-to shortcuts); `?` toggles
 * the shortcut list. Keys typed into a field are left alone.
 */
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useCan } from '../session/session';
import { pagesFor } from './pages';

const SEQUENCE_MS = 1500;

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useGoShortcuts(onHelp: () => void): void {
  const navigate = useNavigate();
  // The permissions are read when a key is pressed (a ref), so a re-render does not reset a `g` pressed just before.
  const canNow = useCan();
  const can = useRef(canNow);
  can.current = canNow;
  useEffect(() => {
    let pendingUntil = 0;
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
      if (event.key === '?') return onHelp();
      if (event.key === 'g') {
        pendingUntil = Date.now() + SEQUENCE_MS;
        return;
      }
      if (Date.now() > pendingUntil) return;
      pendingUntil = 0;
      const page = pagesFor(can.current).find((p) => p.key === event.key);
      if (page) {
        event.preventDefault();
        void navigate({ to: page.path });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, onHelp]);
}
