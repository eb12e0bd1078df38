import { ensureRendererBuilt } from '../../src/main/web/ensureRenderer';

/**
 * Build the renderer once, before any test starts a web-mode server (each server would
 * otherwise rebuild a stale one, racing the others).
 */
export default function setup(): void {
  ensureRendererBuilt();
}
