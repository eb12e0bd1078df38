import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { KEPT_TEXT, PACK_LIMITS, TILE_FORMATS, type ImportOptions, type PackFiles } from './candidate';
import { checkPack } from './check';
import { invalidPack } from './errors';
import { readStoredManifest, type StoredManifest } from './manifest';
import { Progress, readChunked, writeChunked, type ProgressSink } from './progress';
import { readTileMeta, type TileMeta } from './tileMeta';
import { CodedError } from '../../shared/ipc/errors';

/**
 * The import pipeline up to a pack ready to be put in place: read a folder, a .zip or a tile file,
 * unpack, check, hash, and write into a temporary folder beside the packs. Runs in the import
 * worker (worker.ts) in the app; `MapPackStore.commit` (registry.ts) then renames the result into
 * place on the thread that serves the packs.
 */

/** Where an import's bytes come from. */
export type ImportSource =
  { kind: 'path'; path: string } | { kind: 'zip'; bytes: Uint8Array; name: string; from: string };

/** A checked pack written to its temporary folder (`tmp`), or already installed (`tmp` null). */
export interface StagedPack {
  id: string;
  tmp: string | null;
}

/**
 * Everything an import does before the pack is put in place: read (a folder, a .zip or a tile
 * file), unpack, check, hash, and write the pack into `tmp` (created here, removed on any
 * failure). Runs in the import worker in the app (src/main/mappacks/worker.ts); the caller then
 * commits the result with `MapPackStore.commit`. Throws CodedError with the reason.
 */
export function stagePack(
  dir: string,
  source: ImportSource,
  opts: ImportOptions,
  tmp: string,
  onProgress?: ProgressSink,
): StagedPack {
  const progress = new Progress(onProgress);
  let files: PackFiles;
  let fallbackName: string;
  let from: string;
  if (source.kind === 'zip') {
    files = unzipPack(source.bytes, source.name, progress);
    fallbackName = zipFolderName(files) ?? source.name;
    files = stripZipFolder(files);
    from = source.from;
  } else {
    const p = resolve(source.path);
    from = p;
    if (!existsSync(p))
      throw invalidPack(
        `Nothing found at "${source.path}". Check the path of the map pack folder or .zip file.`,
      );
    const st = statSync(p);
    if (st.isDirectory()) {
      files = readFolder(p, progress);
      fallbackName = basename(p);
    } else if (extname(p).toLowerCase() === '.zip') {
      if (st.size > PACK_LIMITS.maxTotalBytes)
        throw invalidPack(
          `"${basename(p)}" is larger than ${PACK_LIMITS.maxTotalBytes / 1048576} MB. Split the pack.`,
        );
      let done = 0;
      const bytes = readChunked(p, (n) => progress.report('read', (done += n), st.size, basename(p)));
      const name = basename(p, extname(p));
      files = unzipPack(bytes, name, progress);
      fallbackName = zipFolderName(files) ?? name;
      files = stripZipFolder(files);
    } else if (TILE_FORMATS.test(p)) {
      // A tile file alone is a pack of its own; its metadata gives the name and attribution.
      if (st.size > PACK_LIMITS.maxFileBytes)
        throw invalidPack(`"${basename(p)}" is larger than ${PACK_LIMITS.maxFileBytes / 1048576} MB.`);
      let done = 0;
      files = new Map([
        [basename(p), readChunked(p, (n) => progress.report('read', (done += n), st.size, basename(p)))],
      ]);
      fallbackName = basename(p, extname(p));
    } else {
      throw invalidPack(
        `"${basename(p)}" is neither a folder nor a .zip file. Choose the pack folder, or a .zip of it.`,
      );
    }
  }
  return stageFiles(dir, files, fallbackName, from, opts, tmp, progress);
}

/** Unpack a .zip with its limits, one file at a time so that progress can be told. */
function unzipPack(bytes: Uint8Array, name: string, progress: Progress): PackFiles {
  const wanted: { name: string; size: number }[] = [];
  let total = 0;
  let count = 0;
  const unreadable = (e: unknown) =>
    e instanceof CodedError
      ? e
      : invalidPack(
          `"${name}" is not a readable .zip file (${(e as Error).message}). Re-create the archive and import it again.`,
        );
  try {
    // First pass: the central directory only (nothing is inflated), to apply the limits.
    unzipSync(bytes, {
      filter: (f) => {
        count++;
        total += f.originalSize;
        if (
          count > PACK_LIMITS.maxFiles * 4 ||
          f.originalSize > PACK_LIMITS.maxFileBytes ||
          total > PACK_LIMITS.maxTotalBytes
        ) {
          throw invalidPack(
            `"${name}" unpacks to more than ${PACK_LIMITS.maxTotalBytes / 1048576} MB or too many files. Split the pack.`,
          );
        }
        if (!f.name.endsWith('/') && !/(^|\/)(__MACOSX|\.)/.test(f.name))
          wanted.push({ name: f.name, size: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw unreadable(e);
  }
  const sum = wanted.reduce((a, w) => a + w.size, 0);
  const out: PackFiles = new Map();
  let done = 0;
  progress.report('unzip', 0, sum, null, true);
  for (const w of wanted) {
    let got: Record<string, Uint8Array>;
    try {
      got = unzipSync(bytes, { filter: (f) => f.name === w.name });
    } catch (e) {
      throw unreadable(e);
    }
    const b = got[w.name];
    if (b) out.set(w.name, b);
    progress.report('unzip', (done += w.size), sum, w.name);
  }
  return out;
}

/** The one folder every file of a .zip sits in, if they all do. */
function zipFolderName(entries: PackFiles): string | null {
  const dirs = new Set([...entries.keys()].map((n) => (n.includes('/') ? n.slice(0, n.indexOf('/')) : '')));
  return dirs.size === 1 && !dirs.has('') ? [...dirs][0]! : null;
}

/** Accept files at the root or all inside one folder; nothing deeper (and so no path tricks). */
function stripZipFolder(entries: PackFiles): PackFiles {
  const folder = zipFolderName(entries);
  const prefix = folder ? `${folder}/` : '';
  const files: PackFiles = new Map();
  for (const [n, b] of entries) {
    const rest = n.slice(prefix.length);
    if (rest.includes('/') || rest.includes('\\') || rest === '') continue;
    files.set(rest, b);
  }
  return files;
}

function stageFiles(
  dir: string,
  files: PackFiles,
  fallbackName: string,
  from: string,
  opts: ImportOptions,
  tmp: string,
  progress: Progress,
): StagedPack {
  // Written beside the packs, then renamed into place by `commit`: a failure half-way leaves no half pack.
  mkdirSync(tmp);
  try {
    const tileFiles = [...files.keys()].filter((f) => TILE_FORMATS.test(f));
    if (tileFiles.length > 1)
      throw invalidPack(
        `"${fallbackName}" holds ${tileFiles.length} tile files (${tileFiles.join(', ')}); a pack may hold one.`,
      );
    // Checking counts bytes: the tile file (written into tmp, as SQLite reads a file) and each layer.
    const steps = [...files]
      .filter(([f]) => TILE_FORMATS.test(f) || /\.geojson$/i.test(f))
      .reduce((a, [, b]) => a + b.length, 0);
    let step = 0;
    progress.report('check', 0, steps, null, true);
    let tiles: TileMeta | null = null;
    if (tileFiles[0]) {
      const bytes = files.get(tileFiles[0])!;
      writeChunked(join(tmp, tileFiles[0]), bytes, (n) =>
        progress.report('check', (step += n), steps, tileFiles[0]!),
      );
      tiles = readTileMeta(join(tmp, tileFiles[0]));
    }
    const checked = checkPack(files, fallbackName, opts, tiles, (file) =>
      progress.report('check', (step += files.get(file)?.length ?? 0), steps, file),
    );
    const hash = createHash('sha1');
    for (const l of checked.layers) hash.update(l.file).update(files.get(l.file)!);
    if (checked.tiles) hash.update(checked.tiles.file).update(files.get(checked.tiles.file)!);
    const id = `${slug(checked.name)}-${hash.digest('hex').slice(0, 8)}`;
    progress.report('check', steps, steps, null, true);
    // The id is a hash of the content: the same pack imported again (every start with --map-pack)
    // is already in place, so nothing is rewritten and the pack being served is never touched.
    if (
      existsSync(join(dir, id, 'manifest.json')) &&
      readStoredManifest(dir, id).attribution === checked.attribution
    ) {
      rmSync(tmp, { recursive: true, force: true });
      progress.report('done', 1, 1, null, true);
      return { id, tmp: null };
    }
    const manifest: StoredManifest = {
      id,
      ...checked,
      importedAt: new Date().toISOString(),
      importedFrom: from,
    };
    const toWrite = [
      ...checked.layers.map((l) => l.file),
      ...[...files.keys()].filter((n) => KEPT_TEXT.test(n)),
    ];
    const total = toWrite.reduce((a, n) => a + files.get(n)!.length, 0);
    let written = 0;
    progress.report('write', 0, total, null, true);
    for (const n of toWrite)
      writeChunked(join(tmp, n), files.get(n)!, (k) => progress.report('write', (written += k), total, n));
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    progress.report('done', 1, 1, null, true);
    return { id, tmp };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'pack';
}

function readFolder(dir: string, progress: Progress): PackFiles {
  const files: PackFiles = new Map();
  const wanted: { name: string; size: number }[] = [];
  let total = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = statSync(p);
    if (!st.isFile()) continue;
    if (!/\.(geo)?json$/i.test(n) && !KEPT_TEXT.test(n) && !TILE_FORMATS.test(n)) continue;
    total += st.size;
    if (
      st.size > PACK_LIMITS.maxFileBytes ||
      total > PACK_LIMITS.maxTotalBytes ||
      wanted.length > PACK_LIMITS.maxFiles * 4
    ) {
      throw invalidPack(
        `The folder "${basename(dir)}" holds more than ${PACK_LIMITS.maxTotalBytes / 1048576} MB of layers. Split the pack.`,
      );
    }
    wanted.push({ name: n, size: st.size });
  }
  let done = 0;
  progress.report('read', 0, total, null, true);
  for (const w of wanted)
    files.set(
      w.name,
      readChunked(join(dir, w.name), (k) => progress.report('read', (done += k), total, w.name)),
    );
  return files;
}
