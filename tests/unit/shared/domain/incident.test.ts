import { describe, expect, it } from 'vitest';
import { canMoveIncidentStatus, Incident, INCIDENT_STATUSES } from '../../../../src/shared/domain';
import { goodIncident, issuePaths } from './records';

describe('Incident', () => {
  it('accepts a complete record', () => {
    const r = Incident.safeParse(goodIncident());
    expect(r.success).toBe(true);
  });

  it('fills defaults for the optional fields', () => {
    const {
      countyAdcode: _c,
      casualties: _k,
      affected: _a,
      description: _d,
      acknowledgedAt: _ack,
      demo: _demo,
      ...min
    } = goodIncident();
    const r = Incident.parse(min);
    expect(r.countyAdcode).toBeNull();
    expect(r.casualties).toEqual({ dead: 0, injured: 0, missing: 0, trapped: 0 });
    expect(r.affected).toBe(0);
    expect(r.description).toBe('');
    expect(r.acknowledgedAt).toBeNull();
    expect(r.demo).toBe(false);
    // Partial casualties fill the rest with 0.
    expect(Incident.parse({ ...min, casualties: { trapped: 9 } }).casualties).toEqual({
      dead: 0,
      injured: 0,
      missing: 0,
      trapped: 9,
    });
  });

  it('rejects an unknown hazard', () => {
    const r = Incident.safeParse({ ...goodIncident(), hazard: 'volcano' });
    expect(issuePaths(r)).toEqual(['hazard']);
  });

  it('rejects an unknown level and an unknown status', () => {
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), level: 'V' }))).toEqual(['level']);
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), status: 'done' }))).toEqual(['status']);
  });

  it('rejects out-of-range coordinates', () => {
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), location: [212.1, 36.5] }))).toEqual([
      'location.0',
    ]);
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), location: [112.1, -95] }))).toEqual([
      'location.1',
    ]);
  });

  it('rejects a bad county adcode', () => {
    for (const bad of ['14043', 140431, '沁源县']) {
      expect(issuePaths(Incident.safeParse({ ...goodIncident(), countyAdcode: bad }))).toEqual([
        'countyAdcode',
      ]);
    }
  });

  it('rejects negative and fractional counts', () => {
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), affected: -1 }))).toEqual(['affected']);
    const c = { dead: 0, injured: -2, missing: 0, trapped: 0.5 };
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), casualties: c })).sort()).toEqual([
      'casualties.injured',
      'casualties.trapped',
    ]);
  });

  it('rejects unknown fields, at the top and nested', () => {
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), severity: 3 }))).toEqual(['']);
    const r = Incident.safeParse({ ...goodIncident(), casualties: { dead: 0, hurt: 1 } });
    expect(r.success).toBe(false);
    expect(issuePaths(r)).toEqual(['casualties']);
    expect(
      Incident.safeParse({ ...goodIncident(), reporter: { name: 'a', email: 'a@example.com' } }).success,
    ).toBe(false);
  });

  it('rejects a reporter without a name, an empty title and a timestamp without offset', () => {
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), reporter: { name: '' } }))).toEqual([
      'reporter.name',
    ]);
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), title: '' }))).toEqual(['title']);
    expect(issuePaths(Incident.safeParse({ ...goodIncident(), reportedAt: '2026-11-29 06:40' }))).toEqual([
      'reportedAt',
    ]);
  });
});

describe('incident status lifecycle', () => {
  it('moves only forward', () => {
    expect([...INCIDENT_STATUSES]).toEqual(['reported', 'verified', 'responding', 'contained', 'closed']);
    expect(canMoveIncidentStatus('reported', 'responding')).toBe(true);
    expect(canMoveIncidentStatus('responding', 'responding')).toBe(true);
    expect(canMoveIncidentStatus('closed', 'reported')).toBe(false);
    expect(canMoveIncidentStatus('contained', 'verified')).toBe(false);
  });
});
