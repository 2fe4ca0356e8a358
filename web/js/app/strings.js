// The field app's interface strings (Chinese first, English), registered with core/i18n.js.

import { registerStrings } from '../core/i18n.js';

registerStrings({
  zh: {
    'app.title': '帮扶走访', 'app.syncNow': '立即同步', 'app.queue': '待同步 {n}', 'app.queueProblem': '（{n} 条有问题）',
    'app.signin.title': '帮扶干部登录', 'app.signin.name': '用户名', 'app.signin.password': '密码', 'app.signin.submit': '登录',
    'app.signin.failed': '登录失败：{detail}', 'app.signin.notCadre': '此账号不是帮扶干部。',
    'app.search': '搜索（户编码、户主、村）', 'app.export': '导出队列', 'app.signOut': '退出登录', 'app.back': '返回列表',
    'app.lastVisit': '上次走访：{date}', 'app.noVisit': '本机无走访记录', 'app.offline': '离线：显示本机保存的数据',
    'app.visit.title': '记录走访', 'app.visit.kind': '走访类型', 'app.visit.at': '走访时间', 'app.visit.note': '走访记录',
    'app.visit.photos': '照片', 'app.visit.submit': '保存走访', 'app.visit.saved': '已保存，待同步',
    'app.visit.position': '本机位置：{lon}, {lat}', 'app.visit.noPosition': '未取得本机位置（将用该户的位置）',
    'app.kind.monthly': '月上门', 'app.kind.festival': '节日必见', 'app.kind.season': '冷暖必见', 'app.kind.emergency': '突发必见',
    'app.class.watch': '动态关注', 'app.class.push': '助推攻坚', 'app.class.safety_net': '政策兜底',
    'app.field.code': '户编码', 'app.field.village_code': '所属村代码', 'app.field.head_name': '户主姓名',
    'app.field.size': '家庭人口', 'app.field.class': '帮扶类别', 'app.field.main_cause': '主要致贫原因',
    'app.field.food_clothing': '吃穿不愁', 'app.field.housing': '住房安全', 'app.field.water': '饮水安全',
    'app.field.education': '义务教育', 'app.field.medical': '基本医疗', 'app.field.lifted_year': '脱贫年度',
    'app.queue.title': '待同步', 'app.queue.visit': '走访 {code} · {date}', 'app.queue.photo': '照片 {kb} KB · 已上传 {percent}%',
    'app.queue.problem': '问题：{title}', 'app.photo.taken': '拍摄于 {date}', 'app.photo.noTime': '照片无拍摄时间',
    'app.photo.far': '照片位置与当前位置相距 {n} 米', 'app.photo.failed': '照片处理失败：{detail}',
  },
  en: {
    'app.title': 'Home visits', 'app.syncNow': 'Sync now', 'app.queue': 'To sync: {n}', 'app.queueProblem': ' ({n} with problems)',
    'app.signin.title': 'Cadre sign-in', 'app.signin.name': 'User name', 'app.signin.password': 'Password', 'app.signin.submit': 'Sign in',
    'app.signin.failed': 'Sign-in failed: {detail}', 'app.signin.notCadre': 'This account is not an assistance cadre.',
    'app.search': 'Search (code, head, village)', 'app.export': 'Export queue', 'app.signOut': 'Sign out', 'app.back': 'Back to list',
    'app.lastVisit': 'Last visit: {date}', 'app.noVisit': 'No visit on this device', 'app.offline': 'Offline: showing the data kept on this device',
    'app.visit.title': 'Record a visit', 'app.visit.kind': 'Kind', 'app.visit.at': 'Time', 'app.visit.note': 'Note',
    'app.visit.photos': 'Photos', 'app.visit.submit': 'Save visit', 'app.visit.saved': 'Saved, waiting to sync',
    'app.visit.position': 'Device position: {lon}, {lat}', 'app.visit.noPosition': 'No device position (the household\'s is used)',
    'app.kind.monthly': 'Monthly', 'app.kind.festival': 'Festival', 'app.kind.season': 'Hot or cold season', 'app.kind.emergency': 'Emergency',
    'app.class.watch': 'Dynamic watch', 'app.class.push': 'Push to finish', 'app.class.safety_net': 'Policy safety net',
    'app.field.code': 'Household code', 'app.field.village_code': 'Village code', 'app.field.head_name': 'Head of household',
    'app.field.size': 'Household size', 'app.field.class': 'Class', 'app.field.main_cause': 'Main cause of poverty',
    'app.field.food_clothing': 'Food and clothing', 'app.field.housing': 'Safe housing', 'app.field.water': 'Safe drinking water',
    'app.field.education': 'Compulsory education', 'app.field.medical': 'Basic medical insurance', 'app.field.lifted_year': 'Year lifted out of poverty',
    'app.queue.title': 'Waiting to sync', 'app.queue.visit': 'Visit {code} · {date}', 'app.queue.photo': 'Photo {kb} KB · {percent}% uploaded',
    'app.queue.problem': 'Problem: {title}', 'app.photo.taken': 'Taken {date}', 'app.photo.noTime': 'No time in the photo',
    'app.photo.far': 'The photo was taken {n} m from the current position', 'app.photo.failed': 'The photo could not be read: {detail}',
  },
});
