import type { consultLinkZhCN } from './consultLink.zh-CN';

/** 调度会商: the link level, in English; every key of consultLink.zh-CN.ts. */
export const consultLinkEn: Record<keyof typeof consultLinkZhCN, string> = {
  'link.mode': 'Call mode',
  'link.auto': 'Automatic (by link quality)',
  'link.level.video': 'Video',
  'link.level.audio': 'Voice only',
  'link.level.map': 'Shared map only',
  'link.down.audio':
    'Poor link ({why}): switched to voice only; cameras stopped both ways. Video comes back by itself when the link recovers.',
  'link.down.map':
    'Very poor link ({why}): switched to the shared map only; the call is folded away so the map is whole, follow on the map. Voice stays connected and plays whatever gets through. Voice comes back by itself when the link recovers.',
  'link.up.audio':
    'The link has improved ({why}): the voice call is back; video returns once the link stays steady.',
  'link.up.video': 'The link has recovered ({why}): video is back.',
  'link.manual':
    'Switched to “{level}” by hand; automatic stepping is off. Choose Automatic to turn it back on.',
  'link.autoAgain': 'The link quality decides the call mode again.',
  'link.why.loss': 'loss {loss} %',
  'link.why.rtt': 'round trip {rtt} ms',
  'link.why.video_stalled': 'cameras frozen',
  'link.why.audio_stalled': 'voice cut off',
  'link.why.disconnected': 'media connection lost',
  'link.why.recovered': 'loss {loss} %, round trip {rtt} ms',
  'link.why.manual': 'chosen by hand',
  'link.log': 'Steps',
  'link.log.empty': 'No step in this call yet.',
  'link.log.entry': '{time}  {from} → {to}: {why} ({how})',
  'link.log.auto': 'automatic',
  'link.log.manual': 'by hand: {by}',
  'link.failed': 'Could not change the call mode: {message}. Try again in a moment, or choose Voice only.',
  'link.videoOff': 'Video is off ({level}); the voice call goes on.',
};
