import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
page.on("console", (m) => console.log("console:", m.text()));
const base = "http://127.0.0.1:3255";
await page.goto(base + "/login");
await page.getByLabel("用户名").fill("shouxi");
await page.getByLabel("密码").fill("demo1234");
await page.getByRole("button", { name: "登录" }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
for (const p of ["/board", "/changes"]) {
  await page.goto(base + p);
  await page.waitForTimeout(3000);
  console.log(p, await page.getByTestId("conn").getAttribute("data-state"));
}
await browser.close();
