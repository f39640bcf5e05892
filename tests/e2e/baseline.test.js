// A baseline (the previous period) loaded beside the data lives in the workers' second store:
// the comparison by finding id (new, still active, resolved), the baseline's indicators, key risk
// indicators, risk matrix and weekly trend are answered there, and read exactly as the page
// computes them with workers blocked — before and after a filter.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, kpi, kpisFromWorkers, viewsSettled, cliPath, blockWorkers } from "./harness.js";

let server;
let browser;
let current;
let baseline;

before(async () => {
  // Two periods of one organisation: the same seed, so many finding ids are in both.
  const dir = mkdtempSync(join(tmpdir(), "guardview-baseline-"));
  current = join(dir, "current.jsonl");
  baseline = join(dir, "baseline.jsonl");
  execFileSync(cliPath, ["sample", "--findings", "1500", "--seed", "11", "--now", "2026-11-27T00:00:00Z", "--output", current]);
  execFileSync(cliPath, ["sample", "--findings", "900", "--seed", "11", "--now", "2026-08-29T00:00:00Z", "--output", baseline]);
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the Strategic view shows of the comparison, with where each card's numbers came from. */
async function comparisonViews(page, fromWorkers) {
  if (fromWorkers) {
    for (const card of ["kri-card", "indicators", "briefing-summary"]) {
      await page.waitForSelector(`[data-testid=${card}][data-source=workers]`);
    }
  }
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=risk-delta]").length === 25);
  await viewsSettled(page);
  const views = {};
  for (const name of ["kri-card", "indicators", "briefing-summary"]) {
    const card = page.locator(`[data-testid=${name}]`);
    views[name] = { source: await card.getAttribute("data-source"), text: await card.innerText() };
  }
  views.deltas = await page.locator("[data-testid=risk-delta]").allTextContents();
  views.trend = await page.locator("#trend-description").textContent();
  views.trendChart = await page.locator("[data-testid=trend-card] svg").textContent();
  return views;
}

test("a baseline is compared in the workers exactly as the page compares it, before and after a filter", async () => {
  const seen = {};
  for (const workers of [0, 1, 3]) {
    const app = workers === 0
      ? await openApp(browser, server.url, { beforeLoad: blockWorkers })
      : await openApp(browser, `${server.url}?workers=${workers}`);
    await app.page.setInputFiles("[data-testid=file-input]", [current]);
    await app.page.waitForSelector(".app[data-drop-state=loaded]");
    if (workers > 0) await kpisFromWorkers(app.page);
    await app.page.setInputFiles("[data-testid=baseline-input]", [baseline]);
    await app.page.waitForSelector("[data-testid=baseline-status]");
    await app.page.waitForFunction(() => document.querySelector("[data-testid=briefing-headline]")?.textContent.includes("up from"));
    const whole = await comparisonViews(app.page, workers > 0);
    const highs = await kpi(app.page, "high");
    await app.page.click("[data-testid=kpi-tile-high]");
    await app.page.waitForFunction(
      (n) => document.querySelector("[data-testid=briefing-headline]")?.textContent.startsWith(`${n.toLocaleString("en-US")} finding`),
      highs,
    );
    const filtered = await comparisonViews(app.page, workers > 0);
    seen[workers] = { whole, filtered };
    // Removing the baseline leaves the current period alone, from the workers again.
    await app.page.click("button:has-text('Remove baseline')");
    await app.page.waitForFunction(() => document.querySelectorAll("[data-testid=indicators] .indicator").length === 7);
    await viewsSettled(app.page);
    assert.doesNotMatch(await app.page.textContent("[data-testid=briefing-headline]"), /previous period/, `${workers} workers: no comparison once removed`);
    assert.equal(await app.page.locator("[data-testid=risk-delta]").count(), 0, `${workers} workers: no deltas once removed`);
    if (workers > 0) {
      assert.equal(await app.page.getAttribute("[data-testid=briefing-summary]", "data-source"), "workers");
    }
    assert.deepEqual(app.pageErrors, [], "page errors");
    assert.deepEqual(app.consoleErrors, [], "console errors");
    assert.deepEqual(app.foreignRequests, []);
    await app.context.close();
  }
  const page = seen[0];
  for (const part of ["whole", "filtered"]) {
    const views = page[part];
    assert.equal(views["briefing-summary"].source, "page", "with workers blocked the page compares");
    assert.match(views["briefing-summary"].text, /Since the previous period: [\d,]+ new findings?, [\d,]+ still active and [\d,]+ resolved\./, `${part}: the change sentence`);
    assert.match(views.indicators.text, /New findings this period/, `${part}: the new-findings indicator`);
    assert.match(views["kri-card"].text, /\(vs baseline\)/, `${part}: the key risk indicators' trends`);
    assert.match(views.trend, /^Findings per week on one time axis: [\d,]+ in this period .* and [\d,]+ in the previous period/);
    assert.match(views.trendChart, /Previous period/);
  }
  assert.notDeepEqual(page.filtered.deltas, page.whole.deltas, "the filter changes the matrix's deltas");
  for (const workers of [1, 3]) {
    for (const part of ["whole", "filtered"]) {
      const views = seen[workers][part];
      for (const name of ["kri-card", "indicators", "briefing-summary"]) {
        assert.equal(views[name].source, "workers", `${workers} workers, ${part}: ${name} from the workers`);
        assert.equal(views[name].text, page[part][name].text, `${workers} workers, ${part}: ${name} as the page computes it`);
      }
      for (const name of ["deltas", "trend", "trendChart"]) {
        assert.deepEqual(views[name], page[part][name], `${workers} workers, ${part}: ${name} as the page computes it`);
      }
    }
  }
});
