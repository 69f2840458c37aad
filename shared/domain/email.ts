/**
 * WordPress's `is_email()` (wp-includes/formatting.php), rule for rule, so that an
 * address WordPress accepts is accepted here and one it rejects is rejected.
 * Unlike WordPress we return a reason-free boolean only: the caller words the error.
 */
const LOCAL_PART = /^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const SUBDOMAIN = /^[a-z0-9-]+$/i;

export function isEmail(address: string): boolean {
  // Shortest possible: a@b.cd
  if (address.length < 6) return false;
  const at = address.indexOf('@', 1);
  if (at === -1) return false;

  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!LOCAL_PART.test(local)) return false;

  // WordPress rejects sequences of periods, and leading/trailing periods.
  if (domain.includes('..')) return false;
  if (domain !== trimChars(domain, '. \t\n\r\0\x0B')) return false;

  const subs = domain.split('.');
  if (subs.length < 2) return false;
  for (const sub of subs) {
    if (sub !== trimChars(sub, ' \t\n\r\0\x0B-')) return false;
    if (!SUBDOMAIN.test(sub)) return false;
  }
  return true;
}

function trimChars(value: string, chars: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value[start]!)) start++;
  while (end > start && chars.includes(value[end - 1]!)) end--;
  return value.slice(start, end);
}

/** The canonical form used for keyed lookups: WordPress compares addresses case-insensitively. */
export function normaliseEmail(address: string): string {
  return address.trim().toLowerCase();
}
