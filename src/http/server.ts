/** Listening is all this file does: the app itself is built by `buildApp`. */
import type { FastifyInstance } from 'fastify';

/** Listen on `host:port` and return the base URL, e.g. `http://127.0.0.1:3000`. */
export async function startServer(
  app: FastifyInstance,
  options: { port: number; host: string },
): Promise<string> {
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}
