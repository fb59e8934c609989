/**
 * Type tests, checked by `tsc` (npm run typecheck): a step that runs inside its caller's
 * transaction cannot be handed the bare database, and cannot reach it through its deps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db, Tx } from '../db/client.ts';
import type { CoreDeps, TxDeps } from './core-deps.ts';

function stepInTx(_tx: Tx, deps: TxDeps): string {
  return Object.keys(deps).sort().join(',');
}

export function useCase(db: Db, tx: Tx, deps: CoreDeps): void {
  // A use case passes its transaction and its deps on.
  stepInTx(tx, deps);
  // @ts-expect-error a Db is no Tx: a step must be given the caller's transaction
  stepInTx(db, deps);
  // @ts-expect-error TxDeps has no `db`: a step cannot run a query outside the caller's transaction
  ((d: TxDeps) => d.db)(deps);
}

test('TxDeps is CoreDeps without the database handle', () => {
  const deps = { ledger: {}, clock: {}, db: {} } as unknown as CoreDeps;
  const { db: _db, ...txDeps } = deps;
  assert.equal(stepInTx({} as Tx, txDeps), 'clock,ledger');
});
