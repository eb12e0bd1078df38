/**
 * Texts of the sync indicator, per locale. Kept beside the feature until they move into the
 * shared catalogues (src/shared/i18n), which other work is editing at the same time.
 */
export const SYNC_STRINGS = {
  'zh-CN': {
    disabled: '单机（未连接省级枢纽）',
    connecting: '正在连接枢纽…',
    syncing: '正在同步',
    online: '已同步',
    offline: '离线',
    offlineSince: '离线，自 {time}',
    error: '同步出错',
    pending: '待发送 {n}',
    progressPull: '追赶 {done}/{total}',
    progressSnapshot: '快照 {done}/{total}',
    notices: '提示 {n}',
    title: '同步与冲突',
    syncNow: '立即同步',
    markSeen: '已读',
    markAllSeen: '全部已读',
    none: '没有未读的冲突或提示。',
    conflict: '{entity} {id} 的「{field}」同时被修改：保留 {kept}，被覆盖的值 {lost}',
    role: '身份：{name}（{role}）',
    hub: '枢纽：{url}',
    lastSync: '最近同步：{time}',
    errorHint: '请检查枢纽地址和令牌；改动会保留在本机，连接恢复后自动发送。',
    close: '关闭',
    receiptHub: '枢纽已收到 {time}',
    receiptHubPending: '尚未送达枢纽',
    receiptDevice: '终端已收到 {time}',
    receiptDevicePending: '终端尚未确认',
  },
  en: {
    disabled: 'Standalone (no provincial hub)',
    connecting: 'Connecting to the hub…',
    syncing: 'Syncing',
    online: 'Up to date',
    offline: 'Offline',
    offlineSince: 'Offline since {time}',
    error: 'Sync error',
    pending: '{n} to send',
    progressPull: 'Catching up {done}/{total}',
    progressSnapshot: 'Snapshot {done}/{total}',
    notices: '{n} notices',
    title: 'Sync and conflicts',
    syncNow: 'Sync now',
    markSeen: 'Seen',
    markAllSeen: 'Mark all seen',
    none: 'No unseen conflicts or notices.',
    conflict: '“{field}” of {entity} {id} was changed in two places: kept {kept}, overwritten {lost}',
    role: 'Signed in as {name} ({role})',
    hub: 'Hub: {url}',
    lastSync: 'Last sync: {time}',
    errorHint: 'Check the hub address and token; changes stay on this machine and are sent when the link returns.',
    close: 'Close',
    receiptHub: 'Hub has it {time}',
    receiptHubPending: 'Not yet at the hub',
    receiptDevice: 'Unit device has it {time}',
    receiptDevicePending: 'Unit device has not confirmed',
  },
} as const;

export type SyncStringKey = keyof (typeof SYNC_STRINGS)['zh-CN'];

export function syncText(locale: string, key: SyncStringKey, params: Record<string, string | number> = {}): string {
  const table = (SYNC_STRINGS as Record<string, Record<SyncStringKey, string>>)[locale] ?? SYNC_STRINGS['zh-CN'];
  return table[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
