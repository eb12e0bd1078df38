import type { planningZhCN } from './planning.zh-CN';

/** The planning view's words in English; every key of planning.zh-CN.ts. */
export const planningEn: Record<keyof typeof planningZhCN, string> = {
  'plan.open': 'Planning',
  'plan.title': 'Planning tools',
  'plan.kicker': 'Computed on this machine · works offline',
  'plan.tab.supply': 'Supplies',
  'plan.tab.assign': 'All incidents',
  'plan.tab.moveUp': 'Move-up',
  'plan.tab.siting': 'Base siting',
  'plan.explain.title': 'About this tool',
  'plan.explain.computes': 'Computes:',
  'plan.explain.assumes': 'Assumes:',
  'plan.explain.saves': 'Saves:',
  'plan.supply.computes':
    'What the affected people need (30% displaced, 3 days of water and food), each item taken from the depots nearest by road first, never more than they hold; with several incidents the most serious is served first and the next only draws on what is left.',
  'plan.supply.assumes':
    'Trucks at 35 km/h on local and 60 km/h on trunk roads with a terrain factor; loading 30 min call-out plus 40 min a truck at 2 bays; 2 hours from arrival to people’s hands; the 10 hours run from the report.',
  'plan.supply.saves':
    '“Propose shipments” records the plan in the incident’s timeline (who, when); stock is not reduced and no truck is sent: the supplies office acts on it.',
  'plan.assign.computes':
    'For every open incident, the run-card positions still short after what was sent, assigned at once for the least total arrival time (or the earliest last arrival), beside the greedy choice, one incident at a time, nearest first.',
  'plan.assign.assumes':
    'Only teams available or returning and aircraft able to launch are planned; arrival times from the last fix, crow-flies × terrain factor; aircraft from their bases.',
  'plan.assign.saves':
    '“Propose this plan” sends each chosen resource through the same dispatch path as the Dispatch tab (the hub, or standalone the same rules, decides), recorded with who and when.',
  'plan.moveUp.computes':
    'How much of the province’s 1-hour air rescue coverage is lost while the committed aircraft (and any you add as a what-if) are away, and which remaining aircraft to move to another base to win it back.',
  'plan.moveUp.assumes':
    '1 km grid; a ferry covers nothing while in the air and its gain counts only for the rest of a 3-hour horizon; leaving an area an aircraft alone covers weighs double; a move must be worth at least 1,566 km² (1% of the province); forest-station aircraft stay home in the fire season.',
  'plan.moveUp.saves':
    '“Record move-up” writes the moves into the timeline of each incident the committed aircraft serve (who, when); no aircraft’s base is changed: the aviation office acts on it.',
  'plan.siting.computes':
    'How much 1-hour coverage a new base with one helicopter at a chosen place would add; or which of the 117 county seats, or of a 10 km lattice over the province, adds the most.',
  'plan.siting.assumes':
    'The new helicopter cruises at 240 km/h, launches in 12 min, approaches in 5 min, range 620 km; 1 km grid; weighted by the map pack’s hazard-zone layer when it has one.',
  'plan.siting.saves': 'Nothing is saved: it is for judgement only.',
  'plan.phase.grid': 'Preparing the coverage grid…',
  'plan.phase.coverage': 'Computing today’s coverage…',
  'plan.phase.evaluate': 'Evaluating…',
  'plan.phase.done': 'Done',
  'plan.phase.count': '{done}/{total}',
  'plan.progress': 'Progress',
  'plan.cancel': 'Cancel',
  'plan.cancelled': 'Cancelled; nothing of it was kept.',
  'plan.computing': 'Computing…',
  'plan.failed': 'Could not compute: {message}',
  'plan.retry': 'Retry',
  'plan.recorded': 'Recorded in the timeline: {name}, {time}',
  'plan.recordedN': 'Recorded in the timeline of {n} incident(s): {name}, {time}',
  'plan.readOnly': 'Your role may not dispatch',
  'plan.supply.scope': 'Incident',
  'plan.supply.all': 'All open incidents (most serious first)',
  'plan.supply.none': 'No open incident reports affected people.',
  'plan.supply.people': '{affected} affected, {displaced} to shelter; reported {elapsed} h ago',
  'plan.supply.checkMet':
    '10-hour relief target: met. The last of it is in people’s hands {hours} h after the report, {margin} h inside the {target} h target.',
  'plan.supply.checkLate':
    '10-hour relief target: NOT met. The last of it is in people’s hands only {hours} h after the report, {over} h beyond the {target} h target.',
  'plan.supply.checkShort': '10-hour relief target: NOT met. {n} item(s) short across all depots: {items}.',
  'plan.supply.checkNothing': 'Nothing to ship.',
  'plan.supply.depot': 'Depot',
  'plan.supply.trucks': 'Trucks',
  'plan.supply.inHands': 'In hands (h)',
  'plan.supply.items': 'Items',
  'plan.supply.propose': 'Propose shipments',
  'plan.supply.noteText': 'Supply shipments proposed: {n} depot(s) ({depots}). {check}',
  'plan.supply.without': 'No affected figure, not planned: {titles} (give it in a follow-up report first).',
  'plan.assign.objective': 'Objective',
  'plan.assign.total': 'Least total arrival time',
  'plan.assign.worst': 'Earliest last arrival',
  'plan.assign.nothingShort': 'Every open incident has its run card sent.',
  'plan.assign.optimal': 'Optimal: {filled}/{positions} positions, {total} min in all, last at {worst} min',
  'plan.assign.greedy': 'Greedy, nearest first: {filled} positions, {total} min in all, last at {worst} min',
  'plan.assign.saved': 'Optimal saves {minutes} min',
  'plan.assign.savedPositions': 'Optimal fills {n} more position(s)',
  'plan.assign.stale': '{n} choice(s) rest on a fix older than 30 min',
  'plan.assign.incidentTotals':
    'Here: optimal {optimal} min in all, greedy {greedy} min; {sent} position(s) already sent',
  'plan.assign.role': 'Position',
  'plan.assign.optimalCol': 'Optimal (min)',
  'plan.assign.greedyCol': 'Greedy (min)',
  'plan.assign.missing': '{n} short',
  'plan.assign.propose': 'Propose this plan ({n})',
  'plan.assign.note': 'Multi-incident optimal plan (saves {saved} min against nearest-first)',
  'plan.assign.sent': '{n} proposal(s) sent; see each incident’s Dispatch tab.',
  'plan.assign.filled': 'Fully sent: {titles}',
  'plan.moveUp.extra': 'What if these were sent too (optional, several allowed)',
  'plan.moveUp.hazard': 'Coverage for',
  'plan.moveUp.anyHazard': 'Any rescue (every rescue-capable aircraft)',
  'plan.moveUp.forest': 'Allow moving forest-station aircraft in the fire season',
  'plan.moveUp.run': 'Compute move-up',
  'plan.moveUp.committed': 'Counted as committed: {list}',
  'plan.moveUp.hypothetical': ', what-if',
  'plan.moveUp.noneCommitted': 'No aircraft is committed now.',
  'plan.moveUp.before': '1-hour coverage before: {km2} km²',
  'plan.moveUp.afterCommit': 'After the commitments: {km2} km² ({lost} km² lost)',
  'plan.moveUp.afterMoves': 'After the moves: {km2} km² ({restored}% of the loss won back; {pct}% of before)',
  'plan.moveUp.losing': 'Counties losing cover: {list} km²',
  'plan.moveUp.noMove': 'No move is worth making: the aircraft stay where they are.',
  'plan.moveUp.move': '+{gain} km² covered, {ferry} min ferry, {role}, value {value} km²',
  'plan.moveUp.role.spare': 'a spare (its area stays covered)',
  'plan.moveUp.role.sole_cover': 'the only cover of its area (counts double)',
  'plan.moveUp.rejected':
    'Not proposed: {callsign} to {to} (+{gain} km², value {value} km², under the {min} km² minimum)',
  'plan.moveUp.heldForest': 'Kept at their forest station (fire season): {list}',
  'plan.moveUp.record': 'Record move-up',
  'plan.moveUp.noteText':
    'Aviation move-up proposed: {moves}. 1-hour coverage {before} km² before, {after} km² after the moves.',
  'plan.siting.pick': 'Pick a place on the map',
  'plan.siting.picking': 'Click the map (Esc to stop)',
  'plan.siting.seats': 'Weigh the 117 county seats',
  'plan.siting.lattice': 'Search the province (10 km)',
  'plan.siting.site': 'Chosen place: {lng}, {lat}',
  'plan.siting.best': 'Best of {n} candidates: {name}',
  'plan.siting.gain':
    '+{gain} km² within 1 hour: province {before}% → {after}% covered; mean air arrival {eta} min sooner',
  'plan.siting.weighted.before': 'Weighted by hazard zones, today: {weighted}% (by area {plain}%)',
  'plan.siting.weighted.after': 'Weighted by hazard zones, with the base: {weighted}% (by area {plain}%)',
  'plan.siting.zone': '{kind}: {before}% → {after}%',
  'plan.siting.noZones': 'The map pack has no hazard-zone layer, so no weighted figure.',
  'plan.siting.counties': 'Counties gaining: {list} km²',
  'plan.siting.candidate': 'Candidate',
  'plan.siting.gainCol': 'Gain km²',
  'plan.siting.after': 'Covered',
  'error.INVALID.planning_no_pack':
    'Coverage needs a map pack with a county layer. Import one (Map packs), then try again.',
  'error.INVALID.planning_input': '{detail}',
  'error.INVALID.planning_stale':
    'That move-up is no longer kept here (the app restarted, or many ran since). Compute it again, then record it.',
  'error.INVALID.planning_no_affected':
    'No affected people are reported for this incident, so no supplies are planned. Give the figure in a follow-up report first.',
  'error.INVALID.planning_nothing_to_ship':
    'No depot holds what is needed; nothing to ship. Ask the neighbouring provinces or the ministry.',
  'error.INVALID.planning_no_moves': 'This move-up proposes no move; there is nothing to record.',
  'error.INVALID.planning_no_incident':
    'None of the committed aircraft is sent to an open incident, and a move-up is recorded in the timeline of the incident it serves. Dispatch the aircraft first.',
};
