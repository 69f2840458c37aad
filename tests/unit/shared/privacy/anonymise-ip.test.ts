import { describe, expect, it } from 'vitest';
import { anonymiseIp } from '../../../../shared/privacy/anonymise-ip.ts';

describe('Function: anonymiseIp', () => {
  it.each([
    ['192.0.2.123', '192.0.2.0'],
    ['10.0.0.1', '10.0.0.0'],
    ['255.255.255.255', '255.255.255.0'],
    ['192.0.2.0', '192.0.2.0'],
    [' 203.0.113.9 ', '203.0.113.0'],
  ])('sets the last octet of IPv4 %s to 0', (ip, expected) => {
    // Act & Assess
    expect(anonymiseIp(ip)).toBe(expected);
  });

  it.each([
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::'],
    ['2001:db8::1', '2001:db8::'],
    ['2001:db8:1:2::', '2001:db8:1:2::'],
    ['fe80::1%eth0', 'fe80::'],
    ['::1', '::'],
    ['2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF', '2001:db8:aaaa:bbbb::'],
    ['2001:0:0:1:2:3:4:5', '2001:0:0:1::'],
    ['::ffff:0:1.2.3.4', '::'],
  ])('keeps the /64 of IPv6 %s', (ip, expected) => {
    // Act & Assess
    expect(anonymiseIp(ip)).toBe(expected);
  });

  it.each([
    ['::ffff:192.0.2.123', '::ffff:192.0.2.0'],
    ['::FFFF:10.1.2.3', '::ffff:10.1.2.0'],
  ])('anonymises an IPv4-mapped address %s as IPv4', (ip, expected) => {
    // Act & Assess
    expect(anonymiseIp(ip)).toBe(expected);
  });

  it.each(['', 'unknown', '256.1.1.1', '1.2.3', '1.2.3.4.5', '2001:db8::1::2', 'gggg::1', '192.0.2.1/24', 'example.com'])('gives null for %j', (ip) => {
    // Act & Assess
    expect(anonymiseIp(ip)).toBeNull();
  });
});
