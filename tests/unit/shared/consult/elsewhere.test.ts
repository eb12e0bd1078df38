import { describe, expect, it } from 'vitest';
import { membersElsewhere, type SharePresence } from '../../../../src/shared/consult/share';

const member = (key: string, node: string) => ({
  key,
  name: key,
  org: '省应急指挥中心',
  role: 'duty-officer',
  following: true,
  requesting: false,
  node,
});
const presence: SharePresence = {
  consultationId: 'cs-1',
  type: 'presence',
  at: 1,
  presenter: 'a',
  members: [member('a', 'hub-a:5790'), member('b', 'hub-a:5790'), member('c', 'hub-b:5790')],
};

describe('who is in the session through another hub node', () => {
  it('names the members whose node is not mine, never me', () => {
    expect(membersElsewhere(presence, 'a').map((m) => m.key)).toEqual(['c']);
    expect(membersElsewhere(presence, 'c').map((m) => m.key)).toEqual(['a', 'b']);
  });
  it('names nobody before I am in the presence, or without one', () => {
    expect(membersElsewhere(presence, 'zz')).toEqual([]);
    expect(membersElsewhere(null, 'a')).toEqual([]);
    expect(membersElsewhere(presence, null)).toEqual([]);
  });
});
