// The 2024–2026 GuardDuty families in the app (issue #16 acceptance): the types-2026 fixtures
// and a Security Hub `StartExportJobV2` CSV export load through the ingest worker, and the
// Tactical view's ATT&CK tactics, CSA threats and resource types count exactly what
// `guardview summary` counts on the same files. The view is kept as a screenshot.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, kpi, countIn, fixturesDir, screenshotDir, repoRoot, screenshot, assertParsedInWorker, cliSummary } from "./harness.js";

const FILES = [
  ...readdirSync(join(fixturesDir, "types-2026"))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(fixturesDir, "types-2026", name)),
  join(fixturesDir, "roundtrip", "security_hub_export_v2.csv"),
];

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

/** The non-zero counts of a summary map. */
function nonZero(map) {
  return Object.fromEntries(Object.entries(map).filter(([, n]) => n > 0));
}

/** A breakdown card's table as { row label: findings }. */
async function tableCounts(page, card) {
  await page.click(`[data-testid=show-table-${card}]`);
  await page.waitForSelector(`[data-testid=chart-table-${card}] tbody tr`);
  const rows = await page.locator(`[data-testid=chart-table-${card}] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector("th").textContent.trim(), tr.querySelector("td").textContent.trim()]),
  );
  return Object.fromEntries(rows.map(([label, count]) => [label, countIn(count)]).filter(([, n]) => n > 0));
}

test("the Tactical view names the new families as `guardview summary` does", async () => {
  const expected = cliSummary(FILES);
  const app = await openApp(browser, server.url);
  const { page } = app;
  await page.setInputFiles("[data-testid=file-input]", FILES);
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  assertParsedInWorker(app);
  assert.equal(await kpi(page, "total"), expected.unique_findings);

  await page.click("[data-testid=view-tactical]");
  await page.waitForSelector("[data-testid=attack-chart] svg", { state: "attached" });
  await screenshot(page, join(screenshotDir, "tactical-types-2026.png"));
  // The workers' store answers the Tactical view's breakdowns.
  await page.waitForSelector("[data-testid=attack-card][data-source=workers]");
  for (const card of ["threat-types", "attack", "resource-types", "csa"]) {
    assert.equal(await page.getAttribute(`[data-testid=${card}-card]`, "data-source"), "workers", card);
  }
  assert.deepEqual(await tableCounts(page, "attack"), nonZero(expected.by_tactic));
  assert.deepEqual(await tableCounts(page, "csa"), nonZero(expected.by_csa_threat));
  const resourceTypes = await tableCounts(page, "resource-types");
  for (const [type, count] of Object.entries(nonZero(expected.by_resource_type))) {
    assert.equal(resourceTypes[type], count, `resource type ${type} in ${JSON.stringify(resourceTypes)}`);
  }

  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.pageErrors, [], "page errors");
  await app.context.close();
});

/** Filters to one finding by free text and opens its detail panel. */
async function openDetailOf(page, text) {
  await page.fill("[data-testid=search]", text);
  await page.click("[data-testid=view-operational]");
  // The search applies after a debounce: wait for its chip, then for the one row it leaves.
  await page.waitForFunction((t) => document.querySelector("[data-testid=filter-chips]")?.textContent.includes(t), text);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=finding-row]").length === 1);
  await page.locator("[data-testid=finding-row]").first().click();
  await page.waitForSelector("[data-testid=finding-detail]");
  return page.locator("[data-testid=finding-detail]");
}

test("the detail panel shows a malware scan, and a CSV export's row as its raw record", async () => {
  const app = await openApp(browser, server.url);
  const { page } = app;
  await page.setInputFiles("[data-testid=file-input]", FILES);
  await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });

  const detail = await openDetailOf(page, "vol-0f1e2d3c4b5a69788");
  const text = await detail.textContent();
  assert.match(text, /Malware scan/);
  assert.match(text, /Threat Trojan\.Linux\.Agent\s*\/tmp\/\.x\/payload, \/var\/lib\/docker\/x\/run\.sh/);
  assert.match(text, /Started by finding\s*00000000000000000000000000000041/);
  const scanSection = detail.locator("section.detail__section", { has: page.locator("h3", { hasText: "Malware scan" }) });
  await scanSection.scrollIntoViewIfNeeded();
  await detail.screenshot({ path: join(screenshotDir, "detail-malware-scan.png") });
  await page.click("[data-testid=close-detail]");

  const csvDetail = await openDetailOf(page, "Recon:EC2/Portscan");
  await csvDetail.getByRole("button", { name: "Show raw JSON" }).click();
  await page.waitForFunction(() => document.querySelector("[data-testid=raw-json]")?.textContent.startsWith("GuardDuty,2004,"));
  assert.match(await page.textContent("[data-testid=raw-json]"), /detector\/d1\/finding\/q1/);

  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.pageErrors, [], "page errors");
  await app.context.close();
});
