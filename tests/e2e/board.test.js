// The board pack end to end: a newcomer loads the sample data, sets two appetite thresholds in
// the Method panel, sees the key risk indicators change status, downloads the deck and the
// workbook, and LibreOffice opens both (the deck's first content page carries the indicators;
// the workbook's Findings sheet has as many rows as the app selects). The one-page board
// summary prints on exactly one page with the indicators. Also the ageing and coverage cards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, countIn, screenshotDir, screenshot, viewsSettled } from "./harness.js";
import { download, convert, csvRecords, pdfPages, pdfText } from "./office.js";

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

async function openWithSample(options = {}) {
  const app = await openApp(browser, server.url, { acceptDownloads: true, ...options });
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]");
  await app.page.waitForSelector("[data-testid=kri-card]");
  return app;
}

async function status(page, slug) {
  return page.getAttribute(`[data-testid=kri-${slug}]`, "data-status");
}

/** Types a number into a Method-panel input and commits it (the change event). */
async function setNumber(page, testid, value) {
  const input = page.locator(`[data-testid=${testid}]`);
  await input.fill(String(value));
  await input.dispatchEvent("change");
}

test("a newcomer sets two appetite thresholds, sees the indicators change, and downloads a deck and workbook LibreOffice opens", async () => {
  const app = await openWithSample();
  const { page } = app;
  // Before: the defaults (any Critical or High open is amber; 10 is red).
  const before = await status(page, "critical_high_open");
  assert.notEqual(before, "within", "the sample has Critical or High findings open");

  await page.click("[data-testid=open-method]");
  await page.waitForSelector("[data-testid=board-settings]");
  // Red first, so amber never goes above red on the way.
  await setNumber(page, "appetite-critical_high_open-red", 1000000);
  await setNumber(page, "appetite-critical_high_open-amber", 1000000);
  await setNumber(page, "appetite-attack_sequences-amber", 0);
  await setNumber(page, "appetite-attack_sequences-red", 0);
  assert.match(await page.textContent("[data-testid=board-settings-message]"), /saved/);
  // An invalid pair is refused with its reason, and changes nothing.
  await setNumber(page, "appetite-credential_open-amber", 999999999);
  assert.match(await page.textContent("[data-testid=board-settings-message]"), /above the red/);
  await screenshot(page, join(screenshotDir, "board-settings.png"));
  await page.keyboard.press("Escape");

  assert.equal(await status(page, "critical_high_open"), "within");
  assert.equal(await status(page, "attack_sequences"), "red");
  assert.match(await page.textContent("[data-testid=kri-attack_sequences]"), /Over appetite/);
  assert.match(await page.textContent("[data-testid=kri-attack_sequences]"), /Decision needed/);
  // Kept across a reload (local storage), never the findings.
  const stored = await page.evaluate(() => localStorage.getItem("guardview.appetite.v1"));
  assert.equal(JSON.parse(stored).attack_sequences.red, 0);
  await screenshot(page, join(screenshotDir, "board-strategic.png"));

  const dir = mkdtempSync(join(tmpdir(), "guardview-board-"));
  const deck = await download(page, "[data-testid=export-pptx]");
  assert.match(deck.name, /\.pptx$/);
  writeFileSync(join(dir, "deck.pptx"), deck.bytes);
  convert(dir, "pdf", join(dir, "deck.pptx"));
  const flat = pdfText(join(dir, "deck.pdf"), 2);
  assert.match(flat, /Key risk indicators against appetite/);
  assert.match(flat, /Attack sequences|attack sequence/i);
  assert.match(flat, /Over appetite/);
  assert.match(flat, /Within appetite/);

  const book = await download(page, "[data-testid=export-xlsx]");
  assert.match(book.name, /\.xlsx$/);
  writeFileSync(join(dir, "workbook.xlsx"), book.bytes);
  convert(dir, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1", join(dir, "workbook.xlsx"));
  const csvName = readdirSync(dir).find((name) => name.startsWith("workbook-Findings") && name.endsWith(".csv"));
  assert.ok(csvName, "Calc wrote the Findings sheet");
  const rows = csvRecords(readFileSync(join(dir, csvName), "utf8")).filter((r) => r.some((cell) => cell !== ""));
  await page.click("[data-testid=view-operational]");
  const selected = countIn(await page.textContent("[data-testid=table-count]"));
  assert.equal(rows.length - 1, selected, "one workbook row per selected finding, after the header");
  assert.deepEqual(app.pageErrors, []);
});

test("the one-page board summary prints on exactly one page with the indicators", async () => {
  const app = await openWithSample();
  const { page } = app;
  // The button chooses the layout, then opens the print dialog: stub the dialog, keep the layout.
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.click("[data-testid=export-board-pdf]");
  assert.ok(await page.evaluate(() => document.body.classList.contains("print-board-summary")));
  await page.emulateMedia({ media: "print" });
  await screenshot(page, join(screenshotDir, "board-summary.png"));
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const dir = mkdtempSync(join(tmpdir(), "guardview-summary-"));
  writeFileSync(join(dir, "summary.pdf"), pdf);
  assert.equal(pdfPages(join(dir, "summary.pdf")), 1);
  const text = pdfText(join(dir, "summary.pdf"));
  assert.match(text, /Key risk indicators against appetite/);
  assert.match(text, /Critical or High|Critical and High/i);
  assert.match(text, /appetite/i);
  await page.emulateMedia({ media: "screen" });
  assert.deepEqual(app.pageErrors, []);
});

test("presentation mode's first content slide shows the indicators", async () => {
  const app = await openWithSample({ viewport: { width: 1920, height: 1080 } });
  const { page } = app;
  await page.click("[data-testid=present]");
  await page.click("[data-testid=slide-next]");
  const slide = page.locator("[data-testid=slide-2]");
  assert.match(await slide.textContent(), /Key risk indicators against appetite/);
  assert.equal(await slide.locator("[data-status]").count(), 6);
  await page.screenshot({ path: join(screenshotDir, "board-slide-indicators.png") });
});

test("ageing shows past-SLA counts by severity, opens a finding, and says when archive times cannot be known", async () => {
  const app = await openWithSample({ viewport: { width: 1920, height: 1080 } });
  const { page } = app;
  await page.click("[data-testid=view-operational]");
  await page.waitForSelector("[data-testid=ageing-card]");
  for (const band of ["critical", "high", "medium", "low"]) {
    assert.match(await page.textContent(`[data-testid=past-sla-${band}]`), /past the .* SLA, of/);
  }
  const archive = await page.locator("[data-testid=archive-unknown], [data-testid=archive-none], [data-testid=archive-times]").count();
  assert.equal(archive, 1, "time to archive is measured or its absence explained");
  const first = page.locator("[data-testid=past-sla-finding]").first();
  if (await first.count()) {
    await first.click();
    await page.waitForSelector("[data-testid=guidance]");
    await page.keyboard.press("Escape");
  }
  await page.locator("[data-testid=ageing-card]").screenshot({ path: join(screenshotDir, "board-ageing.png") });
  assert.deepEqual(app.pageErrors, []);
});

test("a coverage cell filters every view to its account and region, by mouse or keyboard", async () => {
  const app = await openWithSample({ viewport: { width: 1920, height: 1080 } });
  const { page } = app;
  await page.click("[data-testid=view-tactical]");
  await page.waitForSelector("[data-testid=coverage-card]");
  const cell = page.locator("[data-testid=coverage-cell]").first();
  const label = await cell.getAttribute("title");
  assert.match(label, /finding.*highest (Low|Medium|High|Critical)/);
  const count = countIn(/: ([\d,]+) finding/.exec(label)[1]);
  await cell.focus();
  await page.keyboard.press("Enter");
  await page.click("[data-testid=view-operational]");
  await viewsSettled(page);
  assert.equal(countIn(await page.textContent("[data-testid=table-count]")), count);
  await page.click("[data-testid=view-tactical]");
  await page.locator("[data-testid=coverage-card]").screenshot({ path: join(screenshotDir, "board-coverage.png") });
  assert.match(await page.textContent("[data-testid=silent-accounts]"), /Accounts with no finding/);
  assert.deepEqual(app.pageErrors, []);
});

test("appetite settings exported as JSON come back with import after a reset", async () => {
  const app = await openWithSample();
  const { page } = app;
  await page.click("[data-testid=open-method]");
  await page.waitForSelector("[data-testid=board-settings]");
  await setNumber(page, "appetite-attack_sequences-amber", 0);
  await setNumber(page, "appetite-attack_sequences-red", 0);
  const saved = await page.evaluate(() => localStorage.getItem("guardview.appetite.v1"));
  const file = join(mkdtempSync(join(tmpdir(), "guardview-appetite-")), "guardview-appetite.json");
  writeFileSync(file, saved);

  await page.click("[data-testid=reset-board-settings]");
  assert.notEqual(await page.inputValue("[data-testid=appetite-attack_sequences-red]"), "0", "the reset restored the default");
  await page.setInputFiles("[data-testid=import-board-settings]", file);
  await page.waitForFunction(() => /Appetite imported/.test(document.querySelector("[data-testid=board-settings-message]")?.textContent ?? ""));
  assert.equal(await page.inputValue("[data-testid=appetite-attack_sequences-red]"), "0", "the imported threshold is back");

  // A file that is neither appetite nor SLA is refused with both reasons, and changes nothing.
  writeFileSync(file, "{\"not\":\"settings\"}");
  await page.setInputFiles("[data-testid=import-board-settings]", file);
  await page.waitForFunction(() => / \/ /.test(document.querySelector("[data-testid=board-settings-message]")?.textContent ?? ""));
  assert.equal(await page.inputValue("[data-testid=appetite-attack_sequences-red]"), "0");
  assert.deepEqual(app.pageErrors, []);
  await app.context.close();
});
