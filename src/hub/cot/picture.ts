import {
  Incident,
  RescueUnit,
  Warning,
  WarningAction,
  type Incident as IncidentT,
  type RescueUnit as RescueUnitT,
  type Warning as WarningT,
  type WarningAction as WarningActionT,
} from '../../shared/domain';
import type { EntityType } from '../../shared/sync/ops';
import type { EntityState } from '../../shared/sync/merge';
import type { SnapshotRecord } from '../../shared/sync/protocol';
import { inForce, warningViews } from '../../shared/warnings/state';
import { deleteEvent, incidentEvent, uidOf, unitEvent, warningEvent } from './outbound';

/** What the bridge reads of the hub store: merged records, and the snapshot pages to start from. */
export interface PictureSource {
  getEntity(entity: EntityType, id: string): EntityState | null;
  snapshotPage(
    after: [EntityType, string] | null,
    limit: number,
  ): Promise<{ records: SnapshotRecord[]; next: [EntityType, string] | null }>;
}

const KINDS = ['incident', 'unit', 'warning', 'warning_action'] as const;
type Kind = (typeof KINDS)[number];
export const isPictureKind = (e: string): e is Kind => (KINDS as readonly string[]).includes(e);

/**
 * The part of the hub's picture the bridge sends to TAK clients, kept in memory from the hub's
 * committed records (read once at start, then from each commit's log entries), and what the
 * clients were last sent, so that a closed incident, a deleted unit or a warning no longer in
 * force is removed from their maps.
 */
export class CotPicture {
  readonly incidents = new Map<string, IncidentT>();
  readonly units = new Map<string, RescueUnitT>();
  private readonly warnings = new Map<string, WarningT>();
  private readonly actions = new Map<string, WarningActionT>();
  /** How a mapped device fixed its unit's position last (its how, ce, le), for the unit's event. */
  readonly deviceFix = new Map<string, { how: string; ce: number; le: number }>();
  /** Event uids on the clients' maps now. */
  private readonly onMaps = new Set<string>();
  private readonly dirty = { incident: new Set<string>(), unit: new Set<string>(), warnings: false };

  constructor(
    private readonly source: PictureSource,
    private readonly staleMs: number,
    /** County outlines by adcode, for warnings drawn by county (config `counties`). */
    private readonly counties: Map<string, [number, number][][]> | null = null,
  ) {}

  async load(): Promise<void> {
    for (const kind of KINDS) {
      let after: [EntityType, string] | null = [kind, ''];
      while (after) {
        const page: Awaited<ReturnType<PictureSource['snapshotPage']>> = await this.source.snapshotPage(
          after,
          500,
        );
        after = page.next;
        for (const r of page.records) {
          if (r.entity !== kind) {
            after = null;
            break;
          }
          this.set(kind, r.entityId, r.deletedHlc ? null : r.fields);
        }
      }
    }
  }

  /** A committed op touched this record: read its merged state again. */
  update(entity: string, id: string): void {
    if (!isPictureKind(entity)) return;
    const s = this.source.getEntity(entity, id);
    this.set(entity, id, !s || s.deletedHlc ? null : s.fields);
  }

  private set(kind: Kind, id: string, fields: Record<string, unknown> | null): void {
    const put = <T>(
      map: Map<string, T>,
      schema: { safeParse: (v: unknown) => { success: boolean; data?: T } },
    ) => {
      const p = fields ? schema.safeParse(fields) : null;
      if (p?.success) map.set(id, p.data!);
      else map.delete(id);
    };
    if (kind === 'incident') {
      put(this.incidents, Incident);
      this.dirty.incident.add(id);
    } else if (kind === 'unit') {
      put(this.units, RescueUnit);
      this.dirty.unit.add(id);
    } else {
      if (kind === 'warning') put(this.warnings, Warning);
      else put(this.actions, WarningAction);
      this.dirty.warnings = true;
    }
  }

  /**
   * The events to send: what changed since the last call (`changed`), or everything in force (a
   * refresh, or a client that just connected: `all`, which also leaves the change marks alone).
   */
  events(mode: 'changed' | 'all', now: number): string[] {
    const out: string[] = [];
    const all = mode === 'all';
    const put = (uid: string, event: string | null) => {
      if (event) {
        out.push(event);
        this.onMaps.add(uid);
      } else if (!all && this.onMaps.delete(uid)) out.push(deleteEvent(uid, now));
    };
    for (const id of all ? this.incidents.keys() : this.dirty.incident) {
      const i = this.incidents.get(id);
      put(uidOf.incident(id), i && i.status !== 'closed' ? incidentEvent(i, now, this.staleMs) : null);
    }
    for (const id of all ? this.units.keys() : this.dirty.unit) {
      const u = this.units.get(id);
      put(uidOf.unit(id), u ? unitEvent(u, now, this.staleMs, this.deviceFix.get(id) ?? null) : null);
    }
    if (all || this.dirty.warnings) {
      const live = new Set<string>();
      for (const v of warningViews([...this.warnings.values()], [...this.actions.values()], now).filter(
        inForce,
      ))
        [
          ...v.warning.area.polygons,
          ...v.warning.area.counties.flatMap((c) => this.counties?.get(c.adcode) ?? []),
        ].forEach((pts, ring) => {
          const uid = uidOf.warning(v.warning.id, ring);
          live.add(uid);
          put(uid, warningEvent(v.warning, ring, now, pts));
        });
      if (!all)
        for (const uid of [...this.onMaps])
          if (uid.startsWith('jinying.warning.') && !live.has(uid)) put(uid, null);
    }
    if (!all) {
      this.dirty.incident.clear();
      this.dirty.unit.clear();
      this.dirty.warnings = false;
    }
    return out;
  }

  /** Warnings expire by the clock alone: look at them again on each refresh. */
  markWarnings(): void {
    this.dirty.warnings = true;
  }
}
