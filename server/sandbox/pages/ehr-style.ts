// The sandbox EHR's look: the stylesheet of its pages and the SMART style JSON it hands to apps as
// smart_style_url (SMART App Launch 2.x, "Styling": color_*, dim_*, font_family_* properties).
export const SMART_STYLE = {
  color_background: '#f4f6f8',
  color_error: '#b3261e',
  color_highlight: '#0b5cab',
  color_modal_backdrop: 'rgba(0, 0, 0, 0.4)',
  color_success: '#1e7b34',
  color_text: '#1c2530',
  dim_border_radius: '4px',
  dim_font_size: '15px',
  dim_spacing_size: '16px',
  font_family_body: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  font_family_heading: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};

export const EHR_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2530;background:#f4f6f8}
a{color:#0b5cab}
code{font-size:.9em;background:#e8edf2;padding:0 .25em;border-radius:3px}
.muted{color:#5b6775}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.ehr-bar{display:flex;gap:1.5rem;align-items:center;padding:.5rem 1rem;background:#123b63;color:#fff}
.ehr-bar .muted{color:#c9d6e3;margin-left:auto}
.ehr-logo{font-weight:700;color:#fff;text-decoration:none}
main{max-width:78rem;margin:0 auto;padding:1rem 1.5rem 3rem}
main.narrow{max-width:40rem}
table.cases{border-collapse:collapse;width:100%;background:#fff}
table.cases caption{text-align:left;font-weight:600;padding:.5rem 0}
table.cases th,table.cases td{border:1px solid #d5dce3;padding:.5rem .6rem;vertical-align:top;text-align:left}
table.cases thead th{background:#e8edf2}
a.button,button{display:inline-block;padding:.4rem .8rem;border-radius:4px;background:#0b5cab;color:#fff;text-decoration:none;border:0;font:inherit;cursor:pointer;white-space:nowrap}
dl.endpoints dt{font-weight:600;margin-top:.5rem}
dl.endpoints dd{margin-left:0}
.patient-banner{display:flex;flex-wrap:wrap;gap:1.25rem;align-items:baseline;padding:.6rem 1rem;background:#fff;border-bottom:1px solid #d5dce3}
.patient-name{font-size:1.15rem}
.chart{display:flex;flex-direction:column;height:calc(100vh - 5.5rem)}
.chart-tabs{display:flex;gap:1rem;padding:.4rem 1rem;background:#e8edf2;border-bottom:1px solid #d5dce3}
.chart-tabs .active{font-weight:700;border-bottom:2px solid #0b5cab}
.app-frame{flex:1;width:100%;border:0;background:#fff}
ul.choices{list-style:none;padding:0}
ul.choices li{margin:.4rem 0}
.close-visit{margin-left:auto}
.cds-card{background:#fff;border:1px solid #d5dce3;border-left:6px solid #5b6775;border-radius:4px;padding:.25rem 1rem;margin:1rem 0}
.cds-card.cds-warning{border-left-color:#b26a00}
.cds-card.cds-critical{border-left-color:#b3261e}
.cds-card h2{font-size:1.1rem;margin:.25rem 0}
.cds-detail pre,.cds-detail code{overflow-wrap:anywhere;white-space:pre-wrap}
.cds-detail blockquote{border-left:3px solid #d5dce3;margin:.5rem 0;padding-left:.75rem}
.cds-indicator{text-transform:uppercase;font-size:.8rem;font-weight:700;margin:.5rem 0 0;color:#5b6775}
ul.cds-links{list-style:none;padding:0}
.cds-clear{background:#e6f4ea;padding:.6rem 1rem;border-radius:4px}
dl.endpoints code{overflow-wrap:anywhere}
@media (max-width:600px){
main{padding:1rem .75rem 2rem}
.ehr-bar{gap:.75rem}
a.button{white-space:normal;max-width:100%}
table.cases,table.cases tbody,table.cases tr,table.cases th,table.cases td{display:block}
table.cases thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.cases{background:none}
table.cases caption{display:block}
table.cases tbody tr{background:#fff;border:1px solid #d5dce3;border-radius:4px;margin:0 0 .75rem}
table.cases th,table.cases td{border:0;padding:.3rem .75rem}
table.cases td:nth-of-type(2)::before{content:'What happened: ';font-weight:600}
table.cases td:nth-of-type(3)::before{content:'What the app should show: ';font-weight:600}
}
`;
