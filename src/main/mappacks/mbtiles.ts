import Database from 'better-sqlite3';

/**
 * A read-only MBTiles file (https://github.com/mapbox/mbtiles-spec): the basemap tiles of a map
 * pack. Opened read-only and never created; rows are TMS (y counted from the south), so `getTile`
 * flips the XYZ y it is given.
 */
export class MbTilesReader {
  private readonly db: Database.Database;
  private readonly tile: Database.Statement<[number, number, number], { tile_data: Buffer }>;

  /** Throws when the file is not SQLite or has no `tiles` table (or view) and `metadata` table. */
  constructor(readonly file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const names = new Set(
        (
          this.db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() as {
            name: string;
          }[]
        ).map((r) => r.name),
      );
      if (!names.has('tiles')) throw new Error('it has no "tiles" table');
      if (!names.has('metadata')) throw new Error('it has no "metadata" table');
      this.tile = this.db.prepare(
        'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
      );
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  /** The `metadata` table as name → value. */
  metadata(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.db.prepare('SELECT name, value FROM metadata').all() as {
      name: unknown;
      value: unknown;
    }[]) {
      if (typeof r.name === 'string' && r.value !== null && r.value !== undefined)
        out[r.name] = String(r.value);
    }
    return out;
  }

  /** The lowest and highest zoom level holding tiles, or null when the file holds none. */
  zoomRange(): { min: number; max: number } | null {
    const r = this.db.prepare('SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max FROM tiles').get() as {
      min: number | null;
      max: number | null;
    };
    return r.min === null || r.max === null ? null : { min: r.min, max: r.max };
  }

  /** The tile at XYZ z/x/y, or null when the file has none there. */
  getTile(z: number, x: number, y: number): Buffer | null {
    if (!Number.isInteger(z) || z < 0 || z > 30) return null;
    const n = 2 ** z;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) return null;
    return this.tile.get(z, x, n - 1 - y)?.tile_data ?? null;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
