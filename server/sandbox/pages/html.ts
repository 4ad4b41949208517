// Tiny HTML helpers for the sandbox's server-rendered pages (no client script: every page works with CSP
// script-src 'none').
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A tagged template whose interpolations are escaped unless wrapped in raw(). */
export function html(strings: TemplateStringsArray, ...values: (string | number | Raw | Raw[])[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export function raw(markup: string): Raw {
  return new Raw(markup);
}

function render(value: string | number | Raw | Raw[]): string {
  if (value instanceof Raw) return value.html;
  if (Array.isArray(value)) return value.map((v) => v.html).join('');
  return escapeHtml(String(value));
}

export function page(title: string, body: Raw): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/ehr/ehr.css">
</head>
<body>
${body.html}
</body>
</html>`;
}
