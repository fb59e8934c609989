/**
 * The network an address belongs to, as the "new place" detector compares them: an IPv4 address's
 * /24 (`203.0.113.0/24`), an IPv6 address's /48 (`2001:db8:1::/48`). An IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.7`, what a dual-stack server reports for an IPv4 client) is its IPv4 address.
 * Null for anything that is not an IP address.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Expand an IPv6 address to its eight 16-bit groups (embedded IPv4 tail included); null if not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split('%')[0] ?? '';
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4tail?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4tail[1].split('.').map(Number);
    text = `${text.slice(0, -v4tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16)));
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  const missing = 8 - front.length - back.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...front, ...Array<number>(missing).fill(0), ...back];
}

/**
 * `networkOf('203.0.113.7')` → `203.0.113.0/24`; `networkOf('2001:DB8:1:2::5')` → `2001:db8:1::/48`;
 * `networkOf('::ffff:203.0.113.7')` → `203.0.113.0/24`; `networkOf('unknown')` → null.
 */
export function networkOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const ip = address.trim();
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(ip)) return null;
  const groups = ipv6Groups(ip.toLowerCase());
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const hi = groups[6] ?? 0;
    return `${hi >> 8}.${hi & 0xff}.${(groups[7] ?? 0) >> 8}.0/24`;
  }
  const [a = 0, b = 0, c = 0] = groups;
  const prefix = [a, b, c].map((g) => g.toString(16));
  while (prefix.length > 1 && prefix.at(-1) === '0') prefix.pop();
  return `${prefix.join(':')}::/48`;
}
