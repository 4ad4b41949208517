// Every relative link in README.md and docs/*.md must lead somewhere: the file exists, and a #fragment names a
// heading of the page it points to (GitHub's anchor for it, as github-slugger makes them). Links to other sites
// are not followed (the tests run offline).
import GithubSlugger from 'github-slugger';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pages = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name)),
];

/** The page's text with fenced code blocks and inline code blanked out: links there are examples, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets: [text](target), ![alt](target) and <a href="target">, without any "title". */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const targets: string[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]!);
  for (const m of text.matchAll(/<(?:a|img)\s[^>]*?(?:href|src)="([^"]+)"/g)) targets.push(m[1]!);
  return targets;
}

/** The anchors GitHub gives the page's headings (duplicates numbered the way it numbers them). */
function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const m of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    anchors.add(slugger.slug(m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')));
  }
  return anchors;
}

/** What is wrong with one link from `page`, or undefined when it leads somewhere. */
function deadLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: ...: another site
  const [pathPart = '', fragment] = target.split('#', 2);
  const file = pathPart === '' ? page : resolve(dirname(page), decodeURIComponent(pathPart));
  if (!existsSync(file)) return `${target}: no file ${relative(root, file)}`;
  if (fragment === undefined) return undefined;
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return `${target}: a #fragment on a file that is not a page`;
  if (!anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(fragment).toLowerCase())) {
    return `${target}: ${relative(root, file)} has no heading #${fragment}`;
  }
  return undefined;
}

describe('links in the README and docs/', () => {
  it('reads the pages it checks', () => {
    expect(pages.map((p) => relative(root, p))).toEqual(expect.arrayContaining(['README.md', 'docs/design.md', 'docs/billing-rules.md']));
  });

  it.each(pages.map((p) => [relative(root, p), p]))('%s has no dead relative link', (_name, page) => {
    const dead = linkTargets(readFileSync(page, 'utf8'))
      .map((target) => deadLink(page, target))
      .filter((problem) => problem !== undefined);
    expect(dead).toEqual([]);
  });

  it('finds the dead links it exists to find', () => {
    const page = join(root, 'docs', 'design.md');
    expect(deadLink(page, 'billing-rules.md')).toBeUndefined();
    expect(deadLink(page, 'billing-rules.md#4-waste-jw-and-jz')).toBeUndefined();
    expect(deadLink(page, '#waste-records-in-fhir')).toBeUndefined();
    expect(deadLink(page, 'no-such-page.md')).toMatch(/no file docs\/no-such-page\.md/);
    expect(deadLink(page, 'billing-rules.md#no-such-section')).toMatch(/no heading/);
    expect(deadLink(page, '#no-such-section')).toMatch(/no heading/);
    expect(deadLink(page, 'https://example.org/missing')).toBeUndefined();
    expect(linkTargets('see [a](a.md "t"), ![b](img/b.png), `[c](c.md)` and\n```\n[d](d.md)\n```\n')).toEqual(['a.md', 'img/b.png']);
  });
});
