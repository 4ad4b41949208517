// GET /sandbox/ehr/:patient: an EHR-like chart with the patient banner, embedding the app through a real SMART
// EHR launch: the frame loads the app's launch page with iss = this FHIR server and a fresh launch code that
// carries the patient and the visit.
import { html } from 'hono/html';
import type { SampleCase } from '../samples/sample-case';
import { patientName } from '../samples/sample-case';
import type { SandboxUrls } from '../urls';
import { page, type Markup } from './html';

/** `appLaunchUrl`: the app's launch URL from a CDS card's SMART link; the app's own /launch/ by default. */
export function ehrFramePage(sample: SampleCase, launchCode: string, urls: SandboxUrls, appLaunchUrl = '/launch/'): Markup {
  const launchUrl = `${appLaunchUrl}?${new URLSearchParams({ iss: urls.fhirBase, launch: launchCode }).toString()}`;
  const visit = sample.encounter;
  const date = visit.period?.start?.slice(0, 10) ?? '';
  return page(
    `${patientName(sample.patient)} - Sandbox EHR`,
    html`<header class="ehr-bar"><a class="ehr-logo" href="/sandbox/">Sandbox EHR</a><span>Riverside Infusion and Eye Clinic</span><span class="muted">signed in: Dana Okafor, RN</span></header>
<section class="patient-banner" aria-label="Patient">
<strong class="patient-name">${patientName(sample.patient)}</strong>
<span>DOB ${sample.patient.birthDate ?? ''}</span>
<span>${sample.patient.gender ?? ''}</span>
<span>MRN ${sample.patient.identifier?.[0]?.value ?? ''}</span>
<span>Visit ${date}: ${visit.type?.[0]?.text ?? ''}</span>
<form class="close-visit" method="post" action="/sandbox/ehr/${sample.id}/close"><button type="submit">Close visit</button></form>
</section>
<div class="chart">
<nav class="chart-tabs" aria-label="Chart"><span>Summary</span><span>MAR</span><span>Orders</span><span class="active">J-Code Assist</span></nav>
<iframe class="app-frame" title="J-Code Assist" src="${launchUrl}"></iframe>
</div>`,
  );
}

export function unknownPatientPage(id: string): Markup {
  return page('Unknown patient - Sandbox EHR', html`<main class="narrow"><h1>No such patient</h1><p role="alert">The sandbox has no patient '${id}'.</p><p><a href="/sandbox/">Back to the patient list</a></p></main>`);
}
