/** `npm run web`: the main-process services in plain Node, the renderer served to a browser. */
import { startApp } from '../app/compose';
import { parseStartArgs, USAGE } from '../app/args';
import { startWebServer } from './server';
import { ensureRendererBuilt } from './ensureRenderer';

async function main(): Promise<void> {
  let args;
  try {
    args = parseStartArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  ensureRendererBuilt();
  const app = await startApp({
    dataDir: args.data,
    mode: 'web',
    mapPackDir: args.mapPack,
    scenarioFile: args.scenario,
    hub: { url: args.hub, token: args.token, ca: args.hubCa },
  });
  const server = await startWebServer(app, { port: args.port, host: args.host });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  console.log(`[jinying] data: ${args.data}`);
  // Printed last, once everything is ready: scripts and tests wait for this line.
  console.log(server.url);
}

main().catch((e: Error) => {
  console.error(`[jinying] could not start: ${e.message}`);
  process.exit(1);
});
