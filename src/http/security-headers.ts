/**
 * Security headers on every response:
 * - `Content-Security-Policy`: the web app's policy on everything but Swagger UI (`/docs`, whose
 *   page needs its own inline styles and images, gets a policy of its own). Scripts come only from
 *   this origin (the built app has no inline script), styles may be inline (Mantine sets CSS
 *   variables and style attributes at run time), plugins only for this origin's PDFs (the invoice
 *   page's preview), framed by no other origin (`frame-ancestors 'self'`: the app embeds its own PDFs);
 *   the e-mail preview is a sandboxed `srcdoc` frame, which inherits the policy.
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: SAMEORIGIN`
 *   (for browsers without `frame-ancestors`).
 * - `Strict-Transport-Security` only when the request came over TLS: its own (not possible with
 *   `cashloop start`, which listens in plain HTTP) or, with trust-proxy configured, as the proxy's
 *   `X-Forwarded-Proto: https` says. Over plain HTTP the header would be ignored at best.
 * Fastify sends no `X-Powered-By`; a test keeps it that way.
 */
import type { FastifyInstance } from 'fastify';

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // blob: the print batch's PDF, fetched once and offered as a blob: link.
  "connect-src 'self' blob:",
  // The invoice page previews the invoice's own PDF in an <object> (this origin only).
  "object-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  // 'self', not 'none': the invoice page embeds the invoice's PDF, itself an answer of this server.
  "frame-ancestors 'self'",
].join('; ');

/** Swagger UI: its bundle is served from /docs/static, but it styles and draws inline. */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** One year, subdomains not included (the installation does not own its parent domain). */
export const HSTS = 'max-age=31536000';

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    reply.header(
      'content-security-policy',
      path === '/docs' || path.startsWith('/docs/') ? DOCS_CSP : APP_CSP,
    );
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'SAMEORIGIN');
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
