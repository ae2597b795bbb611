import { expect } from '@open-wc/testing';
import { linkify } from '../../src/components/shared/linkify.js';

const links = (text: string) => linkify(text).filter((p) => p.type === 'link').map((p) => (p.type === 'link' ? p.href : ''));

describe('linkify', () => {
  it('keeps plain text as one text part', () => {
    expect(linkify('no links here')).to.deep.equal([{ type: 'text', text: 'no links here' }]);
    expect(linkify('')).to.deep.equal([]);
  });

  it('splits text and http(s) links in order', () => {
    expect(linkify('see https://example.com/a and http://x.org')).to.deep.equal([
      { type: 'text', text: 'see ' },
      { type: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { type: 'text', text: ' and ' },
      { type: 'link', text: 'http://x.org', href: 'http://x.org/' },
    ]);
  });

  it('leaves sentence punctuation and unbalanced parentheses outside the link', () => {
    expect(links('Go to https://example.com/path.')).to.deep.equal(['https://example.com/path']);
    expect(links('(see https://example.com/a)')).to.deep.equal(['https://example.com/a']);
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar)!')).to.deep.equal(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    const parts = linkify('Go to https://example.com/path.');
    expect(parts.at(-1)).to.deep.equal({ type: 'text', text: '.' });
  });

  it('links mailto: addresses', () => {
    expect(links('write to mailto:help@example.com')).to.deep.equal(['mailto:help@example.com']);
    expect(links('mailto:nobody')).to.deep.equal([]);
  });

  it('never links other schemes', () => {
    expect(links('javascript:alert(1)')).to.deep.equal([]);
    expect(links('JAVASCRIPT:alert(1) data:text/html,<b>x</b> vbscript:x file:///etc/passwd')).to.deep.equal([]);
    expect(linkify('javascript:alert(1)')).to.deep.equal([{ type: 'text', text: 'javascript:alert(1)' }]);
  });

  it('does not let quotes or angle brackets into an href', () => {
    expect(links('<a href="https://evil.example/"x">')).to.deep.equal(['https://evil.example/']);
    for (const part of linkify('https://a.example/<script>"onmouseover=alert(1)')) {
      if (part.type === 'link') expect(part.href).to.not.match(/[<>"]/);
    }
  });

  it('keeps every character of the text across the parts', () => {
    const text = 'a https://x.y/z?q=1#f, b mailto:a@b.c; c javascript:alert(1)\nd';
    expect(linkify(text).map((p) => p.text).join('')).to.equal(text);
  });
});
