import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consultationForbidden, isInvited } from '../../../../src/shared/consult/record';
import { iceServersFor, turnCredential, ConsultConfig } from '../../../../src/hub/consult/config';

const opener = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' as const };
const c = {
  openedBy: opener,
  invitees: [
    { kind: 'person' as const, name: '李强', org: '' },
    { kind: 'person' as const, name: '王芳', org: '吕梁市应急局' },
    { kind: 'role' as const, role: 'viewer' as const },
  ],
};

describe('who is invited', () => {
  it('admits the opener, people by name (and organisation when given), and holders of a role', () => {
    expect(isInvited(c, opener)).toBe(true);
    expect(isInvited(c, { name: '李强', org: '任何单位', role: 'field-commander' })).toBe(true);
    expect(isInvited(c, { name: '王芳', org: '吕梁市应急局', role: 'duty-officer' })).toBe(true);
    expect(isInvited(c, { name: '王芳', org: '大同市应急局', role: 'duty-officer' })).toBe(false);
    expect(isInvited(c, { name: '赵敏', org: '', role: 'viewer' })).toBe(true);
    expect(isInvited(c, { name: '赵敏', org: '', role: 'field-commander' })).toBe(false);
    expect(isInvited(c, { name: '张伟', org: '别的单位', role: 'duty-officer' })).toBe(false);
  });

  it('lets only duty officers and admins open or end one, and never delete it', () => {
    expect(consultationForbidden('duty-officer', 'upsert')).toBeNull();
    expect(consultationForbidden('admin', 'upsert')).toBeNull();
    expect(consultationForbidden('field-commander', 'upsert')).toMatch(/may not open/);
    expect(consultationForbidden('viewer', 'upsert')).toMatch(/may not open/);
    expect(consultationForbidden('duty-officer', 'delete')).toMatch(/never deleted/);
  });
});

describe('TURN REST credentials', () => {
  it('are the expiry and who, signed with HMAC-SHA1 of the shared secret (coturn use-auth-secret)', () => {
    const now = Date.parse('2026-12-02T03:00:00Z');
    const cred = turnCredential('s3cret-shared', 'c0123:7', 600, now);
    expect(cred.username).toBe(`${now / 1000 + 600}:c0123_7`);
    expect(cred.credential).toBe(createHmac('sha1', 's3cret-shared').update(cred.username).digest('base64'));
    expect(cred.expiresAt).toBe('2026-12-02T03:10:00.000Z');
  });

  it('gives each participant STUN as configured and TURN with their own credential', () => {
    const cfg = ConsultConfig.parse({
      stun: ['stun:10.20.0.9:3478'],
      turn: { urls: ['turn:10.20.0.9:3478?transport=tcp'], secret: 's3cret-shared' },
    });
    const [stun, turn] = iceServersFor(cfg, 'a', 0);
    expect(stun).toEqual({ urls: ['stun:10.20.0.9:3478'] });
    expect(turn!.urls).toEqual(['turn:10.20.0.9:3478?transport=tcp']);
    expect(turn!.username).toBe('3600:a');
    expect(ConsultConfig.safeParse({ turn: { urls: ['http://x'], secret: 's3cret-shared' } }).success).toBe(
      false,
    );
  });
});
