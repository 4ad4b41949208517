// The one way report.html is written: hono's `html` tagged template, which escapes every value put into it
// (ids, drug names, messages, locations from the export) unless the value is itself a template's result. So no
// text from the export can become markup, and no call site has to remember to escape.
import { html as honoHtml, raw } from 'hono/html';

export type Html = ReturnType<typeof raw>;

/** hono's html, typed as the synchronous result it is here: nothing put into the report is a promise. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error('report.html templates must not hold promises');
  return out;
}

export { raw };
