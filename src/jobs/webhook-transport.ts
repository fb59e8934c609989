/**
 * One HTTP POST of a signed delivery, with a timeout, connecting only to an address the SSRF
 * guard accepts: the guard runs inside the socket's DNS lookup, so the address checked is the one
 * connected to (no second resolution in between). Never throws: what happened is the outcome.
 * The webhooks module's `WebhookTransport` port; wired in src/main.ts (modules do no HTTP).
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AttemptOutcome, WebhookTransport } from '../modules/webhooks/index.ts';
import { isPrivateAddress } from '../modules/webhooks/index.ts';

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: false }, (err, address, family) => {
      if (err) return callback(err, '', 0);
      const addr = String(address);
      if (!allowPrivate && isPrivateAddress(addr))
        return callback(new Error(`refused: ${hostname} resolves to a private address`), '', 0);
      callback(null, addr, family as number);
    });
  };
}

const MAX_BODY = 64 * 1024;

/** POST over node:http(s): 2xx is success to the caller; redirects are not followed. */
export const httpTransport: WebhookTransport = (r) =>
  new Promise((resolve) => {
    const started = performance.now();
    const done = (o: Omit<AttemptOutcome, 'durationMs'>) =>
      resolve({ ...o, durationMs: Math.round(performance.now() - started) });
    const url = new URL(r.url);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!r.allowPrivate && isIP(literal) && isPrivateAddress(literal))
      return done({ statusCode: null, body: null, error: `refused: ${literal} is a private address` });
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'cashloop-webhooks/1', ...r.headers },
      lookup: guardedLookup(r.allowPrivate),
      timeout: r.timeoutMs,
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${r.timeoutMs} ms`)));
    req.on('error', (e) => done({ statusCode: null, body: null, error: e.message }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < MAX_BODY) text += chunk;
      });
      res.on('end', () => done({ statusCode: res.statusCode ?? null, body: text, error: null }));
      res.on('error', (e) => done({ statusCode: res.statusCode ?? null, body: text, error: e.message }));
    });
    req.end(r.body);
  });
