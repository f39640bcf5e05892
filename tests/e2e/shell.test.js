// App shell end to end: the release build loads cleanly with no foreign requests, accepts a
// dropped file and the file picker, shows the load report, and matches `guardview summary`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  serveDist, launchBrowser, openApp, dropFiles, dragOver, kpi, countText, fixturesDir, screenshotDir, repoRoot, screenshot,
  assertParsedInWorker, cliSummary, cliPath } from "./harness.js";

const corpus = (...parts) => join(fixturesDir, "corpus", ...parts);
const CLI_FIXTURE = corpus("aws-cli-examples", "get-findings_Recon-IAMUser-UserPermissions.json");
const PICKED = [
  corpus("cisco-tr-05-serverless-guardduty", "INSTANCE_SOURCE_FINDINGS.json"),
  corpus("elastic-integrations", "test-guardduty.log"),
];

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

function assertClean(app) {
  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.pageErrors, [], "page errors");
}

test("the release build loads with no console errors and no request outside its origin", async () => {
  const app = await openApp(browser, server.url);
  await app.page.waitForSelector("[data-testid=empty-state]");
  assert.equal(await app.page.getAttribute(".app", "data-drop-state"), "idle");
  assert.match(await app.page.textContent(".brand__name"), /guardview/);
  await app.page.screenshot({ path: join(screenshotDir, "empty-state.png") });
  assertClean(app);
  assert.ok(app.requests.some((url) => url.endsWith(".wasm")), "the wasm module was requested");
  await app.context.close();
});

test("dragging files over the window shows the drop overlay, leaving hides it", async () => {
  const app = await openApp(browser, server.url);
  await dragOver(app.page);
  await app.page.waitForSelector(".drop-overlay--visible");
  assert.equal(await app.page.getAttribute(".app", "data-drop-state"), "dragging");
  await app.page.waitForTimeout(200); // let the fade-in finish before the screenshot
  await app.page.screenshot({ path: join(screenshotDir, "drag-over.png") });
  await app.page.dispatchEvent("body", "dragleave", {});
  await app.page.waitForSelector(".drop-overlay--visible", { state: "detached" });
  assertClean(app);
  await app.context.close();
});

test("a file dropped anywhere on the page is read and counted like the CLI counts it", async () => {
  const app = await openApp(browser, server.url);
  const bytes = await readFile(CLI_FIXTURE);
  await dropFiles(app.page, [{ name: "get-findings.json", bytes }]);
  await app.page.waitForSelector(".app[data-drop-state=loaded]");
  const expected = cliSummary([CLI_FIXTURE]);
  assert.equal(expected.samples, 0);
  assert.equal(await kpi(app.page, "total"), expected.unique_findings);
  assert.equal(await kpi(app.page, "medium"), expected.by_severity.Medium);
  await app.page.click("[data-testid=view-operational]");
  const dialect = await app.page.textContent("[data-testid=file-dialect]");
  assert.equal(dialect, expected.files[0].dialect);
  assertParsedInWorker(app);
  assertClean(app);
  await app.context.close();
});

test("the file picker loads several files at once and reports each one", async () => {
  const app = await openApp(browser, server.url);
  await app.page.setInputFiles("[data-testid=file-input]", PICKED);
  await app.page.waitForSelector(".app[data-drop-state=loaded]");
  const expected = cliSummary(PICKED);
  await app.page.click("[data-testid=view-operational]");
  assert.equal(await app.page.locator("[data-testid=file-row]").count(), PICKED.length);
  await app.page.click("[data-testid=view-strategic]");
  // Sample findings are hidden by default, with a notice; the tiles then count the rest.
  assert.ok(expected.samples > 0, "the fixture set includes sample findings");
  assert.equal(await kpi(app.page, "total"), expected.unique_findings - expected.samples);
  assert.match(await app.page.textContent("[data-testid=samples-hidden]"), new RegExp(`^${countText(expected.samples)} sample`));
  await app.page.check("[data-testid=show-samples]");
  await app.page.waitForFunction(
    (text) => document.querySelector("[data-testid=kpi-total]")?.textContent === text,
    countText(expected.unique_findings),
  );
  for (const [name, value] of [
    ["total", expected.unique_findings],
    ["critical", expected.by_severity.Critical],
    ["high", expected.by_severity.High],
    ["medium", expected.by_severity.Medium],
    ["low", expected.by_severity.Low],
    ["archived", expected.archived],
    ["accounts", Object.keys(expected.by_account).filter((k) => k !== "Unknown").length],
    ["regions", Object.keys(expected.by_region).filter((k) => k !== "Unknown").length],
  ]) {
    assert.equal(await kpi(app.page, name), value, `kpi-${name}`);
  }
  await screenshot(app.page, join(screenshotDir, "loaded.png"));
  assertClean(app);
  await app.context.close();
});

test("sample data loads through the same path and shows a progress bar while reading", async () => {
  const app = await openApp(browser, server.url);
  await app.page.evaluate(() => {
    window.__progressSeen = [];
    new MutationObserver(() => {
      const bar = document.querySelector("[data-testid=load-progress]");
      if (bar) window.__progressSeen.push(Number(bar.getAttribute("value")));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  assert.ok((await kpi(app.page, "total")) >= 5000, "at least the 5,000 generated findings");
  const progress = await app.page.evaluate(() => window.__progressSeen);
  assert.ok(progress.length > 0, "a progress bar was shown while reading");
  assert.ok(progress.some((p) => p > 0 && p < 100), `progress moved through the middle: ${progress}`);
  assertClean(app);
  await app.context.close();
});

test("after one visit the app opens and works with the network off", async () => {
  const app = await openApp(browser, server.url);
  // Wait until the service worker controls the page and has cached the app's files.
  await app.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
  });
  await app.context.setOffline(true);
  await app.page.reload();
  await app.page.waitForSelector(".brand__name");
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  assert.ok((await kpi(app.page, "total")) >= 5000);
  assert.deepEqual(app.foreignRequests, []);
  assert.deepEqual(app.pageErrors, []);
  await app.context.close();
});

test("a load larger than a tab can hold is refused up front with a clear message", async () => {
  const app = await openApp(browser, server.url);
  // A sparse 3 GB file: the browser reports its size without holding the bytes.
  await app.page.evaluate(() => {
    const input = document.querySelector("[data-testid=file-input]");
    const huge = new File([new Blob([new ArrayBuffer(1)])], "huge.jsonl");
    Object.defineProperty(huge, "size", { value: 3_000_000_000 });
    const transfer = new DataTransfer();
    transfer.items.add(huge);
    window.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    return input !== null;
  });
  await app.page.waitForSelector("[data-testid=too-large]");
  assert.match(await app.page.textContent("[data-testid=too-large]"), /more than a browser tab can hold/);
  assert.equal(await app.page.getAttribute(".app", "data-drop-state"), "failed");
  await app.context.close();
});

test("a long load shows its progress and can be cancelled, keeping what was read", async () => {
  const cli = cliPath;
  const big = join(screenshotDir, "..", "cancel-test.jsonl");
  execFileSync(cli, ["sample", "--findings", "50000", "--seed", "3", "--output", big]);
  const app = await openApp(browser, server.url);
  await app.page.setInputFiles("[data-testid=file-input]", [big]);
  await app.page.waitForSelector("[data-testid=cancel-load]");
  assert.match(await app.page.textContent("[data-testid=load-status]"), /Reading cancel-test\.jsonl \(1 of 1\)/);
  // Cancel once some of the file has been read (a cancel before the first byte keeps nothing).
  await app.page.waitForFunction(() => Number(document.querySelector("[data-testid=load-progress]")?.value) > 0);
  await app.page.click("[data-testid=cancel-load]");
  await app.page.waitForSelector(".app[data-drop-state=cancelled]");
  assert.match(await app.page.textContent("[data-testid=load-status]"), /Loading cancelled/);
  const kept = await kpi(app.page, "total");
  assert.ok(kept > 0 && kept < 50_000, `stopped early (${kept} findings kept)`);
  assertParsedInWorker(app);
  assertClean(app);
  await app.context.close();
});
