/**
 * How large a request body may be: JSON_BODY_LIMIT on every route (1 MiB; ten thousand ids, the
 * largest list a JSON route takes, fill a fortieth of it), UPLOAD_BODY_LIMIT on the routes whose
 * body is a file (bank statements and remittance advices: `bodyLimit: UPLOAD_BODY_LIMIT.bytes` on
 * the route). Fastify refuses a larger body while it arrives — it stops reading, nothing is
 * parsed or stored — and problem.ts answers 413 `payload_too_large` with `tooLargeMessage`.
 */

/** A body size limit and how the 413 names it. */
export interface BodyLimit {
  readonly bytes: number;
  readonly label: string;
}

const MIB = 1024 * 1024;
export const JSON_BODY_LIMIT: BodyLimit = { bytes: 1 * MIB, label: '1 MiB' };
export const UPLOAD_BODY_LIMIT: BodyLimit = { bytes: 50 * MIB, label: '50 MiB' };
/** A JSON body carrying one file of at most 5 MB as base64 (a portal dispute's attachment). */
export const ATTACHMENT_BODY_LIMIT: BodyLimit = { bytes: 8 * MIB, label: '8 MiB' };

/** The 413's detail for a body over `bytes` (the route's limit), naming the limit. */
export function tooLargeMessage(bytes: number): string {
  const known = [JSON_BODY_LIMIT, UPLOAD_BODY_LIMIT, ATTACHMENT_BODY_LIMIT].find((l) => l.bytes === bytes);
  const label = known?.label ?? `${(bytes / MIB).toFixed(1)} MiB`;
  const what = bytes === UPLOAD_BODY_LIMIT.bytes ? 'an uploaded file' : 'a request body';
  return `the request body is too large: ${what} may be at most ${label} (${bytes} bytes) on this route`;
}
