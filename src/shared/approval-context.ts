/**
 * The approval a running operation executes under, as an async context: when a checker approves
 * a waiting request, the original use case runs inside `runUnderApproval`, and every audit record
 * it writes names the request, its maker and its checker (`details.approval`), without each use
 * case taking a parameter for it (the same reasoning as acting-as.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActingAs } from './acting-as.ts';

export interface ApprovalContext {
  readonly requestId: string;
  readonly maker: ActingAs;
  readonly checker: ActingAs;
}

const context = new AsyncLocalStorage<ApprovalContext>();

/** Run `fn` (and everything it awaits) as the execution of an approved request. */
export function runUnderApproval<T>(approval: ApprovalContext, fn: () => T): T {
  return context.run(approval, fn);
}

/** The approval the running work executes, or null outside one. */
export function currentApproval(): ApprovalContext | null {
  return context.getStore() ?? null;
}
