import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from './external-links';

describe('allowedExternalUrl', () => {
  it.each([
    'https://huridocs.org/',
    'https://www.ohchr.org/en/documents',
    'https://uwazi.io/#features',
    'https://www.huridocs.org/resource-library/?q=events',
  ])('accepts %s', (url) => {
    expect(allowedExternalUrl(url)).toBe(new URL(url).href);
  });

  it.each([
    ['plain http', 'http://huridocs.org/'],
    ['a host not on the list', 'https://example.com/'],
    ['a look-alike suffix', 'https://huridocs.org.evil.test/'],
    ['a look-alike prefix', 'https://evilhuridocs.org/'],
    ['an unlisted subdomain', 'https://docs.huridocs.org/'],
    ['credentials', 'https://user:pass@huridocs.org/'],
    ['a user name only', 'https://user@huridocs.org/'],
    ['an explicit port', 'https://huridocs.org:8443/'],
    ['file scheme', 'file:///etc/passwd'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['not a URL', 'huridocs.org'],
    ['an empty string', ''],
  ])('rejects %s', (_label, url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });

  it('normalises the URL it returns', () => {
    expect(allowedExternalUrl('https://HURIDOCS.org/a b')).toBe('https://huridocs.org/a%20b');
  });
});
