import { describe, expect, it } from "vitest";
import { settingsFormSchema } from "../../app/models/consortium";
import { PROVINCE_PROFILES } from "../../app/models/settings";

describe("rule settings form", () => {
  it("accepts the province profiles and refuses a yellow threshold above the red one", () => {
    expect(settingsFormSchema.safeParse(PROVINCE_PROFILES.zhejiang).success).toBe(true);
    const lag = settingsFormSchema.safeParse({ ...PROVINCE_PROFILES.zhejiang, ragYellowLag: 40, ragRedLag: 30 });
    expect(lag.error?.issues[0]).toMatchObject({ path: ["ragYellowLag"], message: "validation.yellowAboveRed" });
    const days = settingsFormSchema.safeParse({ ...PROVINCE_PROFILES.jiangsu, ragYellowDays: 20, ragRedDays: 15 });
    expect(days.error?.issues[0]?.path).toEqual(["ragYellowDays"]);
  });
});
