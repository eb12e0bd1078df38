import type { TimelineEntry } from '../domain';
import { foldMinutes, ownerText, type ActionState } from '../consult/minutes';
import type { ReportBlock } from './document';
import { cstStamp } from './window';

/**
 * 会商纪要 in a situation report: each consultation on an incident the report covers, with what it
 * decided and its action items, as recorded before the report's instant and in the state they
 * stood in then (done, overdue, open). A report with no minutes has no such section.
 */
export interface ReportMinutes {
  incidentId: string;
  incidentTitle: string;
  consultationId: string;
  session: string;
  decisions: { at: string; by: string; text: string }[];
  actions: {
    text: string;
    owner: string;
    deadline: string;
    state: ActionState;
    doneAt: string | null;
    /** How many times it was given another owner or deadline. */
    reassigned: number;
  }[];
}

/** The minutes of the covered incidents (`rows`, in the report's order), as of `asOf` (ms). */
export function reportMinutes(
  rows: readonly { id: string; title: string }[],
  timeline: readonly TimelineEntry[],
  asOf: number,
): ReportMinutes[] {
  const order = new Map(rows.map((r, i) => [r.id, i]));
  const sessions = foldMinutes(
    timeline.filter((e) => order.has(e.incidentId) && Date.parse(e.at) < asOf),
    asOf,
  );
  return sessions
    .map((s) => ({
      incidentId: s.incidentId,
      incidentTitle: rows[order.get(s.incidentId)!]!.title,
      consultationId: s.consultationId,
      session: s.session,
      decisions: s.decisions.map((d) => ({ at: d.at, by: d.by.name, text: d.text })),
      actions: s.actions.map((a) => ({
        text: a.text,
        owner: ownerText(a.owner),
        deadline: a.deadline,
        state: a.state,
        doneAt: a.doneAt,
        reassigned: a.reassignments.length,
      })),
    }))
    .sort((a, b) => order.get(a.incidentId)! - order.get(b.incidentId)!);
}

const STATE_WORDS: Record<ActionState, string> = { open: '未完成', overdue: '逾期未完成', done: '已完成' };
const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 12 → 十二, 20 → 二十 (the （一）（二） of an official document's sub-items). */
export function chineseNumber(x: number): string {
  if (x < 10) return DIGITS[x]!;
  if (x < 20) return `十${x % 10 ? DIGITS[x % 10] : ''}`;
  if (x < 100) return `${DIGITS[Math.floor(x / 10)]}十${x % 10 ? DIGITS[x % 10] : ''}`;
  return String(x);
}

/**
 * The section's words (section 八, after the map), or nothing when no consultation kept minutes:
 * a count, then each session as a sub-item (（一）…) with its decisions numbered as the 纪要 lists
 * them and a table of its action items (tables 8, 9, … in turn).
 */
export function minutesBlocks(minutes: readonly ReportMinutes[], n: (x: number) => string): ReportBlock[] {
  if (minutes.length === 0) return [];
  const actions = minutes.flatMap((m) => m.actions);
  const decisions = minutes.reduce((k, m) => k + m.decisions.length, 0);
  const count = (s: ActionState) => actions.filter((a) => a.state === s).length;
  const blocks: ReportBlock[] = [
    { kind: 'heading', text: '八、会商纪要' },
    {
      kind: 'paragraph',
      text:
        `${n(minutes.length)}次调度会商形成决定${n(decisions)}项、待办事项${n(actions.length)}项；` +
        `截至报告时点，待办已完成${n(count('done'))}项、逾期未完成${n(count('overdue'))}项、未到期${n(count('open'))}项。`,
    },
  ];
  let table = 8;
  minutes.forEach((m, i) => {
    blocks.push({
      kind: 'paragraph',
      text:
        `（${chineseNumber(i + 1)}）${m.incidentTitle}“${m.session}”会商` +
        (m.decisions.length > 0 ? `，决定${n(m.decisions.length)}项：` : '，未形成决定。'),
    });
    m.decisions.forEach((d, k) =>
      blocks.push({ kind: 'paragraph', text: `${k + 1}. ${d.text}（${d.by}，${cstStamp(d.at)}记录）` }),
    );
    if (m.actions.length === 0) return;
    blocks.push({
      kind: 'table',
      caption: `表${table++}  “${m.session}”待办事项（状态截至报告时点）`,
      head: ['序号', '事项', '负责人', '完成时限', '状态'],
      rows: m.actions.map((a, k) => [
        String(k + 1),
        a.reassigned > 0 ? `${a.text}（调整${n(a.reassigned)}次）` : a.text,
        a.owner,
        cstStamp(a.deadline),
        a.state === 'done' && a.doneAt ? `已完成（${cstStamp(a.doneAt)}）` : STATE_WORDS[a.state],
      ]),
      numeric: [true, false, false, false, false],
      wrap: [false, true, true, false, true],
    });
  });
  return blocks;
}
