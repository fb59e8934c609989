/**
 * A list of sessions with "end them" actions, for the signed-in user's own sessions
 * (MySessionsSection) and for one user's sessions seen by an admin (UserSessionsPanel): the
 * sessions table, a button ending several at once (after a confirmation, its result shown), and
 * optionally an "End" button per session. The API decides what may be ended; the page shows it.
 */
import { Alert, Button, Group } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { SessionsTable, type UserSession } from './SessionsTable';

export interface SessionsManagerProps {
  readonly queryKey: readonly unknown[];
  readonly load: () => Promise<{ items: UserSession[] }>;
  readonly tableTestId: string;
  /** Ending several at once: how many the button ends, its label, the question, the result. */
  readonly endMany: {
    readonly label: string;
    readonly count: (items: readonly UserSession[]) => number;
    readonly confirm: (count: number) => string;
    readonly run: () => Promise<{ revoked: number }>;
    readonly done: (revoked: number) => string;
    readonly doneTestId?: string;
  };
  /** Ending one session (an "End" button per row), asked with `confirm` first. */
  readonly endOne?: { readonly confirm: string; readonly run: (sessionId: string) => Promise<unknown> };
}

export function SessionsManager({ queryKey, load, tableTestId, endMany, endOne }: SessionsManagerProps) {
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey, queryFn: load });
  const refresh = () => void qc.invalidateQueries({ queryKey });
  const many = useMutation({ mutationFn: endMany.run, onSettled: refresh });
  const one = useMutation({
    mutationFn: (id: string) => endOne?.run(id) ?? Promise.resolve(),
    onSettled: refresh,
  });
  const count = endMany.count(sessions.data?.items ?? []);
  return (
    <>
      <ProblemAlert error={many.error ?? one.error} fields={[]} />
      {many.data && (
        <Alert color="green" data-testid={endMany.doneTestId}>
          {endMany.done(many.data.revoked)}
        </Alert>
      )}
      <QueryView query={sessions}>
        {(answer) => (
          <SessionsTable
            items={answer.items}
            testId={tableTestId}
            {...(endOne
              ? {
                  ending: one.isPending ? one.variables : undefined,
                  onEnd: (s: UserSession) => {
                    if (window.confirm(endOne.confirm)) one.mutate(s.id);
                  },
                }
              : {})}
          />
        )}
      </QueryView>
      <Group>
        <Button
          size="xs"
          color="red"
          variant="light"
          disabled={count === 0}
          loading={many.isPending}
          onClick={() => {
            if (window.confirm(endMany.confirm(count))) many.mutate();
          }}
        >
          {endMany.label}
        </Button>
      </Group>
    </>
  );
}
