// GET /sandbox/: what `npm start` opens. Lists the sample patients, each with the story, what the app should show,
// and a link that performs a real EHR launch of the app inside the sandbox EHR frame. Each link's accessible name
// starts with its visible text (WCAG 2.5.3 Label in Name: a voice user says "click Open from the EHR"); the case
// and patient follow in hidden text, so a screen reader's list of links still tells the rows apart.
import { html } from 'hono/html';
import type { SampleCase } from '../samples/sample-case';
import { patientName } from '../samples/sample-case';
import type { SandboxUrls } from '../urls';
import { page, type Markup } from './html';

export function landingPage(cases: readonly SampleCase[], urls: SandboxUrls): Markup {
  const rows = cases.map(
    (c) => html`<tr>
<th scope="row">${c.title}</th>
<td>${patientName(c.patient)}<br><span class="muted">${c.patient.identifier?.[0]?.value ?? ''}</span></td>
<td>${c.story}</td>
<td>${c.expect}</td>
<td><a class="button" href="/sandbox/ehr/${c.id}">Open from the EHR<span class="visually-hidden"> for ${patientName(c.patient)} (${c.title})</span></a></td>
</tr>`,
  );
  return page(
    'Sandbox EHR - J-Code Assist',
    html`<header class="ehr-bar"><span class="ehr-logo">Sandbox EHR</span><span>Riverside Infusion and Eye Clinic</span><span class="muted">signed in: Dana Okafor, RN</span></header>
<main>
<h1>J-Code Assist: sandbox EHR</h1>
<p>Each patient below had one clinic visit. <strong>Open from the EHR</strong> performs a SMART EHR launch of
J-Code Assist inside an EHR-like frame, exactly as a real EHR would: the app reads the visit through this
server's FHIR API, derives the drug lines, JW/JZ waste lines and administration codes, and can write the draft
Claim and waste records back here. Everything is in memory and resets when the server restarts.</p>
<table class="cases">
<caption>Sample patients</caption>
<thead><tr><th scope="col">Case</th><th scope="col">Patient</th><th scope="col">What happened</th><th scope="col">What the app should show</th><th scope="col">Launch</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<h2>Use the sandbox from other SMART tools</h2>
<dl class="endpoints">
<dt>FHIR R4 base (iss)</dt><dd><code>${urls.fhirBase}</code></dd>
<dt>SMART configuration</dt><dd><a href="${urls.fhirBase}/.well-known/smart-configuration"><code>${urls.fhirBase}/.well-known/smart-configuration</code></a></dd>
<dt>CapabilityStatement</dt><dd><a href="${urls.fhirBase}/metadata"><code>${urls.fhirBase}/metadata</code></a></dd>
<dt>Standalone launch of the app</dt><dd><a href="/launch/?iss=${encodeURIComponent(urls.fhirBase)}"><code>/launch/?iss=${urls.fhirBase}</code></a> (you pick the patient)</dd>
</dl>
<p>The authorization server accepts any public client with PKCE S256, so a standard SMART launcher can launch an
app against this FHIR server. Tokens carry <code>patient</code>, <code>encounter</code>,
<code>need_patient_banner</code> and <code>smart_style_url</code>; scopes are enforced per resource type.</p>
</main>`,
  );
}
