import { existsSync } from 'node:fs';
import { SHANXI_PACK } from '../../../support/tmp';

/**
 * The shared Shanxi map pack (never copied into the project), from the one test paths module.
 * A test that needs it fails when it is missing (it never skips: a skipped test proves nothing).
 */
export const MAP_PACK = SHANXI_PACK;
if (!existsSync(`${MAP_PACK}/shanxi_district_tianditu2024.geojson`)) {
  throw new Error(
    `The Shanxi map pack is missing at ${MAP_PACK}: these tests need it. Put the shared data beside the repository (../shared/data/basemap-shanxi, see its SOURCES.md).`,
  );
}
/** Always true once this module has loaded (kept for the tests that still ask). */
export const mapPackAvailable = true;
