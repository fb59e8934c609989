/**
 * The session in the app: one react-query entry (`sessionQuery`), restored with GET /v1/session at
 * start, set by sign-in, cleared by sign-out. `useCan()` answers what the role may do, from the
 * session's `permissions`: the app hides what the API would refuse (the API still decides).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { setCsrfToken } from '../api/client';
import { type Access, createSession, deleteSession, fetchSession, type Session } from './session-api';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<Session | null> => {
    const session = await fetchSession();
    setCsrfToken(session?.csrfToken ?? null);
    return session;
  },
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
});

/** The current session (null when signed out). */
export function useSession() {
  return useQuery(sessionQuery);
}

/** `can('write')`: whether the signed-in role grants that access level. */
export function useCan(): (access: Access) => boolean {
  const { data } = useSession();
  return (access) => data?.permissions.includes(access) ?? false;
}

/** Renders its children only when the role grants `access` (a hidden button, not a disabled one). */
export function Can({ access, children }: { access: Access; children: ReactNode }) {
  return useCan()(access) ? children : null;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => createSession(email, password),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      client.setQueryData(sessionQuery.queryKey, session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteSession,
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      // A full load of the sign-in page: nothing of the signed-in user stays in memory, and no
      // mounted page is left holding its cached data (clearing the cache alone left the pages
      // showing the user signed in).
      window.location.assign('/sign-in');
    },
  });
}

export type { Access, Session };
