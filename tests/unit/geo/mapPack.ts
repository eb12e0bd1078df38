import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared Shanxi map pack (never copied into the project). Tests that need it skip without it. */
export const MAP_PACK = resolve(__dirname, '../../../../shared/data/basemap-shanxi');
export const mapPackAvailable = existsSync(`${MAP_PACK}/shanxi_district_tianditu2024.geojson`);
