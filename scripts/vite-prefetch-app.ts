// The launch page has the browser fetch the app page's scripts and styles in the background (rel=prefetch) while
// the EHR answers the authorize request, so the app page finds them in the cache: at 400 ms latency that is one
// round trip and the app's largest file off the path to the first line. The build lists the files in a meta
// element; launch/prefetch-app.ts asks for them when it leaves for the EHR, not earlier, where they would share
// the bandwidth with the launch page's own script.
import type { Plugin, Rollup } from 'vite';
import { APP_FILES_META } from '../launch/prefetch-app';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/** Every file an HTML entry's script needs (its chunk, the chunks it imports, their CSS; `dynamic`: and the ones it
 * imports later). */
function filesOfEntry(bundle: OutputBundle, entryModuleSuffix: string, dynamic = false): Set<string> {
  const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry && (c.facadeModuleId ?? '').replace(/\\/g, '/').endsWith(entryModuleSuffix));
  const files = new Set<string>();
  const visit = (chunk: OutputChunk | undefined) => {
    if (!chunk || files.has(chunk.fileName)) return;
    files.add(chunk.fileName);
    for (const css of (chunk as OutputChunk & { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []) files.add(css);
    for (const imported of [...chunk.imports, ...(dynamic ? chunk.dynamicImports : [])]) visit(chunks.find((c) => c.fileName === imported));
  };
  visit(entry);
  return files;
}

export function prefetchAppFromLaunch(opts: { launchHtml: string; launchEntry: string; appEntry: string }): Plugin {
  return {
    name: 'jcode-assist:prefetch-app',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const launch = Object.values(bundle).find((o) => o.fileName === opts.launchHtml);
      if (!launch || launch.type !== 'asset' || typeof launch.source !== 'string') {
        this.error(`prefetch-app: ${opts.launchHtml} is not in the build`);
      }
      // The launch page loads its stylesheet itself, after its first paint: not to be fetched twice.
      const already = filesOfEntry(bundle, opts.launchEntry, true);
      const needed = [...filesOfEntry(bundle, opts.appEntry)].filter((f) => !already.has(f));
      if (!needed.length) this.error(`prefetch-app: found no files of ${opts.appEntry}`);
      const meta = `    <meta name="${APP_FILES_META}" content="${needed.map((f) => `/${f}`).join(' ')}">`;
      launch.source = launch.source.replace(/\s*<\/head>/, `\n${meta}\n  </head>`);
    },
  };
}
