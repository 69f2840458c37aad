import { describe, expect, it } from 'vitest';
import { isEmail, normaliseEmail } from '../../../../shared/domain/email.ts';

describe('Function: isEmail', () => {
  // Accepted by WordPress's is_email() (wp-includes/formatting.php).
  it.each([
    'a@b.cd',
    'reader@example.com',
    'first.last@example.com',
    'user+tag@example.co.uk',
    "o'reilly@example.ie",
    'UPPER@EXAMPLE.COM',
    'x_y-z@sub-domain.example.org',
    "!#$%&'*+/=?^_`{|}~-@example.com",
    '.leading@example.com', // WordPress's local-part rule allows any mix of periods
    'a..b@example.com',
    'user@xn--80ak6aa92e.com',
    'user@123.123.123.123',
    'user@example.c1',
  ])('accepts %s', (address) => {
    // Act & Assess
    expect(isEmail(address)).toBe(true);
  });

  // Rejected by WordPress's is_email().
  it.each([
    ['too short', 'a@b.c'],
    ['empty', ''],
    ['no @', 'reader.example.com'],
    ['@ first', '@example.com'],
    ['no domain dot', 'user@localhost'],
    ['double @', 'user@@example.com'],
    ['two @', 'user@host@example.com'],
    ['space in local part', 'us er@example.com'],
    ['quoted local part', '"user"@example.com'],
    ['non-ASCII local part', 'üser@example.com'],
    ['non-ASCII domain', 'user@exämple.com'],
    ['underscore in domain', 'user@exa_mple.com'],
    ['consecutive periods in domain', 'user@example..com'],
    ['leading period in domain', 'user@.example.com'],
    ['trailing period in domain', 'user@example.com.'],
    ['leading hyphen in label', 'user@-example.com'],
    ['trailing hyphen in label', 'user@example-.com'],
    ['IP literal', 'user@[127.0.0.1]'],
    ['trailing space', 'user@example.com '],
    ['comma', 'user,name@example.com'],
    ['angle brackets', '<user@example.com>'],
    ['header injection', 'user@example.com\nBcc: x@y.zz'],
  ])('rejects an address with %s', (_why, address) => {
    // Act & Assess
    expect(isEmail(address)).toBe(false);
  });
});

describe('Function: normaliseEmail', () => {
  it('trims and lower-cases', () => {
    // Act & Assess
    expect(normaliseEmail('  Reader@Example.COM ')).toBe('reader@example.com');
  });
});
