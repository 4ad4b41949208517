// POST /sandbox/ehr/:patient/close: what an EHR shows after calling encounter-discharge: the services' cards
// (indicator, summary, detail formatted from its Markdown, source, and the SMART link that launches the app on the visit), or that nothing
// stands in the way of closing. The sandbox keeps the visit as it was, so the demo can close it again.
import type { SampleCase } from '../samples/sample-case';
import { patientName } from '../samples/sample-case';
import type { HookOutcome, ShownCard } from '../cds/cds-client';
import { html } from 'hono/html';
import { cardDetailHtml } from './card-markdown';
import { page, type Markup } from './html';

export function visitClosePage(sample: SampleCase, outcome: HookOutcome): Markup {
  const back = html`<p><a href="/sandbox/ehr/${sample.id}">Back to the chart</a></p>`;
  let body: Markup;
  if (!outcome.ok) {
    body = html`<p role="alert">The discharge check could not run: ${outcome.problem}. The visit may be closed; no card was shown.</p>${back}`;
  } else if (outcome.cards.length === 0) {
    body = html`<p role="status" class="cds-clear">No cards: nothing stands in the way of closing this visit.</p>${back}`;
  } else {
    body = html`<p>Before this visit is closed, ${outcome.cards.length === 1 ? 'one service has' : `${outcome.cards.length} services have`} something to say:</p>
${outcome.cards.map((card) => cardHtml(sample, card))}
${back}`;
  }
  return page(
    `Close visit - ${patientName(sample.patient)} - Sandbox EHR`,
    html`<header class="ehr-bar"><a class="ehr-logo" href="/sandbox/">Sandbox EHR</a><span>Riverside Infusion and Eye Clinic</span><span class="muted">signed in: Dana Okafor, RN</span></header>
<main class="narrow">
<h1>Close visit: ${patientName(sample.patient)}</h1>
${body}
</main>`,
  );
}

function cardHtml(sample: SampleCase, card: ShownCard): Markup {
  const links = (card.links ?? []).map((link) => {
    if (link.type !== 'smart') return html`<li><a href="${safeHref(link.url)}" rel="noopener noreferrer">${link.label}</a></li>`;
    // A SMART link is launched by the EHR itself, with a launch code carrying the appContext's visit.
    const params = new URLSearchParams({ url: link.url, appContext: link.appContext ?? '' });
    return html`<li><a class="button" href="/sandbox/ehr/${sample.id}/smart-link?${params.toString()}">${link.label}</a></li>`;
  });
  return html`<article class="cds-card cds-${card.indicator}" aria-label="${card.source.label} card">
<p class="cds-indicator">${card.indicator}</p>
<h2>${card.summary}</h2>
${card.detail ? cardDetailHtml(card.detail) : ''}
<p class="muted">Source: ${card.source.label}</p>
<ul class="cds-links">${links}</ul>
</article>`;
}

function safeHref(url: string): string {
  return /^https?:\/\//.test(url) ? url : '#';
}
