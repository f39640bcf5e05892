// Boardroom briefing end to end: the plain-language summary and indicators (with a baseline),
// presentation mode and its keys, every export (SVG parses and carries its title, PNG decodes at
// twice the chart size, CSV rows equal the filtered count), and the printed PDF's page count.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { serveDist, launchBrowser, openApp, kpi, screenshotDir, repoRoot, screenshot, cliPath } from "./harness.js";

const SLIDE_COUNT = 6;
let server;
let browser;
let current;
let baseline;

/** Two periods of the same organisation from the CLI's generator (different seeds and ends). */
function writeSamples() {
  const cli = cliPath;
  const dir = mkdtempSync(join(tmpdir(), "guardview-briefing-"));
  current = join(dir, "current.jsonl");
  baseline = join(dir, "baseline.jsonl");
  execFileSync(cli, ["sample", "--findings", "1500", "--seed", "11", "--now", "2026-11-27T00:00:00Z", "--output", current]);
  execFileSync(cli, ["sample", "--findings", "900", "--seed", "11", "--now", "2026-08-29T00:00:00Z", "--output", baseline]);
}

before(async () => {
  writeSamples();
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openWithData() {
  const app = await openApp(browser, server.url, { acceptDownloads: true });
  await app.page.setInputFiles("[data-testid=file-input]", [current]);
  await app.page.waitForSelector(".app[data-drop-state=loaded]");
  return app;
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
  assert.equal(bytes.subarray(12, 16).toString("ascii"), "IHDR");
  // The first IDAT must inflate: the image data is really there.
  const idat = bytes.indexOf(Buffer.from("IDAT"));
  assert.ok(idat > 0, "has image data");
  const length = bytes.readUInt32BE(idat - 4);
  assert.ok(inflateSync(bytes.subarray(idat + 4, idat + 4 + length), { finishFlush: 2 }).length > 0);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("the briefing answers the six questions and compares with a loaded baseline", async () => {
  const app = await openWithData();
  const headline = await app.page.textContent("[data-testid=briefing-headline]");
  assert.match(headline, /^1,500 findings between \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}: /);
  for (const question of ["who", "what", "where", "when", "how", "why"]) {
    assert.ok((await app.page.locator(`[data-testid=briefing-${question}] li`).count()) > 0, question);
  }
  assert.equal(await app.page.locator("[data-testid=indicators] .indicator").count(), 7);

  await app.page.setInputFiles("[data-testid=baseline-input]", [baseline]);
  await app.page.waitForSelector("[data-testid=baseline-status]");
  await app.page.waitForFunction(() => document.querySelector("[data-testid=briefing-headline]")?.textContent.includes("up from"));
  assert.match(await app.page.textContent("[data-testid=briefing-headline]"), /up from 900 to 1,500 \(\+600\) on the previous period/);
  assert.equal(await app.page.locator("[data-testid=indicators] .indicator").count(), 8);
  assert.match(await app.page.textContent("[data-testid=indicator-active_findings]"), /vs/);
  assert.match(await app.page.textContent("[data-testid=briefing-when]"), /Compared with the previous period/);
  // The risk matrix shows each cell's change, and a trend chart spans both periods.
  assert.equal(await app.page.locator("[data-testid=risk-delta]").count(), 25);
  await app.page.waitForSelector("[data-testid=trend-card] svg", { state: "attached" });
  const trend = await app.page.textContent("[data-testid=trend-card] svg");
  assert.match(trend, /Previous period/);
  assert.match(trend, /This period/);

  // Filtering changes the sentences: only High findings now.
  const highs = await kpi(app.page, "high");
  await app.page.click("[data-testid=kpi-tile-high]");
  await app.page.waitForFunction(
    (n) => document.querySelector("[data-testid=briefing-headline]")?.textContent.startsWith(`${n.toLocaleString("en-US")} finding`),
    highs,
  );
  await app.page.click("[data-testid=kpi-tile-high]");
  await screenshot(app.page, join(screenshotDir, "strategic-briefing.png"));
  assert.deepEqual(app.foreignRequests, []);
  assert.deepEqual(app.pageErrors, []);
  await app.context.close();
});

test("presentation mode moves with arrows, space and Home/End and leaves with Escape", async () => {
  const app = await openWithData();
  await app.page.click("[data-testid=present]");
  await app.page.waitForSelector("[data-testid=presentation]");
  const counter = () => app.page.textContent("[data-testid=slide-counter]");
  assert.equal(await counter(), `1 / ${SLIDE_COUNT}`);
  for (let slide = 1; slide <= SLIDE_COUNT; slide += 1) {
    await app.page.waitForSelector(`[data-testid=slide-${slide}].slide--active`);
    await app.page.screenshot({ path: join(screenshotDir, `slide-${slide}.png`) });
    await app.page.keyboard.press(slide % 2 ? "ArrowRight" : " ");
  }
  assert.equal(await counter(), `${SLIDE_COUNT} / ${SLIDE_COUNT}`, "stops at the last slide");
  await app.page.keyboard.press("ArrowLeft");
  assert.equal(await counter(), `${SLIDE_COUNT - 1} / ${SLIDE_COUNT}`);
  await app.page.keyboard.press("Home");
  assert.equal(await counter(), `1 / ${SLIDE_COUNT}`);
  await app.page.keyboard.press("End");
  assert.equal(await counter(), `${SLIDE_COUNT} / ${SLIDE_COUNT}`);
  await app.page.keyboard.press("Escape");
  await app.page.waitForSelector("[data-testid=presentation]", { state: "hidden" });
  assert.deepEqual(app.pageErrors, []);
  await app.context.close();
});

test("printing the briefing gives one landscape page per slide", async () => {
  const app = await openWithData();
  await app.page.click("[data-testid=present]");
  await app.page.waitForSelector("[data-testid=presentation]");
  const pdf = await app.page.pdf({ format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.equal(pages, SLIDE_COUNT);
  await app.context.close();
});

test("every chart exports as SVG with its title and as a 2x PNG; CSV rows equal the filtered count", async () => {
  const app = await openWithData();
  await app.page.click("[data-testid=kpi-tile-medium]");
  const filtered = await kpi(app.page, "total");
  const charts = [
    { view: "strategic", name: "timeline", title: "Findings over time, by severity" },
    { view: "strategic", name: "risk", title: "Risk matrix (NIST SP 800-30)" },
    { view: "tactical", name: "threat-types", title: "Findings by threat purpose" },
    { view: "tactical", name: "attack", title: "Findings by ATT&amp;CK tactic" },
    { view: "tactical", name: "graph", title: "Affected resources and actors" },
    { view: "tactical", name: "resource-types", title: "Findings by affected resource type" },
    { view: "tactical", name: "csa", title: "Findings by CSA top threat" },
  ];
  for (const chart of charts) {
    await app.page.click(`[data-testid=view-${chart.view}]`);
    // The graph is counted by the workers: export it once drawn.
    await app.page.waitForFunction(() => document.querySelector("[aria-busy=true]") === null);
    const svg = await download(app.page, `[data-testid=export-${chart.name}-svg]`);
    assert.match(svg.name, /\.svg$/);
    const text = svg.bytes.toString("utf8");
    const check = await app.page.evaluate((markup) => {
      const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
      return {
        error: doc.querySelector("parsererror") !== null,
        width: Number(doc.documentElement.getAttribute("width")),
        height: Number(doc.documentElement.getAttribute("height")),
        firstChildren: [...doc.documentElement.children].slice(0, 2).map((child) => child.tagName),
        title: doc.querySelector("svg > title")?.textContent ?? "",
        description: doc.querySelector("svg > desc")?.textContent ?? "",
      };
    }, text);
    assert.equal(check.error, false, `${chart.name} SVG parses as XML`);
    assert.deepEqual(check.firstChildren, ["title", "desc"], `${chart.name} SVG opens with its text alternative`);
    assert.ok(check.title.length > 0 && /\d/.test(check.description), `${chart.name} SVG's <desc> states its numbers (“${check.description}”)`);
    assert.ok(text.includes(chart.title), `${chart.name} SVG carries its title`);
    assert.ok(text.includes("Severity: Medium"), `${chart.name} SVG carries the filter in effect`);
    const png = await download(app.page, `[data-testid=export-${chart.name}-png]`);
    assert.match(png.name, /\.png$/);
    const size = pngSize(png.bytes);
    assert.deepEqual(size, { width: check.width * 2, height: check.height * 2 }, `${chart.name} PNG at 2x`);
  }
  await app.page.click("[data-testid=view-operational]");
  const csv = (await download(app.page, "[data-testid=export-findings-csv]")).bytes.toString("utf8");
  const rows = csv.split("\r\n").filter((line) => /^"?[0-9a-f]{32}"?,/.test(line));
  assert.equal(rows.length, filtered, "one CSV row per filtered finding");
  const iocs = (await download(app.page, "[data-testid=export-iocs]")).bytes.toString("utf8");
  assert.ok(iocs.split("\r\n").length > 2);
  assert.deepEqual(app.foreignRequests, [], "exports made no request");
  assert.deepEqual(app.pageErrors, []);
  await app.context.close();
});

test("the JSON summary holds the filtered numbers, the risk matrix and the briefing", async () => {
  const app = await openWithData();
  await app.page.click("[data-testid=kpi-tile-critical]");
  const critical = await kpi(app.page, "total");
  const file = await download(app.page, "[data-testid=export-summary-json]");
  const summary = JSON.parse(file.bytes.toString("utf8"));
  assert.equal(summary.unique_findings, critical);
  assert.equal(summary.by_severity.Critical, critical);
  assert.match(summary.filter, /Severity: Critical/);
  const cells = Object.values(summary.risk).flatMap((row) => Object.values(row));
  assert.equal(cells.length, 25);
  assert.equal(cells.reduce((a, b) => a + b, 0), critical);
  assert.equal(typeof summary.briefing.headline, "string");
  assert.ok(summary.briefing.indicators.length >= 5);
  await app.context.close();
});
