// Asks the browser for the app page's files (listed by the build: scripts/vite-prefetch-app.ts) as the launch
// page leaves for the EHR's authorize endpoint. Prefetches outlive the page that started them, so the app page,
// one redirect later, finds them in the cache.
export const APP_FILES_META = 'jcode-assist:app-files';

export function prefetchAppFiles(doc: Document = document): void {
  const files = doc.querySelector(`meta[name="${APP_FILES_META}"]`)?.getAttribute('content')?.split(/\s+/).filter((f) => f.startsWith('/assets/')) ?? [];
  for (const href of files) {
    const link = doc.createElement('link');
    link.rel = 'prefetch';
    link.crossOrigin = 'anonymous';
    link.href = href;
    doc.head.append(link);
  }
}
