// The EHR's look, from the token's smart_style_url (SMART App Launch, "Styling"): colours, fonts and spacing
// become CSS custom properties the stylesheet reads with its own defaults. A style that cannot be fetched or read
// changes nothing; values that are not plain CSS values are ignored.
const PROPERTIES: Record<string, string> = {
  color_background: '--jc-background',
  color_error: '--jc-error',
  color_highlight: '--jc-highlight',
  color_modal_backdrop: '--jc-backdrop',
  color_success: '--jc-success',
  color_text: '--jc-text',
  dim_border_radius: '--jc-radius',
  dim_font_size: '--jc-font-size',
  dim_spacing_size: '--jc-spacing',
  font_family_body: '--jc-font-body',
  font_family_heading: '--jc-font-heading',
};

// Colours, lengths and font lists; no url(), expressions, braces or semicolons.
const SAFE_VALUE = /^[#(),.%\w\s'"-]{1,120}$/;

export async function applySmartStyle(url: string, root: HTMLElement = document.documentElement): Promise<number> {
  let style: unknown;
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'omit' });
    if (!response.ok) return 0;
    style = await response.json();
  } catch {
    return 0;
  }
  if (typeof style !== 'object' || style === null) return 0;
  let applied = 0;
  for (const [key, property] of Object.entries(PROPERTIES)) {
    const value = (style as Record<string, unknown>)[key];
    if (typeof value === 'string' && SAFE_VALUE.test(value) && !/url\s*\(|expression/i.test(value)) {
      root.style.setProperty(property, value);
      applied++;
    }
  }
  return applied;
}
