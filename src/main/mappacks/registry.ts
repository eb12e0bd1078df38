import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MapPackInfo, MapPackSummary, MapTileFormat } from '../../shared/ipc';
import { invalidPack } from './errors';
import { isSafeId, readStoredManifest, type StoredManifest } from './manifest';
import { PmtilesReader } from './pmtiles';
import type { StagedPack } from './stage';
import { MbTilesWorker, MbTilesWorkerReader } from './tiles';
import { CodedError } from '../../shared/ipc/errors';

/**
 * The installed map packs: each one checked at import (stage.ts) and kept in
 * `<data>/packs/<id>/` with a normalised `manifest.json`, listed, described and served from
 * there. A pack that fails any check is refused with the reason and nothing on disk changes
 * (docs/map-packs.md).
 */

/** What the tiles route sends: the tile bytes (null: none at that address) and their headers. */
export interface PackTile {
  data: Buffer | null;
  contentType: string;
  /** 'gzip' when the stored blob is gzip-compressed (vector tiles usually are). */
  encoding: 'gzip' | null;
}

const TILE_CONTENT_TYPES: Record<MapTileFormat, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  pbf: 'application/x-protobuf',
};

export class MapPackStore {
  private readonly cache = new Map<string, MapPackInfo>();
  /** Open tile files, by pack id (opened on the first tile asked for). */
  private readonly readers = new Map<string, MbTilesWorkerReader | PmtilesReader>();
  /** MBTiles tiles are read in a worker thread (better-sqlite3 is synchronous). */
  private readonly mbtiles = new MbTilesWorker();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Remove what an import interrupted by a crash or a kill left beside the packs (never in use). */
  sweepLeftovers(): void {
    for (const n of readdirSync(this.dir))
      if (/^\.(import|old)-[0-9a-f]+$/.test(n)) rmSync(join(this.dir, n), { recursive: true, force: true });
  }

  /** A fresh temporary folder name for one import (created by `stagePack`). */
  newTmp(): string {
    return join(this.dir, `.import-${randomBytes(6).toString('hex')}`);
  }

  list(): MapPackSummary[] {
    const out: MapPackSummary[] = [];
    for (const id of readdirSync(this.dir).sort()) {
      if (id.startsWith('.')) continue;
      try {
        const m = this.manifest(id);
        // A tile file counts as one layer in the list.
        out.push({
          id,
          name: m.name,
          attribution: m.attribution,
          licence: m.licence,
          bounds: m.bounds,
          importedAt: m.importedAt,
          layers: m.layers.length + (m.tiles ? 1 : 0),
        });
      } catch {
        // A damaged folder is skipped here; describe() reports it if it is the one in use.
      }
    }
    return out;
  }

  has(id: string): boolean {
    return isSafeId(id) && existsSync(join(this.dir, id, 'manifest.json'));
  }

  /** The pack as the renderer loads it. Throws CodedError when it is missing or damaged. */
  describe(id: string): MapPackInfo {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const m = this.manifest(id);
    for (const f of [...m.layers.map((l) => l.file), ...(m.tiles ? [m.tiles.file] : [])]) {
      if (!existsSync(join(this.dir, id, f)))
        throw invalidPack(`Map pack "${m.name}" is missing ${f}. Import it again.`);
    }
    const info: MapPackInfo = {
      id,
      name: m.name,
      bounds: m.bounds,
      licence: m.licence,
      attribution: m.attribution,
      layers: m.layers.map((l) => ({
        ...l,
        url: `/packs/${encodeURIComponent(id)}/${encodeURIComponent(l.file)}`,
      })),
      tiles: m.tiles ? { ...m.tiles, url: `/packs/${encodeURIComponent(id)}/tiles/{z}/{x}/{y}` } : null,
    };
    this.cache.set(id, info);
    return info;
  }

  /** Absolute path of a layer file of an installed pack, or null. */
  fileFor(id: string, file: string): string | null {
    if (!isSafeId(id)) return null;
    try {
      return this.describe(id).layers.some((l) => l.file === file) ? join(this.dir, id, file) : null;
    } catch {
      return null;
    }
  }

  /** A tile of an installed pack (XYZ addressing), or null when the pack has no tiles. */
  async tile(id: string, z: number, x: number, y: number): Promise<PackTile | null> {
    let tiles: MapPackInfo['tiles'];
    try {
      tiles = isSafeId(id) ? this.describe(id).tiles : null;
    } catch {
      return null;
    }
    if (!tiles) return null;
    let reader = this.readers.get(id);
    if (!reader) {
      const path = join(this.dir, id, tiles.file);
      reader = /\.pmtiles$/i.test(tiles.file)
        ? new PmtilesReader(path)
        : new MbTilesWorkerReader(this.mbtiles, path);
      this.readers.set(id, reader);
    }
    const data = await reader.getTile(z, x, y);
    const gzip = data !== null && data.length > 2 && data[0] === 0x1f && data[1] === 0x8b;
    return { data, contentType: TILE_CONTENT_TYPES[tiles.format], encoding: gzip ? 'gzip' : null };
  }

  /** Close the tile file of a pack (before it is replaced or removed, and at shutdown). */
  closeTiles(id?: string): void {
    void this.releaseTiles(id);
  }

  /** Close the tile files of a pack (or all), resolving once they are closed (MBTiles: in the tile worker). */
  async releaseTiles(id?: string): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [k, r] of this.readers) {
      if (id !== undefined && k !== id) continue;
      const done = r.close();
      if (done) closing.push(done);
      this.readers.delete(k);
    }
    await Promise.all(closing);
    if (id === undefined) this.mbtiles.stop();
  }

  remove(id: string): void {
    if (!this.has(id))
      throw new CodedError('NOT_FOUND', `There is no map pack "${id}". Refresh the list and try again.`, {
        kind: 'mapPack',
        id,
      });
    this.cache.delete(id);
    this.closeTiles(id);
    rmSync(join(this.dir, id), { recursive: true, force: true });
  }

  /**
   * Put a staged pack in place: its temporary folder is renamed to `<id>` (an older copy of the
   * same id is moved aside first and then removed), so a crash never leaves the id with no pack or
   * half a pack. Cheap: renames only, on the thread that serves the packs.
   */
  commit(staged: StagedPack): MapPackInfo {
    const { id, tmp } = staged;
    if (tmp === null) return this.describe(id);
    try {
      const dest = join(this.dir, id);
      this.closeTiles(id);
      const aside = existsSync(dest) ? join(this.dir, `.old-${randomBytes(4).toString('hex')}`) : null;
      if (aside) renameSync(dest, aside);
      renameSync(tmp, dest);
      if (aside) rmSync(aside, { recursive: true, force: true });
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    this.cache.delete(id);
    return this.describe(id);
  }

  private manifest(id: string): StoredManifest {
    return readStoredManifest(this.dir, id);
  }
}
