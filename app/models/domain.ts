// Canonical domain vocabularies (DOMAIN.md). Labels live in the i18n catalogue under the same ids.

export const STRATEGIC_FIELDS = [
  "人工智能", "量子科技", "集成电路", "生物科技", "新材料", "新能源", "人形机器人", "低空经济",
  "高端装备", "智能网联汽车", "生命健康", "未来网络", "元宇宙", "空天信息", "深海装备",
] as const;

export const UNIT_KINDS = [
  "lead_enterprise", "platform", "enterprise", "university", "institute", "service", "association",
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const PLATFORM_SUBKINDS = ["provincial_lab", "innovation_center", "public_platform"] as const;
export const SERVICE_SUBKINDS = ["concept_verification", "testing", "tech_transfer", "finance"] as const;
export const UNIT_SUBKINDS = [...PLATFORM_SUBKINDS, ...SERVICE_SUBKINDS] as const;

export const ORGANS = ["council", "secretariat", "expert_committee", "chief_scientist"] as const;

export const TASK_STATUSES = ["not_started", "in_progress", "pending_closeout", "closed", "suspended"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PROVINCES = ["zhejiang", "jiangsu"] as const;
export type Province = (typeof PROVINCES)[number];
