import type { syncZhCN } from './sync.zh-CN';

/** The hub sync's words (status, conflicts, the hub connection) in English; every key of sync.zh-CN.ts. */
export const syncEn: Record<keyof typeof syncZhCN, string> = {
  // Sync indicator and delivery receipts
  'sync.disabled': 'Standalone (no provincial hub)',
  'sync.connecting': 'Connecting to the hub…',
  'sync.syncing': 'Syncing',
  'sync.online': 'Up to date',
  'sync.offline': 'Offline',
  'sync.offlineSince': 'Offline since {time}',
  'sync.error': 'Sync error',
  'sync.pending': '{n} to send',
  'sync.clockAhead':
    'This computer’s clock is {seconds} s ahead of the provincial hub: new changes are stamped in the hub’s time. Correct the clock (system settings → date and time → set automatically).',
  'sync.clockAheadBadge': 'clock fast',
  'sync.retryAt':
    'Some changes will be sent again at {time} (this clock is ahead; the hub does not take them yet).',
  'sync.progressPull': 'Catching up {done}/{total}',
  'sync.progressSnapshot': 'Snapshot {done}/{total}',
  'sync.notices': '{n} notices',
  'sync.title': 'Sync and conflicts',
  'sync.syncNow': 'Sync now',
  'sync.markSeen': 'Seen',
  'sync.markAllSeen': 'Mark all seen',
  'sync.none': 'No unseen conflicts or notices.',
  'sync.conflict': '“{field}” of {entity} {id} was changed in two places: kept {kept}, overwritten {lost}',
  'sync.role': 'Signed in as {name} ({role})',
  'sync.hub': 'Hub: {url}',
  'sync.lastSync': 'Last sync: {time}',
  'sync.errorHint':
    'Check the hub address and token; changes stay on this machine and are sent when the link returns.',
  'sync.close': 'Close',
  'sync.receiptHub': 'Hub has it {time}',
  'sync.receiptHubPending': 'Not yet at the hub',
  'sync.receiptDevice': 'Unit device has it {time}',
  'sync.receiptDevicePending': 'Unit device has not confirmed',
  'sync.refusal.FORBIDDEN': 'your role may not make this change',
  'sync.refusal.INVALID_RECORD': 'the record did not pass the hub’s checks',
  'sync.refusal.CLOCK_AHEAD':
    'this device’s clock is more than 10 seconds ahead of the hub; correct its time first',
  'sync.refusal.INVALID_TRANSITION':
    'the assignment’s current status does not allow this (only an accepted assignment can be released)',
  'sync.refusal.INTERNAL': 'the hub could not handle it just now; it will be sent again',
  'sync.refusal.UNKNOWN_ENTITY': 'the hub does not have this record',
  'sync.refusal.TOO_LARGE': 'the change is too large',
  'sync.refusal.INVALID_MESSAGE': 'the change was malformed',
  'sync.notice.opRejected': 'The provincial hub refused a change to {entity} {id}: {why}. {after}',
  'sync.notice.restored': 'The hub’s version was restored here.',
  'sync.notice.removed': 'The hub does not have this record, so it was removed here.',
  'sync.notice.assignmentRejected':
    'The provincial hub refused to send {resource} to “{incident}”: {reason}. Choose another resource, or resolve the reason and propose again.',
};
