// Nothing global yet; e2e suites build the renderer through tests/support/renderer.ts.
export default function setup(): void {}
