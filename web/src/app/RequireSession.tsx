/** The signed-in layout: restores the session (GET /v1/session), else sends to /sign-in and back. */
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { ErrorState, LoadingState } from '../components/states';
import { useSession } from '../session/session';
import { Shell } from './Shell';

export function RequireSession() {
  const session = useSession();
  const signedOut = session.isSuccess && !session.data;
  useSignInRedirect(signedOut);
  if (session.isPending || signedOut) return <LoadingState />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

/**
 * Once signed out (no session at start, or a 401 later), go to /sign-in once, with the address
 * asked for as `redirect`. The address is the one this layout last showed: while the router moves
 * to /sign-in its location is already the sign-in page's, and redirecting from that (as a
 * `<Navigate>` rendered on every location change did) nests redirects without end and hangs the tab.
 */
function useSignInRedirect(signedOut: boolean): void {
  const navigate = useNavigate();
  const href = useRouterState({ select: (s) => s.location.href });
  const asked = useRef(href);
  if (!signedOut) asked.current = href;
  useEffect(() => {
    if (signedOut) void navigate({ to: '/sign-in', search: { redirect: asked.current }, replace: true });
  }, [signedOut, navigate]);
}
