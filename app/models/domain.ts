// Canonical domain vocabularies (DOMAIN.md). Labels live in the i18n catalogue under the same ids.

/** Seed 001 (Hangzhou 2022 call), word for word: the 15 strategic fields a consortium is formed in. */
export const STRATEGIC_FIELDS = [
  "云计算与未来网络", "智能计算与人工智能", "微电子与光电子", "大数据与信息安全", "智能控制与先进技术",
  "结构生物学及关键生物技术", "脑科学与脑机融合", "组学与精准医学", "新药创制与高端医疗器械", "生物育种与现代农业",
  "精细化工与复合材料", "功能材料", "新能源开发与利用", "海洋与空天材料", "双碳与环保技术",
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
