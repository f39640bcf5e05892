// Accessibility end to end (issue #17): axe-core's WCAG 2.0/2.1 A and AA rules find nothing on
// any view or state, in the light, dark and projector themes. axe is injected with Playwright's
// evaluate, which is not subject to the page's Content Security Policy, so the CSP stays as strict
// as in production (no bypassCSP, no inline script).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, screenshotDir, repoRoot, screenshot, cliPath } from "./harness.js";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const THEMES = ["light", "dark"];

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  await mkdir(screenshotDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** One violation, readably: rule, impact, help, then each offending node and why. */
function describeViolation(violation) {
  const nodes = violation.nodes
    .slice(0, 8)
    .map((node) => `    ${node.target.join(" ")}\n      ${node.failureSummary.replaceAll("\n", "\n      ")}\n      ${node.html.slice(0, 200)}`)
    .join("\n");
  const more = violation.nodes.length > 8 ? `\n    … and ${violation.nodes.length - 8} more nodes` : "";
  return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.nodes.length} nodes)\n${nodes}${more}`;
}

/** Runs axe's WCAG 2.1 A/AA rules on the page as it is and fails with every violation. */
async function assertNoViolations(page, state) {
  const injected = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!injected) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const results = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary ?? "", html: n.html })),
    }));
  }, WCAG_TAGS);
  assert.equal(violations.length, 0, `axe-core ${AXE_VERSION} found WCAG 2.1 A/AA violations in ${state}:\n${violations.map(describeViolation).join("\n")}`);
}

/** Chooses a theme with the app's own theme button (so the charts follow it too). */
async function setTheme(page, theme) {
  for (let click = 0; click < 3; click += 1) {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) === theme) {
      // Colours fade for 120 ms after a theme change: measure contrast once they have settled.
      await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
      return;
    }
    await page.click("[data-testid=theme-toggle]");
  }
  assert.fail(`the theme button never chose ${theme}`);
}

async function loadSample(page) {
  await page.click("[data-testid=load-sample]");
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
}

for (const theme of THEMES) {
  test(`the empty state has no WCAG 2.1 AA violations (${theme})`, async () => {
    const app = await openApp(browser, server.url);
    await setTheme(app.page, theme);
    await app.page.waitForSelector("[data-testid=empty-state]");
    await assertNoViolations(app.page, `the empty state (${theme})`);
    await app.context.close();
  });

  test(`every loaded view, filtered, with the detail and Method panels, is clean (${theme})`, async () => {
    const app = await openApp(browser, server.url);
    await setTheme(app.page, theme);
    await loadSample(app.page);
    const { page } = app;
    for (const view of ["strategic", "tactical", "operational"]) {
      await page.click(`[data-testid=view-${view}]`);
      await page.waitForTimeout(300);
      await screenshot(page, join(screenshotDir, `a11y-${view}-${theme}.png`));
      await assertNoViolations(page, `the ${view} view (${theme})`);
    }
    await page.click("[data-testid=view-strategic]");
    await page.click("[data-testid=kpi-tile-high]");
    await page.waitForTimeout(300);
    await assertNoViolations(page, `the strategic view filtered to High (${theme})`);
    await page.click("[data-testid=open-method]");
    await page.waitForSelector("[data-testid=method-panel]");
    await assertNoViolations(page, `the Method panel (${theme})`);
    await page.keyboard.press("Escape");
    await page.click("[data-testid=view-operational]");
    await page.locator("[data-testid=finding-row]").first().click();
    await page.waitForSelector("[data-testid=finding-detail]");
    await screenshot(page, join(screenshotDir, `a11y-detail-${theme}.png`));
    await assertNoViolations(page, `the finding detail panel (${theme})`);
    await page.keyboard.press("Escape");
    await page.click("[data-testid=view-tactical]");
    for (const table of ["threat-types", "graph"]) await page.click(`[data-testid=show-table-${table}]`);
    await page.waitForSelector("[data-testid=chart-table-graph-nodes]");
    await screenshot(page, join(screenshotDir, `a11y-tables-${theme}.png`));
    await assertNoViolations(page, `the tactical view with its chart tables shown (${theme})`);
    await page.click("[data-testid=view-strategic]");
    await page.click("[data-testid=show-table-timeline]");
    await page.waitForSelector("[data-testid=chart-table-timeline]");
    await assertNoViolations(page, `the timeline's table (${theme})`);
    assert.deepEqual(app.pageErrors, []);
    await app.context.close();
  });
}

test("presentation mode (projector theme) has no WCAG 2.1 AA violations on any slide", async () => {
  const app = await openApp(browser, server.url);
  await loadSample(app.page);
  await app.page.click("[data-testid=present]");
  await app.page.waitForSelector("[data-testid=presentation]:visible");
  const slides = await app.page.locator(".presentation .slide").count();
  for (let slide = 1; slide <= slides; slide += 1) {
    await app.page.waitForSelector(`[data-testid=slide-${slide}].slide--active`);
    await assertNoViolations(app.page, `presentation slide ${slide}`);
    await app.page.keyboard.press("ArrowRight");
  }
  await app.context.close();
});

test("the loading state (progress and Cancel) has no WCAG 2.1 AA violations", async () => {
  const cli = cliPath;
  const big = join(screenshotDir, "..", "a11y-loading.jsonl");
  execFileSync(cli, ["sample", "--findings", "50000", "--seed", "5", "--output", big]);
  const app = await openApp(browser, server.url);
  await app.page.setInputFiles("[data-testid=file-input]", [big]);
  await app.page.waitForSelector("[data-testid=cancel-load]");
  await assertNoViolations(app.page, "the loading state");
  await app.context.close();
});
