// `npm run dispatch -- …`: the dispatch CLI from its bundle (dist/cli/dispatch.mjs), built first
// when missing or older than any of its sources; then main() runs in this same process (no second
// Node start). docs/dispatch.md, "CLI".
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { ensureCliBundle } from './bundle.mjs';

const bundle = await ensureCliBundle();
const { runMain } = await import(pathToFileURL(bundle).href);
await runMain(process.argv.slice(2));
