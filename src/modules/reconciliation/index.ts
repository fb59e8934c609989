/** The reconciliation module's door: all that other modules, the adapters and the jobs may use of it. */
export { bankTieOutView } from './bank-tie-out.ts';
export { reconcileBooks } from './reconciliation.service.ts';
