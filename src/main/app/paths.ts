import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds `assets/` and `dist/`: the repository in development, the app's
 * resources when packaged. Found by walking up from this module, which works from source,
 * from the esbuild bundle and from inside an asar archive alike.
 */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'assets', 'scenarios'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(
    'cannot find the application folder (assets/scenarios) above ' + fileURLToPath(import.meta.url),
  );
}

export const demoScenarioPath = () => join(appRoot(), 'assets', 'scenarios', 'shanxi-demo.json');
export const rendererDir = () => join(appRoot(), 'dist', 'renderer');
/** The demo response-plan library (预案, marked demo). */
export const demoPlansPath = () => join(appRoot(), 'assets', 'plans', 'shanxi-demo-plans.json');
