/** The signed-in layout: restores the session (GET /v1/session), else sends to /sign-in and back. */
import { Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { ErrorState, LoadingState } from '../components/states';
import { useSession } from '../session/session';
import { Shell } from './Shell';

export function RequireSession() {
  const session = useSession();
  const href = useRouterState({ select: (s) => s.location.href });
  if (session.isPending) return <LoadingState />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to="/sign-in" search={{ redirect: href }} replace />;
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}
