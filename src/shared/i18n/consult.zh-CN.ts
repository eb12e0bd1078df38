/** 调度会商 (consultation sessions), Simplified Chinese. */
export const consultZhCN = {
  'error.CONSULT_REFUSED': '省级平台拒绝加入会商：{detail}',
  'error.CONSULT_REFUSED.NOT_INVITED': '您未被邀请参加此会商。请联系发起会商的值班员邀请您。',
  'error.CONSULT_REFUSED.NOT_OPEN': '此会商已结束或尚未同步到省级平台。请刷新会商列表后重试。',
  'error.CONSULT_REFUSED.FULL':
    '会商人数已满（媒体服务器不可用时点对点最多 4 人）。请稍后重试或联系管理员检查媒体服务器。',
  'error.CONSULT_REFUSED.UNAVAILABLE': '会商媒体服务暂不可用。请稍后重新加入。',
  'error.CONSULT_REFUSED.NOT_JOINED': '本席位已不在此会商中。请重新加入。',
  'error.CONSULT_REFUSED.NOT_ALLOWED': '只读观察席位可以收看和发言，但不能发布摄像头画面。',
};
