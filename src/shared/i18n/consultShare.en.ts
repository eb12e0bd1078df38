import type { consultShareZhCN } from './consultShare.zh-CN';

/** 调度会商: the shared map (presenter and followers), English. */
export const consultShareEn: Record<keyof typeof consultShareZhCN, string> = {
  'error.CONSULT_REFUSED.NOT_PRESENTER':
    'Only the presenter shares the map view or hands over. Use "Ask to present" so the presenter hands it to you.',
  'error.CONSULT_REFUSED.PRESENTING':
    'Someone is presenting. Use "Ask to present" so the presenter hands it to you.',
  'share.title': 'Shared map',
  'share.nobody': 'Nobody is presenting',
  'share.follow': 'Follow the presenter',
  'share.unfollow': 'Stop following',
  'share.take': 'Present',
  'share.takeOver': 'Take over',
  'share.request': 'Ask to present',
  'share.requestCancel': 'Withdraw request',
  'share.stop': 'Stop presenting',
  'share.give': 'Hand over',
  'share.giveTo': 'Hand presenting to {name}',
  'share.badge.presenting': 'presenting',
  'share.badge.following': 'following',
  'share.badge.free': 'browsing',
  'share.badge.asks': 'asks to present',
  'share.status.presenting': 'You are presenting: {n} others can follow your map',
  'share.status.following': "Following {name}'s map",
  'share.status.paused': 'You moved the map: following {name} is paused',
  'share.status.free': "Not following {name}'s map",
  'share.resume': 'Resume following',
  'share.elsewhere':
    '{names} joined through another hub node: the map and presence are shared, but not sound or video (each node has its own call). To talk, ask the administrator to give both consoles the same first hub address (the first of --hub; the sync status shows the node in use).',
};
