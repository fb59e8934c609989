/**
 * The portal link's token: a link is `<publicUrl>/portal#<token>`. On load the token is taken from
 * the address bar's fragment (never sent to the server in a URL, never in a Referer), kept in
 * sessionStorage for this tab (a reload still works) and removed from the address bar with
 * `history.replaceState`, so it is not left in the history, a bookmark or a screenshot.
 */
const STORAGE_KEY = 'cashloop.portal.token';

/** The token of this tab: a new one from the fragment replaces the stored one. */
export function takePortalToken(): string | null {
  const fromHash = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (fromHash) {
    sessionStorage.setItem(STORAGE_KEY, fromHash);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

/** Forget the token (the API refused it: expired, revoked or changed). */
export function dropPortalToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
