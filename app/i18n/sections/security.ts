// Security messages: cross-origin refusals, sign-in and password throttling, role grants, and the
// process-owned task statuses (moves refused because a process owns the status).
import type { Widen } from "../zh-CN";

export const securityZh = {
  throttles: "登录限制",
  throttlesHint: "同一账户在同一地址连续输错密码会被逐步延长锁定（1、2、4 分钟……），同一地址对多个账户输错 20 次锁定该地址；在本人用过的浏览器上登录不受他人输错影响。账户本人被挡在外时，可在此解除。",
  throttlesEmpty: "当前没有生效的登录限制",
  kinds: {
    pair: "账户（该地址）",
    address: "地址（全部账户）",
    account: "账户（所有地址，仅减速）",
    device: "账户（本人浏览器）",
    password: "修改密码（该地址）",
  },
  subject: "对象",
  failures: "失败次数",
  lockedUntil: "锁定至",
  clear: "解除",
  cleared: "已解除登录限制",
};

export const securityEn: Widen<typeof securityZh> = {
  throttles: "Sign-in limits",
  throttlesHint: "Wrong passwords for one account from one address lock it there for growing times (1, 2, 4 minutes …); 20 wrong passwords from one address against any accounts lock the address; a browser the owner signed in with before is not affected by others' failures. Lift a limit here when the owner is kept out.",
  throttlesEmpty: "No sign-in limits in force",
  kinds: {
    pair: "Account (this address)",
    address: "Address (all accounts)",
    account: "Account (all addresses, slowed only)",
    device: "Account (owner's browser)",
    password: "Password change (this address)",
  },
  subject: "Subject",
  failures: "Failures",
  lockedUntil: "Locked until",
  clear: "Lift",
  cleared: "Sign-in limit lifted",
};

export const securityErrorsZh = {
  crossOrigin: "请求来自其他网站，已拒绝。请在本系统的页面中操作。",
  pendingOnlyByProposal: "任务只能通过提出销号申请进入“待销号”（考核 › 定期销号）",
  pendingLeavesByCloseout: "“待销号”的任务只能通过销号审批、退回或撤回离开",
  suspendOnlyByChange: "任务只能通过经批准的动态调整申请（中止任务）进入“已暂停”",
  resumeOnlyByChange: "“已暂停”的任务只能通过经批准的动态调整申请（恢复任务）恢复",
  passwordThrottled: "当前密码输错次数过多，请 {minutes} 分钟后再试",
  roleAdminOnly: "只有系统管理员可以授予或收回联合体范围的角色（首席科学家、秘书处、理事、总体部、系统管理员），或停用持有这些角色的账户",
};

export const securityErrorsEn: Widen<typeof securityErrorsZh> = {
  crossOrigin: "This request came from another site and was refused. Please use the pages of this system.",
  pendingOnlyByProposal: "A task becomes \"Awaiting close-out\" only through a close-out proposal",
  pendingLeavesByCloseout: "A task awaiting close-out leaves that state only through approval, return or withdrawal of its proposal",
  suspendOnlyByChange: "A task becomes \"Suspended\" only through an approved change request (suspend task)",
  resumeOnlyByChange: "A suspended task is resumed only through an approved change request (resume task)",
  passwordThrottled: "Too many wrong current passwords. Try again in {minutes} minutes",
  roleAdminOnly: "Only a system administrator can grant or take back consortium-wide roles (chief scientist, secretariat, council, general design department, administrator) or deactivate accounts that hold them",
};
