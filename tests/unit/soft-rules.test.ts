// The soft rules, one pure function: each rule on and off, every number taken from the settings.
import { describe, expect, it } from "vitest";
import { softRuleWarnings, type SoftRuleInput } from "../../app/models/soft-rules";
import { effectiveSettings, PROVINCE_PROFILES, type Settings } from "../../app/models/settings";

type Unit = SoftRuleInput["units"][number];
let nextId = 1;
const unit = (over: Partial<Unit> = {}): Unit => ({
  id: nextId++,
  name: `单位${nextId}`,
  kind: "enterprise",
  isSme: false,
  active: true,
  leadProjects: 0,
  externalProjects: 0,
  ownsTasks: true,
  ...over,
});
const sme = (over: Partial<Unit> = {}) => unit({ isSme: true, ...over });

/** A consortium that breaks no rule: a lead enterprise, a university, five SMEs with tasks. */
const healthy = (): Unit[] => [
  unit({ name: "牵头企业", kind: "lead_enterprise", leadProjects: 2, externalProjects: 1 }),
  unit({ name: "浙大", kind: "university" }),
  sme(),
  sme(),
  sme(),
  sme(),
  sme(),
];

const zj = PROVINCE_PROFILES.zhejiang;
const js = PROVINCE_PROFILES.jiangsu;
const run = (units: Unit[], s: Settings = zj, province = "zhejiang") => softRuleWarnings({ province, units }, s);
const rules = (units: Unit[], s: Settings = zj, province = "zhejiang") => run(units, s, province).map((w) => w.rule);

describe("soft rules", () => {
  it("a healthy consortium gets no warning in either province", () => {
    expect(run(healthy())).toEqual([]);
    expect(run(healthy(), js, "jiangsu")).toEqual([]);
  });

  it("minUnits: warns below the minimum, counting only units that have not left", () => {
    const four = [unit(), unit(), unit(), unit()];
    const s = { ...zj, minSmes: 0 };
    expect(run(four, s)).toEqual([{ rule: "minUnits", params: { actual: 4, min: 5 } }]);
    expect(rules([...four, unit()], s)).toEqual([]);
    expect(run([...four, unit({ active: false })], s)).toEqual([{ rule: "minUnits", params: { actual: 4, min: 5 } }]);
  });

  it("minUnits follows the setting", () => {
    const seven = healthy();
    expect(rules(seven)).not.toContain("minUnits");
    expect(run(seven, { ...zj, minUnits: 8 })).toEqual([{ rule: "minUnits", params: { actual: 7, min: 8 } }]);
    expect(rules(seven.slice(0, 3), { ...zj, minUnits: 3, minSmes: 0 })).toEqual([]);
  });

  it("minSmes: counts only active SMEs that own a task of the major project", () => {
    const units = healthy();
    expect(rules(units)).not.toContain("minSmes");
    const oneIdle = units.map((u, i) => (i === 2 ? { ...u, ownsTasks: false } : u));
    expect(run(oneIdle)).toEqual([{ rule: "minSmes", params: { actual: 4, min: 5 } }]);
    const oneLeft = units.map((u, i) => (i === 2 ? { ...u, active: false } : u));
    expect(run(oneLeft)).toEqual([{ rule: "minSmes", params: { actual: 4, min: 5 } }]);
    // Another SME without any task does not help.
    expect(run([...oneIdle, sme({ ownsTasks: false })])).toEqual([{ rule: "minSmes", params: { actual: 4, min: 5 } }]);
    expect(rules([...oneIdle, sme()])).toEqual([]);
  });

  it("minSmes follows the setting", () => {
    expect(run(healthy(), { ...zj, minSmes: 6 })).toEqual([{ rule: "minSmes", params: { actual: 5, min: 6 } }]);
    const twoSmes = healthy().slice(0, 4);
    expect(rules(twoSmes, { ...zj, minUnits: 4, minSmes: 2 })).toEqual([]);
  });

  it("Jiangsu requires a university or institute, Zhejiang does not", () => {
    const noAcademic = healthy().filter((u) => u.kind !== "university");
    expect(rules(noAcademic, zj)).toEqual([]);
    expect(run(noAcademic, js, "jiangsu")).toEqual([{ rule: "needAcademic", params: { province: "jiangsu" } }]);
    const withInstitute = [...noAcademic, unit({ kind: "institute" })];
    expect(rules(withInstitute, js, "jiangsu")).toEqual([]);
    // A university that has left no longer counts.
    const leftUniversity = [...noAcademic, unit({ kind: "university", active: false })];
    expect(rules(leftUniversity, js, "jiangsu")).toEqual(["needAcademic"]);
    // The number is a setting: a Zhejiang consortium may opt in.
    expect(rules(noAcademic, { ...zj, requireAcademic: true })).toEqual(["needAcademic"]);
  });

  it("leadTotalCap: a lead unit's projects here plus outside may not exceed the cap", () => {
    const atCap = healthy().map((u) => (u.kind === "lead_enterprise" ? { ...u, leadProjects: 3, externalProjects: 2 } : u));
    expect(rules(atCap)).toEqual([]);
    const over = healthy().map((u) => (u.kind === "lead_enterprise" ? { ...u, leadProjects: 4, externalProjects: 2 } : u));
    expect(run(over)).toEqual([{ rule: "leadTotalCap", params: { unit: "牵头企业", actual: 6, max: 5 } }]);
    expect(rules(over, { ...zj, leadProjectCap: 6 })).toEqual([]);
    expect(run(atCap, { ...zj, leadProjectCap: 4 })).toEqual([{ rule: "leadTotalCap", params: { unit: "牵头企业", actual: 5, max: 4 } }]);
  });

  it("leadOutsideCap: a lead unit may lead at most N provincial projects outside this major project", () => {
    const over = healthy().map((u) => (u.kind === "lead_enterprise" ? { ...u, leadProjects: 1, externalProjects: 3 } : u));
    expect(run(over)).toEqual([{ rule: "leadOutsideCap", params: { unit: "牵头企业", actual: 3, max: 2 } }]);
    expect(rules(over, { ...zj, leadOutsideCap: 3 })).toEqual([]);
    const two = healthy().map((u) => (u.kind === "lead_enterprise" ? { ...u, leadProjects: 1, externalProjects: 2 } : u));
    expect(rules(two)).toEqual([]);
    expect(rules(two, { ...zj, leadOutsideCap: 1 })).toEqual(["leadOutsideCap"]);
  });

  it("the lead caps concern lead units only: an enterprise leading nothing here is not checked", () => {
    const units = [...healthy(), unit({ name: "其他企业", externalProjects: 9 })];
    expect(rules(units)).toEqual([]);
    // ... but any unit that leads a project of this major project is.
    const leads = [...healthy(), unit({ name: "高校牵头", kind: "university", leadProjects: 1, externalProjects: 5 })];
    expect(rules(leads)).toEqual(["leadTotalCap", "leadOutsideCap"]);
  });
});

describe("effective settings", () => {
  it("starts from the province profile", () => {
    expect(effectiveSettings("zhejiang", {})).toEqual(zj);
    expect(effectiveSettings("jiangsu", {}).requireAcademic).toBe(true);
    expect(effectiveSettings("nowhere", {})).toEqual(zj);
  });

  it("applies valid overrides and ignores invalid or unknown ones", () => {
    const s = effectiveSettings("zhejiang", {
      minUnits: 17,
      minSmes: "7", // wrong type
      leadProjectCap: -1, // out of range
      leadOutsideCap: 2.5, // not an integer
      requireAcademic: "yes",
      filingDay: 31, // out of range
      unknownKey: 3,
    });
    expect(s).toEqual({ ...zj, minUnits: 17 });
    expect(s).not.toHaveProperty("unknownKey");
  });
});
