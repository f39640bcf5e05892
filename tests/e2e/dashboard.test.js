// Analyst dashboard and risk matrix end to end: KPIs equal `guardview summary`, every chart
// click filters every view, the URL keeps the filters, the risk matrix filters to exactly its
// cell, and the ATT&CK Navigator layer export is a valid layer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { serveDist, launchBrowser, openApp, kpi, viewsSettled, countIn, countText, fixturesDir, screenshotDir, repoRoot, screenshot, cliSummary, corpusFiles, cliPath } from "./harness.js";

const CORPUS = corpusFiles();
let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function loadCorpus(page) {
  await page.setInputFiles("[data-testid=file-input]", CORPUS);
  await page.waitForSelector(".app[data-drop-state=loaded], .app[data-drop-state=failed]");
}

async function waitForKpi(page, name, value) {
  await page.waitForFunction(
    ([testid, text]) => document.querySelector(`[data-testid=${testid}]`)?.textContent === text,
    [`kpi-${name}`, countText(value)],
  );
}

function assertClean(app) {
  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.pageErrors, [], "page errors");
}

test("dropping the whole corpus shows every file's dialect and the CLI's totals", async () => {
  const app = await openApp(browser, server.url);
  await loadCorpus(app.page);
  const expected = cliSummary(CORPUS);
  await app.page.click("[data-testid=view-operational]");
  const rows = app.page.locator("[data-testid=file-row]");
  assert.equal(await rows.count(), CORPUS.length);
  for (const file of expected.files) {
    const row = app.page.locator(`[data-testid=file-row][data-file-name="${basename(file.name)}"]`);
    assert.equal(await row.locator("[data-testid=file-records]").textContent(), countText(file.records), file.name);
    if (file.error) {
      assert.ok((await row.locator("[data-testid=file-error]").count()) > 0, `${file.name} shows its error`);
    } else {
      assert.equal(await row.locator("[data-testid=file-dialect]").textContent(), file.dialect, file.name);
    }
  }
  await app.page.click("[data-testid=view-strategic]");
  // Sample findings are hidden by default: the tiles count the rest.
  await waitForKpi(app.page, "total", expected.unique_findings - expected.samples);
  await app.page.check("[data-testid=show-samples]");
  await waitForKpi(app.page, "total", expected.unique_findings);
  for (const band of ["Critical", "High", "Medium", "Low"]) {
    assert.equal(await kpi(app.page, band.toLowerCase()), expected.by_severity[band], band);
  }
  assert.equal(await kpi(app.page, "archived"), expected.archived);
  await screenshot(app.page, join(screenshotDir, "strategic-corpus.png"));
  assertClean(app);
  await app.context.close();
});

test("a severity tile filters every view, and the table shows exactly those findings", async () => {
  const app = await openApp(browser, server.url);
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  const high = await kpi(app.page, "high");
  assert.ok(high > 0);
  await app.page.click("[data-testid=kpi-tile-high]");
  await waitForKpi(app.page, "total", high);
  assert.equal(await kpi(app.page, "low"), 0);
  assert.match(await app.page.textContent("[data-testid=filter-chips]"), /Severity: High/);
  await app.page.click("[data-testid=view-operational]");
  await viewsSettled(app.page);
  assert.equal(await app.page.textContent("[data-testid=table-count]"), countText(high));
  const badges = await app.page.locator("[data-testid=finding-row] .severity-badge").allTextContents();
  assert.ok(badges.length > 0 && badges.every((b) => b.startsWith("High")), "only High rows");
  assertClean(app);
  await app.context.close();
});

test("dragging across the timeline selects a period; the URL keeps it across a reload", async () => {
  // A fixed data set (not "Load sample data", whose data ends today): the same findings after
  // the reload, whatever the clock says.
  const cli = cliPath;
  const fixed = join(screenshotDir, "..", "period-test.jsonl");
  execFileSync(cli, ["sample", "--findings", "5000", "--seed", "5", "--now", "2026-11-27T00:00:00Z", "--output", fixed]);
  const app = await openApp(browser, server.url);
  await app.page.setInputFiles("[data-testid=file-input]", [fixed]);
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  const total = await kpi(app.page, "total");
  await app.page.evaluate(() =>
    document.querySelector("[data-testid=timeline-chart]").scrollIntoView({ block: "center" }),
  );
  const chart = await app.page.locator("[data-testid=timeline-chart]").boundingBox();
  const y = chart.y + chart.height * 0.6;
  await app.page.mouse.move(chart.x + chart.width * 0.55, y);
  await app.page.mouse.down();
  await app.page.mouse.move(chart.x + chart.width * 0.75, y, { steps: 5 });
  await app.page.mouse.up();
  await app.page.waitForSelector("[data-testid=clear-period]");
  const chips = await app.page.textContent("[data-testid=filter-chips]");
  assert.match(chips, /Last seen: \d{4}-\d{2}-\d{2}/);
  const inPeriod = await kpi(app.page, "total");
  assert.ok(inPeriod > 0 && inPeriod < total, `period keeps part of the data (${inPeriod} of ${total})`);
  await screenshot(app.page, join(screenshotDir, "timeline-period.png"));
  assert.match(app.page.url(), /from=\d+&to=\d+/);

  // Findings are never stored, so a reload asks for the files again; the filter is kept.
  await app.page.reload();
  await app.page.waitForSelector("[data-testid=empty-state]");
  await app.page.setInputFiles("[data-testid=file-input]", [fixed]);
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  assert.equal(await app.page.textContent("[data-testid=filter-chips] .chip__label"), chips.match(/Last seen: [^×]*/)[0].trim());
  assert.equal(await kpi(app.page, "total"), inPeriod);
  assertClean(app);
  await app.context.close();
});

test("clicking a graph node filters to the findings behind it", async () => {
  const app = await openApp(browser, server.url);
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  const total = await kpi(app.page, "total");
  await app.page.click("[data-testid=view-tactical]");
  // The workers count the graph (the card is busy until they have); the legend has circles too.
  await app.page.waitForSelector("[data-testid=graph-card][data-source=workers][aria-busy=false]");
  await app.page.waitForSelector("[data-testid=graph-chart] svg circle", { state: "attached" });
  await screenshot(app.page, join(screenshotDir, "tactical.png"));
  await app.page.evaluate(() =>
    document.querySelector("[data-testid=graph-chart]").scrollIntoView({ block: "center" }),
  );
  // Click node centres, busiest first; folded "more …" nodes are not clickable, real ones are.
  const centres = await app.page.evaluate(() =>
    [...document.querySelectorAll("[data-testid=graph-chart] svg circle")]
      .filter((circle) => Number(circle.getAttribute("cy")) > 90) // below the legend
      .map((circle) => {
        const box = circle.getBoundingClientRect();
        return { r: Number(circle.getAttribute("r")), x: box.x + box.width / 2, y: box.y + box.height / 2 };
      })
      .sort((a, b) => b.r - a.r),
  );
  assert.ok(centres.length > 0, "the graph has nodes");
  const chipShown = () =>
    app.page.evaluate(() => /Touches /.test(document.querySelector("[data-testid=filter-chips]")?.textContent ?? ""));
  for (const centre of centres.slice(0, 60)) {
    await app.page.mouse.move(centre.x, centre.y);
    await app.page.mouse.down();
    await app.page.mouse.up();
    if (await chipShown()) break;
  }
  assert.ok(await chipShown(), "a node click added a filter chip");
  await app.page.click("[data-testid=view-strategic]");
  const behind = await kpi(app.page, "total");
  assert.ok(behind > 0 && behind < total, `the node's findings (${behind} of ${total})`);
  assertClean(app);
  await app.context.close();
});

test("a risk-matrix cell filters every view to exactly the findings counted in it", async () => {
  const app = await openApp(browser, server.url);
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  const cells = await app.page.$$eval("[data-testid^=risk-cell-]", (buttons) =>
    buttons.map((b) => ({ id: b.dataset.testid, count: b.querySelector(".risk-matrix__count").textContent })),
  ).then((found) => found.map((cell) => ({ ...cell, count: countIn(cell.count) })));
  assert.equal(cells.length, 25);
  assert.equal(cells.reduce((sum, c) => sum + c.count, 0), await kpi(app.page, "total"));
  const busiest = cells.reduce((a, b) => (b.count > a.count ? b : a));
  await app.page.click(`[data-testid=${busiest.id}]`);
  await waitForKpi(app.page, "total", busiest.count);
  await screenshot(app.page, join(screenshotDir, "strategic.png"));
  await app.page.click("[data-testid=view-operational]");
  await viewsSettled(app.page);
  assert.equal(await app.page.textContent("[data-testid=table-count]"), countText(busiest.count));
  await app.page.click("[data-testid=finding-row] >> nth=0");
  await app.page.waitForSelector("[data-testid=risk-assessment]");
  assert.match(await app.page.textContent("[data-testid=risk-assessment]"), /G-2 rule \d/);
  await app.page.screenshot({ path: join(screenshotDir, "finding-detail.png") });
  await app.page.keyboard.press("Escape");
  await screenshot(app.page, join(screenshotDir, "operational.png"));
  assertClean(app);
  await app.context.close();
});

test("the Method panel shows the NIST tables and rejects broken rules with a clear message", async () => {
  const app = await openApp(browser, server.url);
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  await app.page.click("[data-testid=open-method]");
  const panel = await app.page.textContent("[data-testid=method-panel]");
  for (const table of ["G-5", "I-2", "H-3"]) assert.match(panel, new RegExp(table));
  await app.page.fill("[data-testid=rules-json]", "{ not json");
  await app.page.click("[data-testid=apply-rules]");
  assert.match(await app.page.textContent("[data-testid=rules-message]"), /line 1/);
  // A rules file chosen with "Import JSON…" lands in the editor, to be checked before Apply.
  const rulesFile = '{"version": 1, "impact_rules": []}';
  await app.page.setInputFiles("[data-testid=import-rules]", { name: "rules.json", mimeType: "application/json", buffer: Buffer.from(rulesFile) });
  await app.page.waitForFunction(() => /Rules file read/.test(document.querySelector("[data-testid=rules-message]")?.textContent ?? ""));
  assert.equal(await app.page.inputValue("[data-testid=rules-json]"), rulesFile);
  await app.page.fill("[data-testid=rules-json]", "{ not json");
  await app.page.click("[data-testid=apply-rules]");
  await app.page.screenshot({ path: join(screenshotDir, "method.png") });
  assertClean(app);
  await app.context.close();
});

test("the ATT&CK Navigator layer downloads as a valid layer 4.5 file naming real tactics", async () => {
  const app = await openApp(browser, server.url, { acceptDownloads: true });
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  await app.page.click("[data-testid=view-tactical]");
  const [download] = await Promise.all([
    app.page.waitForEvent("download"),
    app.page.click("[data-testid=export-navigator]"),
  ]);
  const layer = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(layer.versions.layer, "4.5");
  assert.equal(layer.domain, "enterprise-attack");
  assert.equal(typeof layer.name, "string");
  assert.ok(Array.isArray(layer.techniques) && layer.techniques.length > 0);
  const tactics = new Set([
    "reconnaissance", "resource-development", "initial-access", "execution", "persistence",
    "privilege-escalation", "defense-evasion", "credential-access", "discovery", "lateral-movement",
    "collection", "command-and-control", "exfiltration", "impact",
  ]);
  for (const technique of layer.techniques) {
    assert.match(technique.techniqueID, /^T\d{4}(\.\d{3})?$/);
    if (technique.tactic !== undefined) assert.ok(tactics.has(technique.tactic), technique.tactic);
    assert.equal(typeof technique.score, "number");
  }
  assertClean(app);
  await app.context.close();
});

test("the raw record is read back from the file, plain or gzip, and matches the finding", async () => {
  // 3,000 findings: the gzip file decompresses to several MB, so the record lies many
  // decompressed chunks in.
  const cli = cliPath;
  const gz = join(screenshotDir, "..", "raw-test.jsonl.gz");
  execFileSync(cli, ["sample", "--findings", "3000", "--seed", "5", "--format", "jsonl.gz", "--output", gz]);
  for (const path of [gz, join(fixturesDir, "roundtrip/camel_case.json")]) {
    const name = basename(path);
    const app = await openApp(browser, server.url);
    await app.page.setInputFiles("[data-testid=file-input]", [path]);
    await app.page.waitForSelector(".app[data-drop-state=loaded]");
    await app.page.click("[data-testid=view-operational]");
    await app.page.waitForSelector("[data-testid=finding-row]");
    // A row in the table's first screen: scrolling the virtualised table re-renders its rows,
    // and a click racing that re-render (on a busy machine) could land on none of them.
    const rows = await app.page.locator("[data-testid=finding-row]").count();
    await app.page.locator("[data-testid=finding-row]").nth(Math.min(rows - 1, 3)).click();
    await app.page.waitForSelector("[data-testid=finding-detail]");
    await app.page.click("text=Show raw JSON");
    await app.page.waitForFunction(() =>
      document.querySelector("[data-testid=raw-json]")?.textContent.trim().startsWith("{"));
    const raw = JSON.parse(await app.page.textContent("[data-testid=raw-json]"));
    const id = raw.id ?? raw.Id ?? raw.detail?.id;
    assert.ok(id, `${name}: the raw record has an id`);
    const detail = await app.page.textContent("[data-testid=finding-detail]");
    assert.ok(detail.includes(id), `${name}: the raw record is this finding's (${id})`);
    if (path === gz) {
      await app.page.locator("[data-testid=raw-json]").scrollIntoViewIfNeeded();
      await app.page.screenshot({ path: join(screenshotDir, "raw-record-gzip.png") });
    }
    assertClean(app);
    await app.context.close();
  }
});
