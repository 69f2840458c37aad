import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScript, inlineStyle, pagePolicy } from '../../../../../shared/adapters/http/content-security-policy.ts';

describe('Function: inlineScript', () => {
  it('hashes exactly the text the page embeds', () => {
    // Prepare
    const source = "\nconsole.log('hi');\n";

    // Act & Assess
    expect(inlineScript(source)).toEqual({ source, hash: `'sha256-${createHash('sha256').update(source).digest('base64')}'` });
  });
});

describe('Function: pagePolicy', () => {
  it('allows nothing but what the page declares', () => {
    // Act
    const policy = pagePolicy({}, ['https://api.example']);

    // Assess
    expect(policy).toBe("default-src 'none'; form-action https://api.example; frame-ancestors 'none'; base-uri 'none'");
  });

  it('adds declared scripts and styles by hash, and extra sources a page asks for', () => {
    // Prepare
    const script = inlineScript('a()');
    const style = inlineStyle('b{}');

    // Act
    const policy = pagePolicy({ scripts: [script], styles: [style], scriptSrc: ["'self'"], connectSrc: ["'self'"] }, ['https://api.example', 'https://blog.example']);

    // Assess
    expect(policy).toBe(
      `default-src 'none'; script-src ${script.hash} 'self'; style-src ${style.hash}; connect-src 'self'; form-action https://api.example https://blog.example; frame-ancestors 'none'; base-uri 'none'`,
    );
  });
});
