// Security messages: cross-origin refusals, sign-in and password throttling, role grants, the
// process-owned task statuses, database integrity.
import type { Widen } from "../zh-CN";

export const securityErrorsZh = {
  crossOrigin: "请求来自其他网站，已拒绝。请在本系统的页面中操作。",
  roleAdminOnly: "只有系统管理员可以授予或收回联合体范围的角色（首席科学家、秘书处、理事、总体部、系统管理员），或停用持有这些角色的账户",
};

export const securityErrorsEn: Widen<typeof securityErrorsZh> = {
  crossOrigin: "This request came from another site and was refused. Please use the pages of this system.",
  roleAdminOnly: "Only a system administrator can grant or take back consortium-wide roles (chief scientist, secretariat, council, general design department, administrator) or deactivate accounts that hold them",
};
