// A rollup and a latest file, loaded together in the browser (issue #14): an organisation's S3
// export tree is generated and reduced with the CLI (`guardview sample --layout s3-org`, then
// `guardview rollup`), the tree's objects are joined into one `latest.jsonl`, and both files
// are dropped on the app. The history (rollup) KPIs equal `guardview summary`'s `rollups`
// object, the finding KPIs equal its finding numbers — the two kept apart, never added —
// the rollup's breakdowns equal the CLI's, its 30-day trend equals a count of the CSV, its risk
// matrix places every finding once, the filter bar narrows it by its columns (and names the
// parts it cannot apply), and the
// load report says which file is which. A malformed rollup fails alone, with its line named. The
// history views pass axe-core's WCAG 2.1 AA rules. A rollup alone is a year's briefing: the
// history in brief (its headline and trend equal counts of the CSV), a presentation of the
// history, and a deck and workbook LibreOffice opens with the history in them. Screenshots:
// target/screenshots/rollup-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  serveDist, launchBrowser, openApp, kpi, countIn, countText, dropFiles, repoRoot, screenshotDir, screenshot,
  assertParsedInWorker, cliSummary, cliPath } from "./harness.js";
import { convert, csvRecords, download, pdfPages, pdfText } from "./office.js";

const CLI = cliPath;
const WORK = join(repoRoot, "target", "e2e-rollup");
const TREE = join(WORK, "tree");
const ROLLUP = join(WORK, "rollup.csv");
const LATEST = join(WORK, "latest.jsonl");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server;
let browser;

/** Every `.jsonl.gz` object of the tree, decompressed and joined; the tree's broken objects (a
 * torn gzip, a torn record) are left out, as an engine's `latest` query would skip them. */
async function joinTree(root) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const objects = entries
    .filter((e) => e.isFile() && e.name.endsWith(".jsonl.gz"))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
  const parts = [];
  for (const path of objects) {
    try {
      const text = gunzipSync(await readFile(path)).toString("utf8");
      text.split("\n").filter((line) => line.trim()).forEach((line) => JSON.parse(line));
      parts.push(text.endsWith("\n") ? text : `${text}\n`);
    } catch {
      // A broken object: guardview reports it when read from the tree; latest leaves it out.
    }
  }
  return parts.join("");
}

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  await mkdir(screenshotDir, { recursive: true });
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  execFileSync(CLI, ["sample", "--layout", "s3-org", "--out", TREE, "--findings", "500", "--seed", "11"]);
  // The tree holds broken objects on purpose: `rollup` names them and exits 2, and still writes.
  try {
    execFileSync(CLI, ["rollup", TREE, "-o", ROLLUP], { stdio: ["ignore", "ignore", "ignore"] });
  } catch (error) {
    assert.equal(error.status, 2, "rollup exits 2 for the tree's broken objects");
  }
  await writeFile(LATEST, await joinTree(TREE));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function historyKpi(page, name) {
  return countIn(await page.textContent(`[data-testid=history-kpi-${name}]`));
}

/** A chart table's rows as { label: findings } (zero rows left out, like the CLI's maps). */
async function tableCounts(page, name) {
  await page.click(`[data-testid=show-table-${name}]`);
  const rows = await page.$$eval(`[data-testid=chart-table-${name}] tbody tr`, (trs) =>
    trs.map((tr) => [tr.querySelector("th").textContent.trim(), tr.querySelector("td").textContent.trim()]));
  return Object.fromEntries(rows.map(([label, n]) => [label, countIn(n)]).filter(([, n]) => n > 0));
}

/** Findings first seen in the last 30 days of a rollup CSV and in the 30 days before, by band,
 * counted here from the file (the CLI writes it unquoted). */
function trendFromCsv(text) {
  const [header, ...lines] = text.trim().split("\n");
  const column = Object.fromEntries(header.split(",").map((name, i) => [name, i]));
  const rows = lines.map((line) => line.split(",")).filter((f) => /^\d{4}-\d{2}-\d{2}$/.test(f[column.day]));
  const dayMs = (day) => Date.parse(`${day}T00:00:00Z`);
  const last = Math.max(...rows.map((f) => dayMs(f[column.day])));
  const counts = { current: {}, previous: {} };
  for (const f of rows) {
    const age = (last - dayMs(f[column.day])) / 86_400_000;
    const window = age < 30 ? "current" : age < 60 ? "previous" : null;
    if (window) counts[window][f[column.severity]] = (counts[window][f[column.severity]] ?? 0) + Number(f[column.findings]);
  }
  return counts;
}

/** The rollup CSV's rows as objects (the CLI writes it unquoted). */
function csvRows(text) {
  const [header, ...lines] = text.trim().split("\n");
  const names = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [names[i], value])));
}

/** The briefing's words for a change: "up from 2 to 5 (+3)", "down from …", "unchanged at 4". */
function trendWords(before, now) {
  if (before === now) return `unchanged at ${countText(now)}`;
  const sign = now > before ? "+" : "-";
  return `${now > before ? "up" : "down"} from ${countText(before)} to ${countText(now)} (${sign}${countText(Math.abs(now - before))})`;
}

function nonZero(map) {
  return Object.fromEntries(Object.entries(map).filter(([, n]) => n > 0));
}

function assertClean(app) {
  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.pageErrors, [], "page errors");
}

test("a rollup and a latest file load together: history and finding KPIs each equal guardview summary", async () => {
  const expected = cliSummary([ROLLUP, LATEST]);
  const history = expected.rollups;
  assert.equal(history.files, 1);
  assert.ok(history.findings >= 400, `the rollup counts ${history.findings} findings`);
  assert.ok(expected.unique_findings > 0);

  const app = await openApp(browser, server.url);
  const { page } = app;
  await dropFiles(page, [
    { name: "rollup.csv", bytes: await readFile(ROLLUP) },
    { name: "latest.jsonl", bytes: await readFile(LATEST) },
  ]);
  await page.waitForSelector(".app[data-drop-state=loaded], .app[data-drop-state=failed]", { timeout: 60_000 });
  assertParsedInWorker(app);
  await page.click("[data-testid=view-strategic]");
  await page.waitForSelector("[data-testid=history-card]");

  // The history, from the rollup.
  assert.equal(await historyKpi(page, "total"), history.findings);
  assert.equal(await historyKpi(page, "occurrences"), history.occurrences);
  assert.equal(await historyKpi(page, "archived"), history.archived);
  for (const band of ["Critical", "High", "Medium", "Low"]) {
    assert.equal(await historyKpi(page, band.toLowerCase()), history.by_severity[band] ?? 0, band);
  }
  assert.equal(await historyKpi(page, "accounts"), Object.keys(history.by_account).length);
  assert.equal(await historyKpi(page, "regions"), Object.keys(history.by_region).length);

  // The loaded findings, from the latest file — not added to the history.
  assert.equal(await kpi(page, "total"), expected.unique_findings);
  for (const band of ["Critical", "High", "Medium", "Low"]) {
    assert.equal(await kpi(page, band.toLowerCase()), expected.by_severity[band] ?? 0, band);
  }
  const status = await page.textContent("[data-testid=load-status]");
  assert.match(status, /from 1 file, and the history of [\d,]+ findings from 1 rollup/);
  assert.match(await page.textContent("[data-testid=finding-level-note]"), /loaded from finding files, not the rollup/);

  // The filter bar applies to the history by its columns: High keeps the history's High rows;
  // a search (no column for it) is named as not applied.
  await page.click("[data-testid=kpi-tile-high]");
  await page.waitForFunction((n) => document.querySelector("[data-testid=history-kpi-total]")?.textContent.replace(/\D/g, "") === String(n),
    history.by_severity.High ?? 0);
  assert.equal(await historyKpi(page, "high"), history.by_severity.High ?? 0);
  assert.equal(await historyKpi(page, "low"), 0);
  assert.match(await page.textContent("[data-testid=history-filter-note]"), /The filter keeps [\d,]+ of the history's [\d,]+ findings\./);
  await page.click("[data-testid=kpi-tile-high]");
  await page.waitForFunction((n) => document.querySelector("[data-testid=history-kpi-total]")?.textContent.replace(/\D/g, "") === String(n),
    history.findings);
  await page.fill("[data-testid=search]", "Backdoor");
  await page.waitForSelector("[data-testid=history-filter-note]");
  assert.match(await page.textContent("[data-testid=history-filter-note]"), /Not applied to the history, which has no single findings: search text\./);
  assert.equal(await historyKpi(page, "total"), history.findings, "a search does not narrow the history");
  await page.fill("[data-testid=search]", "");
  await page.waitForSelector("[data-testid=history-filter-note]", { state: "detached" });

  // Presenting: the briefing of the loaded findings, the history second, then the findings' slides.
  await page.click("[data-testid=present]");
  await page.waitForSelector("[data-testid=slide-1].slide--active");
  assert.equal(await page.textContent("[data-testid=slide-counter]"), "1 / 7");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("[data-testid=slide-2].slide--active [data-testid=slide-history]");
  await page.keyboard.press("End");
  await page.waitForSelector("[data-testid=slide-7].slide--active");
  await page.keyboard.press("Escape");

  // The trend: the last 30 days of the history against the 30 before, by band.
  const trend = trendFromCsv(await readFile(ROLLUP, "utf8"));
  const trendRows = await page.$$eval("[data-testid=history-trend] tbody tr", (trs) =>
    trs.map((tr) => [tr.querySelector("th").textContent, ...[...tr.querySelectorAll("td")].map((td) => td.textContent)]));
  for (const [band, now, before] of trendRows.filter(([band]) => band !== "All")) {
    assert.equal(countIn(now), trend.current[band] ?? 0, `${band}, last 30 days`);
    assert.equal(countIn(before), trend.previous[band] ?? 0, `${band}, 30 days before`);
  }
  assert.equal(trendRows.length, 5, "four bands and All");

  // The timeline's months hold every dated finding.
  const months = await tableCounts(page, "history-timeline");
  const dated = Object.values(months).reduce((a, b) => a + b, 0);
  assert.equal(dated, history.findings, "every finding of the generated tree has a first-seen day");
  // The history's risk matrix places every finding of the rollup in one cell.
  const riskCells = await page.$$eval("[data-testid^=history-risk-cell-] .risk-matrix__count", (spans) =>
    spans.map((span) => span.textContent));
  assert.equal(riskCells.length, 25);
  assert.equal(riskCells.reduce((total, n) => total + countIn(n), 0), history.findings);
  assert.match(await page.textContent("[data-testid=history-risk-not-evaluated]"), /Rules not evaluated from a rollup \(\d+\)/);
  await page.click("[data-testid=show-table-history-timeline]");
  await screenshot(page, join(screenshotDir, "rollup-strategic.png"));
  await page.locator("[data-testid=history-card]").screenshot({ path: join(screenshotDir, "rollup-history-card.png") });
  await page.click("[data-testid=history-period-year]");
  const years = await tableCounts(page, "history-timeline");
  assert.equal(Object.values(years).reduce((a, b) => a + b, 0), history.findings);
  assert.ok(Object.keys(years).every((y) => /^\d{4}$/.test(y)), JSON.stringify(years));

  // Breakdowns from the rollup equal the CLI's.
  await page.click("[data-testid=view-tactical]");
  await page.waitForSelector("[data-testid=history-breakdowns]");
  assert.deepEqual(await tableCounts(page, "history-accounts"), nonZero(history.by_account));
  assert.deepEqual(await tableCounts(page, "history-regions"), nonZero(history.by_region));
  const resources = await tableCounts(page, "history-resources");
  if (Object.keys(history.by_resource_type).length <= 13) {
    assert.deepEqual(resources, nonZero(history.by_resource_type));
  }
  await page.locator("[data-testid=history-breakdowns]").screenshot({ path: join(screenshotDir, "rollup-history-breakdowns.png") });

  // The load report says which file is which.
  await page.click("[data-testid=view-operational]");
  await page.waitForSelector("[data-testid=load-report]");
  const groupToggle = page.locator("[data-testid=group-by-origin]");
  if ((await groupToggle.getAttribute("aria-pressed")) === "true") await groupToggle.click();
  const rollupRow = page.locator("[data-testid=file-row][data-file-name='rollup.csv']");
  assert.equal(await rollupRow.getAttribute("data-file-kind"), "rollup");
  assert.match(await rollupRow.locator("[data-testid=file-dialect]").textContent(), /Rollup v1/);
  assert.match(await rollupRow.locator("[data-testid=file-rollup]").textContent(), /History: [\d,]+ findings/);
  const latestRow = page.locator("[data-testid=file-row][data-file-name='latest.jsonl']");
  assert.equal(await latestRow.getAttribute("data-file-kind"), "findings");
  assertClean(app);
  await app.context.close();
});

test("a malformed rollup fails alone with its line named; the other files load", async () => {
  const bad = "day,account_id,region,finding_type,severity,resource_type,archived,findings,occurrences\n" +
    "2026-01-04,444455556666,us-east-1,Recon:EC2/Portscan,Medium,Instance,false,1,1\n" +
    "2026-01-05,444455556666,us-east-1,Recon:EC2/Portscan,Severe,Instance,false,1,1\n";
  const expected = cliSummary([ROLLUP]).rollups;
  const app = await openApp(browser, server.url);
  const { page } = app;
  await dropFiles(page, [
    { name: "bad-rollup.csv", bytes: Buffer.from(bad) },
    { name: "rollup.csv", bytes: await readFile(ROLLUP) },
  ]);
  await page.waitForSelector(".app[data-drop-state=failed]", { timeout: 60_000 });
  await page.click("[data-testid=view-strategic]");
  assert.equal(await historyKpi(page, "total"), expected.findings, "only the good rollup counts");
  await page.click("[data-testid=view-operational]");
  const groupToggle = page.locator("[data-testid=group-by-origin]");
  if ((await groupToggle.getAttribute("aria-pressed")) === "true") await groupToggle.click();
  const error = await page.locator("[data-testid=file-row][data-file-name='bad-rollup.csv'] [data-testid=file-error]").textContent();
  assert.match(error, /Rollup v1/);
  assert.match(error, /line 3/);
  assert.match(error, /Severe/);
  assert.match(await page.textContent("[data-testid=finding-level-note]"), /need single findings/);
  assert.deepEqual(app.pageErrors, [], "page errors");
  await app.context.close();
});

test("a rollup given as a baseline is named as not used, not dropped without a word", async () => {
  const latest = cliSummary([LATEST]);
  const app = await openApp(browser, server.url);
  const { page } = app;
  await page.setInputFiles("[data-testid=file-input]", [LATEST]);
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  await page.setInputFiles("[data-testid=baseline-input]", [LATEST, ROLLUP]);
  await page.waitForSelector("[data-testid=baseline-status]", { timeout: 60_000 });
  const status = await page.textContent("[data-testid=baseline-status]");
  assert.equal(
    status,
    `Compared with a baseline of ${latest.unique_findings.toLocaleString("en-US")} findings from 1 file; ` +
      "1 rollup is not used (a baseline compares findings; load a rollup as data for its history).",
  );
  assert.deepEqual(app.pageErrors, [], "page errors");
  await app.context.close();
});

test("a rollup alone is a year's briefing: the history in brief, its slides, and a deck and workbook with the history", async () => {
  const history = cliSummary([ROLLUP]).rollups;
  const rows = csvRows(await readFile(ROLLUP, "utf8"));
  const days = rows.map((r) => r.day).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const plural = (n, one, many) => `${countText(n)} ${n === 1 ? one : many}`;
  const serious = (history.by_severity.Critical ?? 0) + (history.by_severity.High ?? 0);
  const headline = `${plural(history.findings, "finding", "findings")} first seen between ${days[0]} and ${days.at(-1)} ` +
    `in ${plural(Object.keys(history.by_account).length, "account", "accounts")} and ` +
    `${plural(Object.keys(history.by_region).length, "region", "regions")}: ${countText(serious)} Critical or High.`;

  const app = await openApp(browser, server.url, { acceptDownloads: true });
  const { page } = app;
  await dropFiles(page, [{ name: "rollup.csv", bytes: await readFile(ROLLUP) }]);
  await page.waitForSelector(".app[data-drop-state=loaded], .app[data-drop-state=failed]", { timeout: 60_000 });
  await page.click("[data-testid=view-strategic]");
  await page.waitForSelector("[data-testid=history-brief]");
  assert.equal(await page.textContent("[data-testid=history-brief-headline]"), headline);

  // The last 30 days against the 30 before, in words, from the same count of the CSV.
  const trend = trendFromCsv(await readFile(ROLLUP, "utf8"));
  const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
  const recent = await page.textContent("[data-testid=history-brief-last-30-days]");
  assert.ok(recent.includes(`are ${trendWords(sum(trend.previous), sum(trend.current))} on the 30 days before`), recent);
  const busiest = await page.textContent("[data-testid=history-brief-busiest-month]");
  assert.match(busiest, /The busiest month was \d{4}-\d{2}, with [\d,]+ findings?/);
  await page.locator("[data-testid=history-card]").screenshot({ path: join(screenshotDir, "rollup-history-brief.png") });

  // Presenting a rollup alone: the briefing (led by the history's headline), then the history.
  await page.click("[data-testid=present]");
  await page.waitForSelector("[data-testid=slide-1].slide--active");
  assert.equal(await page.textContent("[data-testid=slide-counter]"), "1 / 2");
  assert.equal(await page.textContent("[data-testid=slide-headline]"), headline);
  await page.click("[data-testid=slide-next]");
  const slide = page.locator("[data-testid=slide-2].slide--active");
  await slide.waitFor();
  assert.match(await slide.locator(".slide__title").textContent(), /History \(rollup\)/);
  assert.ok((await slide.textContent()).includes(headline));
  await page.screenshot({ path: join(screenshotDir, "rollup-slide-history.png") });
  await page.keyboard.press("Escape");

  // The deck: two slides LibreOffice opens, the history second; the workbook's History sheet
  // holds a row per month whose counts add up to the rollup's dated findings.
  const dir = mkdtempSync(join(tmpdir(), "guardview-history-"));
  const deck = await download(page, "[data-testid=export-pptx]");
  writeFileSync(join(dir, "deck.pptx"), deck.bytes);
  convert(dir, "pdf", join(dir, "deck.pptx"));
  assert.equal(pdfPages(join(dir, "deck.pdf")), 2);
  assert.match(pdfText(join(dir, "deck.pdf"), 2), /History \(rollup\)/);
  assert.ok(pdfText(join(dir, "deck.pdf"), 1).includes(headline), "the cover leads with the history");
  const book = await download(page, "[data-testid=export-xlsx]");
  writeFileSync(join(dir, "workbook.xlsx"), book.bytes);
  convert(dir, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,6", join(dir, "workbook.xlsx"));
  const csvName = readdirSync(dir).find((name) => name.startsWith("workbook-History") && name.endsWith(".csv"));
  assert.ok(csvName, `Calc wrote the History sheet: ${readdirSync(dir)}`);
  const sheet = csvRecords(readFileSync(join(dir, csvName), "utf8"));
  const monthRows = sheet.filter((r) => /^\d{4}-\d{2}$/.test(r[0]));
  assert.equal(monthRows.reduce((total, r) => total + countIn(r[5]), 0), history.findings);
  assertClean(app);
  await app.context.close();
});

/** axe-core's WCAG 2.1 A/AA violations on the page as it is: "rule: target" for each node. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    const results = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} — ${n.failureSummary}`));
  });
}

test("the history views pass axe-core's WCAG 2.1 AA rules in light and dark, tables open", async () => {
  const app = await openApp(browser, server.url);
  const { page } = app;
  await dropFiles(page, [
    { name: "rollup.csv", bytes: await readFile(ROLLUP) },
    { name: "latest.jsonl", bytes: await readFile(LATEST) },
  ]);
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  for (const theme of ["light", "dark"]) {
    for (let click = 0; click < 3 && (await page.evaluate(() => document.documentElement.dataset.theme)) !== theme; click += 1) {
      await page.click("[data-testid=theme-toggle]");
    }
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
    for (const [view, tables] of [["strategic", ["history-timeline"]], ["tactical", ["history-types", "history-accounts"]]]) {
      await page.click(`[data-testid=view-${view}]`);
      await page.waitForSelector(view === "strategic" ? "[data-testid=history-card]" : "[data-testid=history-breakdowns]");
      for (const name of tables) {
        const toggle = page.locator(`[data-testid=show-table-${name}]`);
        if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
      }
      assert.deepEqual(await axeViolations(page), [], `${view} view, ${theme} theme`);
    }
  }
  assert.deepEqual(app.pageErrors, [], "page errors");
  await app.context.close();
});
