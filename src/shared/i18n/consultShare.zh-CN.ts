/** 调度会商: the shared map (共享地图, presenter and followers), Simplified Chinese. */
export const consultShareZhCN = {
  'error.CONSULT_REFUSED.NOT_PRESENTER':
    '只有主讲人可以共享地图视图或交出主讲。请先点“申请主讲”，由主讲人交给您。',
  'error.CONSULT_REFUSED.PRESENTING': '已有人在主讲。请点“申请主讲”，由主讲人把主讲交给您。',
  'share.title': '共享地图',
  'share.nobody': '目前无人主讲',
  'share.follow': '跟随主讲人',
  'share.unfollow': '停止跟随',
  'share.take': '主讲',
  'share.takeOver': '接管主讲',
  'share.request': '申请主讲',
  'share.requestCancel': '取消申请',
  'share.stop': '停止主讲',
  'share.give': '交给TA',
  'share.giveTo': '把主讲交给 {name}',
  'share.badge.presenting': '主讲',
  'share.badge.following': '跟随',
  'share.badge.free': '自由浏览',
  'share.badge.asks': '申请主讲',
  'share.status.presenting': '您正在主讲：其他 {n} 人可跟随您的地图',
  'share.status.following': '正在跟随 {name} 的地图',
  'share.status.paused': '您移动了地图，已暂停跟随 {name}',
  'share.status.free': '未跟随 {name} 的地图',
  'share.resume': '恢复跟随',
  'share.elsewhere':
    '{names} 经另一枢纽节点接入：共享地图与在场信息互通，但音视频不互通（各节点各有通话）。需要通话时，请管理员为双方配置相同的首选枢纽地址（--hub 列表的第一个；当前节点见同步状态）。',
};
