/**
 * Which URLs an endpoint may have, and which addresses a delivery may connect to (SSRF guard).
 * `https:` always; `http:` only where private addresses are allowed (a development or test set-up
 * with CASHLOOP_WEBHOOKS_ALLOW_PRIVATE=true). No credentials in the URL (they would be shown in
 * every listing). Private, loopback, link-local, unique-local and unspecified addresses are refused
 * unless allowed — checked on the address the name resolves to at delivery, which is the one
 * connected to (webhook-transport.ts).
 */
import { BlockList, isIP } from 'node:net';
import { validationFailed } from '../../shared/errors.ts';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** True for an address an outside endpoint never has (loopback, RFC 1918, link-local …). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

const refuse = (message: string) => validationFailed(`url ${message}`, [{ field: 'url', message }]);

/** The URL checked and normalised, or `validation_failed` on `url` saying why. */
export function checkEndpointUrl(text: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw refuse('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPrivate))
    throw refuse(allowPrivate ? 'must be http or https' : 'must be https');
  if (url.username || url.password) throw refuse('must not carry a user name or password');
  if (url.hash) throw refuse('must not have a #fragment');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (isPrivateAddress(host) || /^localhost$|\.localhost$/i.test(host)))
    throw refuse('points at a private or loopback address');
  return url.toString();
}
