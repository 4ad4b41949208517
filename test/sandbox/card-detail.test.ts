// The sandbox EHR shows a CDS card's detail formatted from its Markdown (CDS Hooks 2.0: Card.detail is Markdown),
// as an EHR would, and safely: every piece of text goes through hono/html's escaping, raw HTML in the Markdown is
// shown as text, only http(s) links become links, and images are never loaded.
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { cardDetailHtml } from '../../server/sandbox/pages/card-markdown';
import { ORIGIN, testApp } from '../server/helpers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** The rendered detail as a DOM fragment, to ask about elements rather than strings. */
async function rendered(markdown: string): Promise<{ markup: string; root: Element }> {
  const markup = String(await cardDetailHtml(markdown));
  const window = new Window();
  window.document.body.innerHTML = markup;
  return { markup, root: window.document.body as unknown as Element };
}

describe('the card on "Close visit"', () => {
  it("shows the J-Code Assist card's detail as a list with bold labels, not Markdown signs", async () => {
    const t = await testApp({ sandbox: true });
    cleanups.push(t.cleanup);
    const page = await (await t.app.request(`${ORIGIN}/sandbox/ehr/waste-missing/close`, { method: 'POST' })).text();
    const detail = /<div class="cds-detail">[\s\S]*?<\/div>/.exec(page)?.[0];
    expect(detail).toBeDefined();
    const { root } = await rendered('');
    root.innerHTML = detail!;
    const items = [...root.querySelectorAll('ul > li')];
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.querySelector('strong')?.textContent).toBe('What to do:');
    expect(root.querySelector('p')?.textContent).toMatch(/^Medicare requires the JW modifier/);
    expect(root.textContent).not.toContain('**');
    // The service's escaped parentheses ("Remicade \(infliximab\)") read as plain parentheses.
    expect(root.textContent).toContain('Remicade (infliximab)');
    expect(root.textContent).not.toContain('\\');
  });
});

describe('a hostile or careless detail', () => {
  it('raw HTML is shown as text; no script, image, handler or javascript: link reaches the page', async () => {
    const { markup, root } = await rendered(
      [
        '<script>alert(1)</script>',
        '',
        'Inline <img src=x onerror=alert(2)> and <b onclick="alert(3)">bold</b>',
        '',
        '[click me](javascript:alert(4)) [data](data:text/html,hi) ![tracker](https://evil.example.org/pixel.png)',
        '',
        '[quote](https://example.org/a"onmouseover="alert(5))',
      ].join('\n'),
    );
    expect(root.querySelector('script, img, b, [onclick], [onerror], [onmouseover]')).toBeNull();
    expect(markup).not.toMatch(/<script|<img|<b |javascript:|data:text/i);
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.textContent).toContain('<img src=x onerror=alert(2)>');
    expect(root.textContent).toContain('click me');
    expect(root.textContent).toContain('tracker');
    const links = [...root.querySelectorAll('a')];
    // The quotes stay inside the attribute (escaped), so they add no attribute of their own.
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/a"onmouseover="alert(5)']);
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('the common subset: headings, ordered lists from their start, emphasis, code, quotes, line breaks', async () => {
    const { root } = await rendered('# Title\n\n3. third\n4. fourth\n\n*em* and `a<b`\\\nnext line\n\n> quoted\n\n```\ncode & more\n```');
    expect(root.querySelector('h3')?.textContent).toBe('Title');
    expect(root.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect([...root.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['third', 'fourth']);
    expect(root.querySelector('em')?.textContent).toBe('em');
    expect(root.querySelector('p > code')?.textContent).toBe('a<b');
    expect(root.querySelector('br')).not.toBeNull();
    expect(root.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    expect(root.querySelector('pre > code')?.textContent).toBe('code & more');
  });

  it('deep nesting and a very long detail are shown as text, cut with a note, without failing', async () => {
    const deep = await rendered(`${'> '.repeat(3000)}deep`);
    expect(deep.root.textContent).toContain('deep');
    expect(deep.root.querySelectorAll('blockquote').length).toBeLessThan(20);
    const long = await rendered('word '.repeat(10_000));
    expect(long.root.textContent).toContain('The rest of the detail is too long to show.');
    expect(long.root.textContent!.length).toBeLessThan(21_000);
  });
});
