import { isIPv4, isIPv6 } from 'node:net';

/**
 * WordPress's `wp_privacy_anonymize_ip`: IPv4 keeps its first three octets
 * (last → 0), IPv6 keeps its /64 network prefix. Anything else is dropped.
 */
export function anonymiseIp(ip: string): string | null {
  const value = ip.trim();
  if (isIPv4(value)) return value.replace(/\.\d+$/, '.0');
  if (isIPv6(value)) {
    const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
    if (mappedV4) return `::ffff:${anonymiseIp(mappedV4[1]!)}`;
    const groups = expandIpv6(value.split('%')[0]!);
    return compressIpv6([...groups.slice(0, 4), 0, 0, 0, 0]);
  }
  return null;
}

/**
 * What the flood check and the rate limit count as one client: an IPv4 address, or an
 * IPv6 /64 — one subscriber's allocation, in which a client may pick any address it likes.
 */
export function throttleSubject(ip: string): string {
  const value = ip.trim();
  if (isIPv6(value) && !/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value)) return `${anonymiseIp(value)}/64`;
  return value;
}

function expandIpv6(address: string): number[] {
  let text = address;
  // An embedded IPv4 tail (::1.2.3.4) becomes two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...fill, ...tailGroups].map((g) => parseInt(g || '0', 16));
}

function compressIpv6(groups: number[]): string {
  const hex = groups.map((g) => g.toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < hex.length; ) {
    if (hex[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < hex.length && hex[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart === -1) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}
