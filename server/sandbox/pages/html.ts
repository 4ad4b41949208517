// The frame of the sandbox's server-rendered pages (no client script: every page works with CSP script-src
// 'none'). Pages are written with hono/html's html`...`: every interpolated value is escaped, except markup that
// is itself html`...`, so no text from a request or a sample record can become markup.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What html`...` makes (a Promise only when a value is one, which these pages never interpolate). */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

export function page(title: string, body: Markup): Markup {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/ehr/ehr.css">
</head>
<body>
${body}
</body>
</html>`;
}
