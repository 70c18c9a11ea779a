// The rules that keep an indicator's values possible (indicators.ts): the range implied by a count or
// duration unit and the declared one, the 10x jump that needs confirmation, and the form schema that
// applies the same range beside the field.
import { describe, expect, it } from "vitest";
import { isJump, rangeProblem, recordValueSchema, valueRange } from "../../app/models/indicators";

const hours = { unitOfMeasure: "h", min: null, max: null };
const percent = { unitOfMeasure: "%", min: 0, max: 100 };
const celsius = { unitOfMeasure: "℃", min: null, max: null };

describe("valueRange / rangeProblem", () => {
  it("counts and durations are never negative; other units are open unless declared", () => {
    expect(valueRange(hours)).toEqual({ min: 0, max: null });
    expect(valueRange({ ...hours, unitOfMeasure: " 件 " })).toEqual({ min: 0, max: null });
    expect(valueRange(celsius)).toEqual({ min: null, max: null });
    expect(rangeProblem(hours, -5)).toEqual({ code: "indicatorValueNegative", params: { unit: "h" } });
    expect(rangeProblem(hours, 0)).toBeNull();
    expect(rangeProblem(celsius, -40)).toBeNull();
  });
  it("a declared range wins over the implied one and bounds both sides", () => {
    expect(rangeProblem(percent, 100)).toBeNull();
    expect(rangeProblem(percent, 100.5)).toEqual({ code: "indicatorValueAboveMax", params: { max: "100" } });
    expect(rangeProblem(percent, -0.1)).toEqual({ code: "indicatorValueBelowMin", params: { min: "0" } });
    expect(rangeProblem({ ...hours, min: -10 }, -5)).toBeNull();
  });
  it("the form schema refuses an impossible value beside the field", () => {
    const r = recordValueSchema("2026-11-23", hours).safeParse({ indicatorId: 1, value: -5, measuredOn: "2026-11-23", note: "" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["value"], message: 'errors.indicatorValueNegative|{"unit":"h"}' });
  });
});

describe("isJump", () => {
  it("more than 10x either way from the latest value", () => {
    expect(isJump(100, 1000)).toBe(false);
    expect(isJump(100, 1001)).toBe(true);
    expect(isJump(100, 10)).toBe(false);
    expect(isJump(100, 9.9)).toBe(true);
    expect(isJump(-2, -30)).toBe(true);
  });
  it("nothing to compare with a first value or a latest 0; a fall to 0 is a jump", () => {
    expect(isJump(null, 1e6)).toBe(false);
    expect(isJump(0, 1e6)).toBe(false);
    expect(isJump(50, 0)).toBe(true);
  });
});
