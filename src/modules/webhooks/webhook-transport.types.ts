/** The port through which a delivery is sent (implemented over node:http in src/jobs/webhook-transport.ts). */

export interface AttemptOutcome {
  readonly statusCode: number | null;
  readonly body: string | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface PostRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
}

/** Sends a request; resolves with the outcome (an answer, or the error that stopped it). */
export type WebhookTransport = (request: PostRequest) => Promise<AttemptOutcome>;
