/**
 * Shortcuts of the page on screen, listed in the shell's shortcut help (`?`) under the pages'
 * own `g` keys: a page calls `usePageShortcuts([{ keys: ['j', '↓'], label: t('…') }])` while it
 * is shown. The page handles its keys itself; this only makes them discoverable.
 */
import { useEffect, useSyncExternalStore } from 'react';

export interface PageShortcut {
  /** Keys that do it, each shown as a key cap (`['j', '↓']`). */
  readonly keys: readonly string[];
  readonly label: string;
}

let current: readonly PageShortcut[] = [];
const listeners = new Set<() => void>();

function publish(next: readonly PageShortcut[]): void {
  current = next;
  for (const listener of listeners) listener();
}

/** Register the page's shortcuts while it is mounted. */
export function usePageShortcuts(shortcuts: readonly PageShortcut[]): void {
  useEffect(() => {
    publish(shortcuts);
    return () => publish([]);
  }, [shortcuts]);
}

/** The shortcuts of the page on screen (for the help). */
export function useCurrentPageShortcuts(): readonly PageShortcut[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
