// Keyboard-only journey (issue #17): with Tab, Enter, Space, arrows and Escape alone a user goes
// from the drop zone through the file chooser, switches views, filters by severity, opens a
// finding, exports, presents and leaves — every focused control visibly focused, focus given back
// after each panel closes, and no trap.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, kpi, screenshotDir, repoRoot, cliPath } from "./harness.js";

let server;
let browser;
let findingsFile;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  await mkdir(screenshotDir, { recursive: true });
  const cli = cliPath;
  findingsFile = join(screenshotDir, "..", "keyboard-journey.jsonl");
  execFileSync(cli, ["sample", "--findings", "400", "--seed", "11", "--output", findingsFile]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What has focus: its test id, else its tag and text, for messages. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.dataset?.testid ?? `${el?.tagName.toLowerCase()} “${(el?.textContent ?? "").trim().slice(0, 40)}”`;
  });
}

/**
 * Presses Tab (or `key`, e.g. Shift+Tab) until `selector` has focus (at most `limit` presses),
 * checking that every stop shows its focus.
 */
async function tabTo(page, selector, { key = "Tab", limit = 60 } = {}) {
  for (let press = 0; press < limit; press += 1) {
    await page.keyboard.press(key);
    const stop = await page.evaluate((wanted) => {
      const el = document.activeElement;
      const style = el ? getComputedStyle(el) : null;
      return {
        matches: el?.matches(wanted) ?? false,
        visible: style !== null && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        name: el?.dataset?.testid ?? `${el?.tagName.toLowerCase()}.${el?.className}`,
      };
    }, selector);
    assert.ok(stop.visible, `focus is visible on ${stop.name}`);
    if (stop.matches) return;
  }
  assert.fail(`Tab never reached ${selector} (focus is on ${await focused(page)})`);
}

test("a keyboard-only user loads, explores, filters, opens a finding, exports and presents", async () => {
  const app = await openApp(browser, server.url, { acceptDownloads: true });
  const { page } = app;
  // Listen for the file chooser now: Playwright starts intercepting choosers when the first
  // listener is added, asynchronously, so a listener added together with the key press can
  // miss a chooser that opens at once on a busy machine.
  const chooserOpened = page.waitForEvent("filechooser", { timeout: 60_000 });

  // The first Tab stop is the skip link, and it moves focus to the main content.
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "skip-link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "main");

  // Drop zone → the file chooser, opened with Enter.
  await tabTo(page, "[data-testid=drop-zone] button.button--primary");
  await page.keyboard.press("Enter");
  const chooser = await chooserOpened;
  await chooser.setFiles(findingsFile);
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });

  // Switch views with the tab list's arrows; focus follows the selected tab.
  await tabTo(page, "[role=tab][aria-selected=true]");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("[data-testid=graph-card]");
  assert.equal(await focused(page), "view-tactical");
  await page.keyboard.press("ArrowLeft");
  await page.waitForSelector("[data-testid=kpi-tile-high]");
  assert.equal(await focused(page), "view-strategic");

  // Filter by severity with Space on the High tile.
  const high = await kpi(page, "high");
  await tabTo(page, "[data-testid=kpi-tile-high]");
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.querySelector("[data-testid=kpi-tile-high]")?.getAttribute("aria-pressed") === "true");
  assert.equal(await kpi(page, "total"), high, "the filter selects the High findings");

  // Open a finding from the table with ↓; Escape closes it and focus is back on the table.
  await page.focus("[data-testid=view-strategic]");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("[data-testid=findings-table]");
  await tabTo(page, ".findings__viewport");
  await page.keyboard.press("ArrowDown");
  await page.waitForSelector("[data-testid=finding-detail]");
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=finding-detail]", { state: "detached" });
  assert.ok(await page.evaluate(() => document.activeElement?.matches(".findings__viewport")), "focus is back on the table");

  // Export (the button is in the table's header, before the list): a download happens.
  await tabTo(page, "[data-testid=export-findings-csv]", { key: "Shift+Tab" });
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert.match(download.suggestedFilename(), /\.csv$/);

  // Present, move on a slide, leave with Escape: focus returns to the Present button.
  await page.focus("[data-testid=view-operational]");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.waitForSelector("[data-testid=present]");
  await tabTo(page, "[data-testid=present]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=presentation]");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("[data-testid=slide-2].slide--active");
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=presentation]", { state: "hidden" });
  assert.equal(await focused(page), "present", "focus is back on Present");

  // No trap: Tab keeps moving through the page and out past the last control.
  const seen = new Set();
  for (let press = 0; press < 200; press += 1) {
    await page.keyboard.press("Tab");
    seen.add(await focused(page));
    if (await page.evaluate(() => document.activeElement === document.body)) break;
  }
  assert.ok(seen.size > 10, `Tab moves on through the page (${seen.size} stops)`);
  assert.deepEqual(app.pageErrors, []);
  await app.context.close();
});

test("the timeline's period is chosen by keyboard as by dragging: arrows, Shift+arrows, Enter", async () => {
  const app = await openApp(browser, server.url);
  const { page } = app;
  await page.setInputFiles("[data-testid=file-input]", [findingsFile]);
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  const allFindings = await kpi(page, "total");

  await tabTo(page, "[data-testid=timeline-chart]");
  const said = () => page.textContent("[data-testid=timeline-key-range]");
  // End chooses the last bucket; Shift+← twice extends the range to three buckets.
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  const chosen = await said();
  const match = chosen.match(/^(.+) to (.+): ([\d,]+) findings?\. Enter filters to it\.$/);
  assert.ok(match, `the range is announced (“${chosen}”)`);
  const inRange = Number(match[3].replaceAll(",", ""));
  assert.ok(await page.isVisible(".chart-card__selection"), "the chosen range is drawn on the chart");
  await page.locator("[data-testid=timeline-card]").screenshot({ path: join(screenshotDir, "timeline-keyboard-range.png") });

  // ← without Shift moves a single bucket; Shift+→ ×2 builds the same range the other way.
  await page.keyboard.press("ArrowLeft");
  assert.doesNotMatch(await said(), /^.+ to .+:/, "a plain arrow chooses one bucket");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  assert.equal(await said(), chosen, "the same three buckets, chosen from the left");

  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=clear-period]");
  assert.equal(await kpi(page, "total"), inRange, "every view is filtered to the chosen period");
  assert.ok(inRange < allFindings, "the period is narrower than the whole load");
  assert.equal(await said(), "", "the keyboard selection ends once applied");
  assert.equal(await focused(page), "timeline-chart", "focus stays on the chart");

  // Escape cancels a selection without filtering.
  await page.keyboard.press("Home");
  await page.keyboard.press("Escape");
  assert.equal(await said(), "");
  assert.equal(await kpi(page, "total"), inRange);
  assert.deepEqual(app.pageErrors, []);
  await app.context.close();
});
