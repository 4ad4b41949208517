// `npm start` / `npm run serve`: validate the configuration, build the app if asked and needed, start the
// server, print where it is. Exit 2 with every configuration problem listed when something is wrong.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverConfigFrom, ServerConfigError, USAGE, type ServerConfig } from './config';
import { buildApp, neverBuilt, staleReason } from './ensure-build';
import { startupText } from './startup-text';
import { readStartupFiles, startServer } from './start';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Resolves with an exit code when the server could not start, or 'running' while it serves. */
async function main(argv: string[]): Promise<number | 'running'> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config: ServerConfig;
  try {
    config = serverConfigFrom(argv, process.env);
    if (config.buildIfStale) {
      const reason = staleReason(projectRoot, config.distDir);
      if (reason) {
        const say = (line: string) => process.stderr.write(`${line}\n`);
        say(
          neverBuilt(config.distDir)
            ? "First start: building the app's browser pages (a few seconds; only again when its sources change)..."
            : `The app changed since it was last built (${reason}): building it again (a few seconds)...`,
        );
        await buildApp(projectRoot, config.distDir, say);
      }
    }
    const running = await startServer(config);
    process.stdout.write(startupText(running, config));
    const stop = () => {
      running.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return 'running';
  } catch (err) {
    if (err instanceof ServerConfigError) {
      // The flags and variables had problems: read the files too, so one run lists everything to fix.
      const more = err.config ? (await readStartupFiles(err.config)).problems : [];
      process.stderr.write(`${new ServerConfigError([...err.problems, ...more]).message}\n(--help lists every flag and environment variable)\n`);
      return 2;
    }
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((outcome) => {
  if (outcome !== 'running') process.exit(outcome);
});
