import type { dispatchZhCN } from './dispatch.zh-CN';

/** The dispatch panel's words (candidates, explanations, assignment) in English; every key of dispatch.zh-CN.ts. */
export const dispatchEn: Record<keyof typeof dispatchZhCN, string> = {
  // Dispatch panel
  'dispatch.loading': 'Working out the recommendation…',
  'dispatch.failed':
    "Could not work out a recommendation: {message}. Try again shortly; if it keeps failing, check the incident's position and hazard.",
  'dispatch.required': 'Needs: {caps}',
  'dispatch.runCard': 'Run card (level {level} {hazard})',
  'dispatch.runCardComplete': 'Run card filled; all on scene in about {min} min (target {target} min)',
  'dispatch.runCardLate':
    'Run card has resources, but all on scene only after about {min} min, beyond the {target}-min target: not met; request reinforcement or adjust the card',
  'dispatch.filledLate': ' (late)',
  'dispatch.runCardIncomplete': 'Run card not filled',
  'dispatch.slotFilled': '{role}: {filled}/{needed}',
  'dispatch.candidates': 'Candidates (by ETA)',
  'dispatch.eta': 'about {min} min',
  'dispatch.etaRange': '{lo}–{hi} min',
  'dispatch.modelCrow': 'straight-line estimate (no road layer): real roads may take {lo}–{hi} min',
  'dispatch.modelRoad': 'priced on the road network ({name})',
  'dispatch.distance': '{km} km',
  'dispatch.groundParts':
    'mobilise {mob} min + drive {travel} min (about {road} km by road, circuity {circuity}, {speed} km/h)',
  'dispatch.airParts': 'launch {launch} min + flight {flight} min + approach {approach} min',
  'dispatch.airSpeedClean': '{speed} km/h (clean cruise)',
  'dispatch.airSpeedExternal': '{speed} km/h (bucket slung: external-load speed)',
  'dispatch.airWater': 'fills at a water source {toWater} km out, then {toFire} km to the first drop',
  'dispatch.fromBase': 'from {base}',
  'dispatch.homeStation': 'based at {base}',
  'dispatch.qualifies': 'has: {caps}',
  'dispatch.note.fix_stale': 'position stale: ETA uncertain',
  'dispatch.note.fix_aging': 'position ageing',
  'dispatch.note.link_down': 'link down',
  'dispatch.note.returning': 'returning',
  'dispatch.note.at_incident': 'already at the scene',
  'dispatch.note.fix_in_future': 'fix time is in the future: check the device clock',
  'dispatch.propose': 'Propose',
  'dispatch.proposed': 'Proposed; awaiting the hub',
  'dispatch.assigned': 'Assigned',
  'dispatch.sent': 'Sent to this incident ({n})',
  'dispatch.release': 'Release',
  'dispatch.releaseConfirm': 'Confirm release?',
  'dispatch.releaseFailed': 'Could not release: {message}',
  'dispatch.etaAtProposal': 'ETA {min} min when proposed',
  'dispatch.proposeFailed': 'Could not propose: {message}',
  'dispatch.refused': '{n} aircraft unavailable or out of range',
  'dispatch.grounded': '{n} aircraft held on the ground by daylight, weather or airspace',
  'dispatch.groundedRow': '{name} ({base}): {why}',
  'dispatch.headcount': 'People needed {required}: {reached} covered',
  'dispatch.selectIncident': 'Select an incident in the list or on the map to see the recommendation.',
  'dispatch.roleMayNotDispatch':
    'Your role ({role}) may not dispatch: ask the duty officer to send resources.',
  'dispatch.rejected':
    'The proposal was refused: {reason}. Choose another resource, or resolve the reason and propose again.',
  'dispatch.filledSent': '{name} (sent, due in {min} min)',
  'dispatch.filledEta': '{name} ({min} min)',
  'dispatch.shortfall':
    '{missing} of {needed} short: nothing available has {caps}. Consider reinforcements from other regions or volunteer teams.',
  'dispatch.emptyNoCapable':
    'No unit or aircraft has the capabilities this hazard needs ({caps}). Ask the higher command to coordinate specialist teams.',
  'dispatch.emptyNoneEligible':
    '{n} ground units have the capabilities, but none can be dispatched now. Wait for one to return, or request reinforcements.',
  'dispatch.computedAt': 'computed {time}',
  'dispatch.fixAt': 'fix {time}',
  'dispatch.proposedAt': 'Proposed {time}',
  'dispatch.refreshing': 'The picture has changed; recalculating…',
  'dispatch.retry': 'Recalculate',
  'dispatch.offline':
    'The connection to the local service is lost, so no recommendation can be calculated. Check that Jinying is still running (web mode: the terminal window that started it is still open); it recalculates by itself once the connection is back.',
  'dispatch.offlineShown':
    'The connection to the local service is lost: the recommendation below was calculated {time} and may be out of date; no proposal can be sent now. Check that Jinying is still running; it updates by itself once the connection is back.',
  'dispatch.timeout':
    'The local service did not calculate a recommendation within {seconds} s. Check that Jinying is still running, then press “Recalculate”; if it still does not answer, restart Jinying.',
};
