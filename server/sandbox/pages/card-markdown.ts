// A CDS card's detail is Markdown (CDS Hooks 2.0, Card.detail: "GitHub Flavored Markdown"); the sandbox EHR shows
// it formatted, as a real EHR would. The text is parsed by mdast-util-from-markdown (CommonMark) and every node is
// written back through hono/html's html`...`, so all text is escaped by the same template as the rest of the
// pages. Raw HTML in the Markdown is shown as the text it is, links keep only http(s) targets, images show their
// alt text (the pages load nothing from elsewhere), and what the subset does not know is shown as its text.
import { html } from 'hono/html';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Markup } from './html';

type Root = ReturnType<typeof fromMarkdown>;
type MdNode = Root | Root['children'][number];

/** The longest detail formatted; past it the rest is cut with a note (a service's answer is not ours to trust). */
const MAX_DETAIL = 20_000;
/** Nesting deeper than this (">>>>>>..." or lists in lists) is shown as text, so rendering never recurses far. */
const MAX_DEPTH = 12;

export function cardDetailHtml(markdown: string): Markup {
  const cut = markdown.length > MAX_DETAIL;
  const tree = fromMarkdown(cut ? markdown.slice(0, MAX_DETAIL) : markdown);
  return html`<div class="cds-detail">${children(tree, 0)}${cut ? html`<p class="muted">(The rest of the detail is too long to show.)</p>` : ''}</div>`;
}

function children(node: MdNode, depth: number): (Markup | string)[] {
  return 'children' in node ? node.children.map((child) => nodeHtml(child, depth + 1)) : [];
}

function nodeHtml(node: MdNode, depth: number): Markup | string {
  if (depth > MAX_DEPTH) return textOf(node);
  switch (node.type) {
    case 'paragraph':
      return html`<p>${children(node, depth)}</p>`;
    case 'heading':
      // The card's summary is the h2: headings inside the detail sit below it.
      return html`<h3>${children(node, depth)}</h3>`;
    case 'list': {
      const items = node.children.map((item) => {
        // A tight list's items hold their text directly, as CommonMark renders them.
        const parts = item.children.map((c) => (c.type === 'paragraph' && !node.spread && !item.spread ? html`${children(c, depth + 2)}` : nodeHtml(c, depth + 2)));
        return html`<li>${parts}</li>`;
      });
      return node.ordered ? html`<ol start="${node.start ?? 1}">${items}</ol>` : html`<ul>${items}</ul>`;
    }
    case 'blockquote':
      return html`<blockquote>${children(node, depth)}</blockquote>`;
    case 'code':
      return html`<pre><code>${node.value}</code></pre>`;
    case 'thematicBreak':
      return html`<hr>`;
    case 'strong':
      return html`<strong>${children(node, depth)}</strong>`;
    case 'emphasis':
      return html`<em>${children(node, depth)}</em>`;
    case 'inlineCode':
      return html`<code>${node.value}</code>`;
    case 'break':
      return html`<br>`;
    case 'link':
      return /^https?:\/\//i.test(node.url)
        ? html`<a href="${node.url}" rel="noopener noreferrer">${children(node, depth)}</a>`
        : html`${children(node, depth)}`;
    case 'image':
      return node.alt ?? '';
    case 'definition':
      return '';
    case 'text':
    case 'html':
      // Raw HTML from the card stays text: escaped like any other.
      return node.value;
    default:
      return 'children' in node ? html`${children(node, depth)}` : textOf(node);
  }
}

/** A node's text without markup (what is shown for nesting past MAX_DEPTH and for nodes the subset does not format). */
function textOf(node: MdNode): string {
  const parts: string[] = [];
  const stack: MdNode[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if ('value' in next && typeof next.value === 'string') parts.push(next.value);
    else if ('alt' in next && typeof next.alt === 'string') parts.push(next.alt);
    if ('children' in next) for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
