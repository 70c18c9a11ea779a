// First run (the one-time setup link, the admin:create script) and passwords an admin resets.
import type { Widen } from "../zh-CN";

export const setupZh = {
  title: "首次设置",
  subtitle: "为本联合体建立工作台：填写联合体基本信息，并创建第一位系统管理员。此链接仅能使用一次。",
  consortiumPart: "联合体",
  adminPart: "第一位系统管理员",
  adminHint: "此账户负责添加成员单位、用户和项目；设置完成后可在“联合体管理”中再添加其他管理员。",
  confirmPassword: "再次输入密码",
  submit: "完成设置并登录",
  needLink: "本工作台尚未完成首次设置",
  needLinkBody: "请打开服务器启动时在控制台打印的设置链接（形如 /setup?token=…）。在无界面的服务器上，也可以运行以下命令创建管理员：",
  badToken: "设置链接无效或已过期。请使用服务器最近一次启动时打印的链接。",
  mustChange: "您正在使用管理员设置的临时密码。请先设置您自己的新密码，然后才能使用工作台。",
  resetTitle: "重置密码",
  resetHint: "设置一个临时密码并告知本人；他下次登录时必须改为自己的密码。他当前的所有登录会话将被结束。",
  resetPassword: "临时密码",
  resetSubmit: "重置密码",
  resetDone: "密码已重置；该用户下次登录时须修改密码。",
};

export const setupErrorsZh = {
  setupTokenInvalid: "设置链接无效或已过期，请使用服务器最近一次启动时打印的链接",
  setupDone: "本工作台已完成首次设置，此设置链接已失效",
  setupConsortiumMissing: "尚无联合体：请同时提供联合体名称、省份、成立日期和目标起始年份",
  resetAdminOnly: "只有系统管理员可以重置管理员、秘书处等全联合体角色的密码",
  resetSelf: "请在“我的账户”中修改自己的密码",
};

export const setupEn: Widen<typeof setupZh> = {
  title: "First-time setup",
  subtitle: "Set up the workspace for your consortium: its basic profile and the first administrator. This link works once.",
  consortiumPart: "Consortium",
  adminPart: "First administrator",
  adminHint: "This account adds member units, users and projects; more administrators can be added later under Administration.",
  confirmPassword: "Repeat password",
  submit: "Finish setup and sign in",
  needLink: "This workspace has not been set up yet",
  needLinkBody: "Open the setup link the server printed on its console when it started (/setup?token=…). On a headless server you can also create an administrator with:",
  badToken: "The setup link is invalid or expired. Use the link printed at the server's latest start.",
  mustChange: "You are using a temporary password set by an administrator. Choose your own new password before using the workspace.",
  resetTitle: "Reset password",
  resetHint: "Set a temporary password and tell the person; at the next sign-in he must choose his own. All his current sessions end.",
  resetPassword: "Temporary password",
  resetSubmit: "Reset password",
  resetDone: "Password reset; the user must change it at the next sign-in.",
};

export const setupErrorsEn: Widen<typeof setupErrorsZh> = {
  setupTokenInvalid: "The setup link is invalid or expired; use the link printed at the server's latest start",
  setupDone: "This workspace is already set up; the setup link no longer works",
  setupConsortiumMissing: "There is no consortium yet: give its name, province, founding date and first goal year too",
  resetAdminOnly: "Only an administrator can reset the password of an administrator, the secretariat or another consortium-wide role",
  resetSelf: "Change your own password under My account",
};
