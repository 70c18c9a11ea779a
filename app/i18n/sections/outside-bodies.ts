// 外部机构: the 总体部, the expert pool (专家库) and evaluators, on /admin/bodies.
import type { Widen } from "../zh-CN";

export const outsideBodiesZh = {
  nav: "外部机构",
  title: "外部机构",
  hint: "重大专项总体部、专家库和评价机构。用户可归属于外部机构而非成员单位；专家库中具有“责任专家”角色的人员可被选为项目责任专家和检查专家（不属于任何成员单位，不涉及回避本单位）。",
  name: "机构名称",
  kind: "类型",
  add: "添加机构",
  empty: "尚无外部机构。添加专家库后，即可在“用户”中新建专家并归属于它。",
  members: "人员（{n}）",
  noMembers: "尚无人员。",
  addMember: "添加人员",
  expert: "责任专家",
  inactive: "已停用",
  saved: "已保存机构",
};

export const outsideBodiesEn: Widen<typeof outsideBodiesZh> = {
  nav: "Outside bodies",
  title: "Outside bodies",
  hint: "The major project's general design department, the expert pool and evaluators. A user may belong to one instead of a member unit; pool members holding the responsible-expert role can be named responsible experts of projects and check experts (they belong to no member unit, so no unit is their own).",
  name: "Name",
  kind: "Kind",
  add: "Add body",
  empty: "No outside bodies yet. Add the expert pool, then create its experts under Users.",
  members: "People ({n})",
  noMembers: "Nobody yet.",
  addMember: "Add a person",
  expert: "Responsible expert",
  inactive: "Deactivated",
  saved: "Body saved",
};

export const outsideBodiesErrorsZh = { outsideBodyNameTaken: "已有同名的外部机构" };
export const outsideBodiesErrorsEn: Widen<typeof outsideBodiesErrorsZh> = { outsideBodyNameTaken: "An outside body of that name already exists" };
