// Suppression what-if end to end: the criteria the card builds from the filter, downloaded and
// given to the real `guardview filters`, select exactly the findings the card previewed; the
// create-filter body and command carry the validated name; imported get-filter / list-filters
// JSON (file and paste) shows the CLI's match counts for the same findings.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, countIn, countText, fixturesDir, screenshotDir, repoRoot, corpusFiles, cliPath } from "./harness.js";

const CLI = cliPath;
const FILTERS = join(fixturesDir, "filters");
/** An account of the generated sample with High findings (seed 7 below). */
const ACCOUNT = "444455556666";

let server;
let browser;
let dir;
let sample;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "guardview-suppression-"));
  sample = join(dir, "findings.jsonl");
  execFileSync(CLI, ["sample", "--findings", "2000", "--seed", "7", "--now", "2026-11-27T00:00:00Z", "--output", sample]);
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** `guardview filters` output (exit status 2, a data file failed, still prints it). */
function cliFilters(filterFiles, files) {
  const args = ["filters", ...filterFiles.flatMap((f) => ["--filter", f]), ...files];
  try {
    return JSON.parse(execFileSync(CLI, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch (error) {
    if (error.status === 2) return JSON.parse(error.stdout);
    throw error;
  }
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: file.suggestedFilename(), text: (await readFile(await file.path())).toString("utf8") };
}

/** Opens the card and waits for the workers' count of what the rule would archive. */
async function openCard(page) {
  await page.click("[data-testid=suppression-toggle]");
  await page.waitForSelector("[data-testid=suppression-body][aria-busy=false] [data-testid=suppression-matched-count]");
  assert.equal(await page.getAttribute("[data-testid=suppression-toggle]", "aria-expanded"), "true");
  assert.equal(await page.getAttribute("[data-testid=suppression-body]", "data-source"), "workers");
}

function assertClean(app) {
  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.pageErrors, [], "page errors");
}

test("the downloaded criteria select in `guardview filters` exactly the findings the card previewed", async () => {
  const app = await openApp(browser, `${server.url}#view=operational&sev=high&acct=${ACCOUNT}`, { acceptDownloads: true });
  const { page } = app;
  await page.setInputFiles("[data-testid=file-input]", [sample]);
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  await openCard(page);

  const criteria = await page.locator("[data-testid=suppression-criteria] li").evaluateAll((items) =>
    items.map((li) => [li.dataset.field, li.dataset.operator, li.textContent]),
  );
  assert.ok(criteria.some(([field, op, text]) => field === "severity" && op === "Equals" && /is one of\s*78/.test(text)), JSON.stringify(criteria));
  assert.ok(criteria.some(([field, , text]) => field === "accountId" && text.includes(ACCOUNT)), JSON.stringify(criteria));

  const exported = await download(page, "[data-testid=suppression-export-criteria]");
  assert.equal(exported.name, "criteria.json");
  const criteriaFile = join(dir, "criteria.json");
  writeFileSync(criteriaFile, exported.text);
  const previewed = JSON.parse((await download(page, "[data-testid=suppression-export-preview]")).text);
  assert.equal(await page.getAttribute("[data-testid=suppression-export-preview]", "data-exported-from"), "workers");

  const cli = cliFilters([criteriaFile], [sample]);
  assert.equal(cli.filters.length, 1);
  const [result] = cli.filters;
  assert.ok(result.matched > 0, "the rule matches some findings");
  assert.deepEqual(previewed.matched_ids, result.matched_ids, "the app previewed what the CLI matches");
  assert.deepEqual(previewed.undecided_ids, result.undecided_ids);
  assert.equal(countIn(await page.textContent("[data-testid=suppression-matched-count]")), result.matched);
  assert.equal(await page.textContent("[data-testid=suppression-severity-high] td.num"), countText(result.by_severity.High));
  assert.equal(await page.textContent("[data-testid=suppression-severity-low] td.num"), "0");

  // Archiving High findings is warned about, in words and with an icon.
  const warning = page.locator("[data-testid=suppression-warning][data-warning=high-or-critical]");
  assert.equal(await warning.count(), 1);
  assert.match(await warning.textContent(), /Warning: Would archive up to [\d,]+ High and 0 Critical/);
  assert.equal(await warning.locator("[aria-hidden=true]").textContent(), "⚠");

  // The name is made valid, and the body and command carry it.
  await page.fill("[data-testid=suppression-name]", "quiet scanner!");
  assert.equal(await page.textContent("[data-testid=suppression-name-valid]"), "quiet-scanner-");
  assert.match(await page.textContent("[data-testid=suppression-name-note]"), /other characters became hyphens/);
  const command = await page.inputValue("[data-testid=suppression-command]");
  assert.equal(
    command,
    "aws guardduty create-filter --detector-id <DETECTOR_ID> --name quiet-scanner- --action ARCHIVE --rank 1 --finding-criteria file://criteria.json",
  );
  const body = JSON.parse((await download(page, "[data-testid=suppression-export-cli-input]")).text);
  assert.equal(body.Name, "quiet-scanner-");
  assert.equal(body.Action, "ARCHIVE");
  assert.deepEqual(body.FindingCriteria, JSON.parse(exported.text));

  await page.locator("[data-testid=suppression-card]").screenshot({ path: join(screenshotDir, "suppression-card.png") });
  assertClean(app);
  await app.context.close();
});

test("imported get-filter and list-filters JSON shows the CLI's matches for the loaded findings", async () => {
  const corpus = corpusFiles();
  const app = await openApp(browser, `${server.url}#view=operational`);
  const { page } = app;
  await page.setInputFiles("[data-testid=file-input]", corpus);
  await page.waitForSelector(".app[data-drop-state=loaded], .app[data-drop-state=failed]");
  await openCard(page);

  const criteriaFixture = join(FILTERS, "criteria_severity_bands_and_wildcards.json");
  const listFixture = join(FILTERS, "list_filters_output.json");
  const cli = cliFilters([criteriaFixture, listFixture], corpus);
  await page.setInputFiles("[data-testid=suppression-import-file]", [criteriaFixture, listFixture]);
  await page.waitForSelector("[data-testid=suppression-imported]");
  const imported = page.locator("[data-testid=suppression-imported]");
  assert.equal(await imported.count(), cli.filters.length);

  const withCriteria = imported.first();
  await page.waitForSelector("[data-testid=suppression-imported][data-source=workers][aria-busy=false]");
  const expected = cli.filters[0];
  assert.ok(expected.matched > 0, "the fixture matches corpus findings");
  assert.equal(Number(await withCriteria.getAttribute("data-matched")), expected.matched);
  assert.equal(Number(await withCriteria.getAttribute("data-undecided")), expected.undecided);
  assert.equal(await withCriteria.locator("[data-testid=suppression-imported-matched]").textContent(), countText(expected.matched));
  const listedIds = await withCriteria.locator("[data-finding-id]").evaluateAll((buttons) => buttons.map((b) => b.dataset.findingId));
  assert.equal(listedIds.length, Math.min(10, expected.matched));
  assert.deepEqual(listedIds.filter((id) => !expected.matched_ids.includes(id)), [], "every listed finding is one the CLI matched");
  assert.match(await withCriteria.textContent(), /type\s*matches none of\s*\*Tor\*/);

  for (const [i, entry] of cli.filters.slice(1).entries()) {
    const item = imported.nth(i + 1);
    assert.equal(await item.getAttribute("data-name"), entry.name);
    assert.equal(await item.getAttribute("data-name-only"), "true");
    assert.match(await item.textContent(), new RegExp(`aws guardduty get-filter --detector-id <DETECTOR_ID> --filter-name ${entry.name}`));
  }

  // A listed finding opens the detail panel.
  await withCriteria.locator("[data-finding-id]").first().click();
  await page.waitForSelector("[data-testid=finding-detail]");
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=finding-detail]", { state: "detached" });

  // Pasted REST-wire get-filter output.
  const wire = join(FILTERS, "get_filter_output_rest_wire.json");
  const [wireExpected] = cliFilters([wire], corpus).filters;
  await page.fill("[data-testid=suppression-import-text]", readFileSync(wire, "utf8"));
  await page.click("[data-testid=suppression-import-paste]");
  await page.waitForSelector(`[data-testid=suppression-imported][data-name="${wireExpected.name}"][aria-busy=false]`);
  const pastedItem = page.locator("[data-testid=suppression-imported]");
  assert.equal(await pastedItem.count(), 1);
  assert.equal(Number(await pastedItem.getAttribute("data-matched")), wireExpected.matched);
  await page.locator("[data-testid=suppression-card]").screenshot({ path: join(screenshotDir, "suppression-import.png") });

  // Something that is not a filter is refused with the reason.
  await page.fill("[data-testid=suppression-import-text]", '{"Findings": []}');
  await page.click("[data-testid=suppression-import-paste]");
  assert.match(await page.textContent("[data-testid=suppression-import-error]"), /not a GuardDuty filter/);

  assertClean(app);
  await app.context.close();
});
