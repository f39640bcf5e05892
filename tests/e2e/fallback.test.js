// Reading on the page when no Web Worker can start: the page's module carries no JSON parser,
// so its fallback loads the ingest worker's module beside it and applies that module's batches
// as it applies a worker's. The numbers are the CLI's all the same; where even that module
// cannot load, every file says so in the load report and the page keeps working.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import {
  serveDist, launchBrowser, openApp, kpi, countText, screenshotDir, screenshot, cliSummary, corpusFiles, blockWorkers,
} from "./harness.js";

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
  await page.waitForSelector(".app[data-drop-state=loaded], .app[data-drop-state=failed]", { timeout: 120_000 });
}

test("with workers blocked, the page reads the corpus through the worker's module and matches the CLI", async () => {
  const app = await openApp(browser, server.url, { beforeLoad: blockWorkers });
  await loadCorpus(app.page);
  assert.deepEqual(app.workers, [], "no worker started");
  assert.ok(
    app.consoleWarnings.some((w) => w.includes("reading files on the page")),
    `the fallback is named in the console (${JSON.stringify(app.consoleWarnings)})`,
  );
  assert.ok(
    app.requests.some((url) => new URL(url).pathname === "/ingest_worker_bg.wasm"),
    "the worker's module was loaded into the page",
  );
  const expected = cliSummary(CORPUS);
  await app.page.check("[data-testid=show-samples]");
  await app.page.waitForFunction(
    (text) => document.querySelector("[data-testid=kpi-total]")?.textContent === text,
    countText(expected.unique_findings),
  );
  for (const band of ["Critical", "High", "Medium", "Low"]) {
    assert.equal(await kpi(app.page, band.toLowerCase()), expected.by_severity[band], band);
  }
  await app.page.click("[data-testid=view-operational]");
  const rows = app.page.locator("[data-testid=file-row]");
  assert.equal(await rows.count(), CORPUS.length);
  for (const file of expected.files) {
    const row = app.page.locator(`[data-testid=file-row][data-file-name="${basename(file.name)}"]`);
    assert.equal(await row.locator("[data-testid=file-records]").textContent(), countText(file.records), file.name);
    assert.equal(await row.locator("[data-testid=file-error]").count() > 0, Boolean(file.error), `${file.name}: error shown`);
  }
  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.pageErrors, [], "page errors");
  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  await app.context.close();
});

test("when the reader's module cannot load either, every file names why and the page still works", async () => {
  const app = await openApp(browser, server.url, {
    beforeLoad: blockWorkers,
    // The service worker would answer from its cache; this test needs the network's answer.
    contextOptions: { serviceWorkers: "block" },
  });
  await app.page.route("**/ingest_worker.js", (route) => route.fulfill({ status: 404, body: "" }));
  const files = CORPUS.slice(0, 3);
  await app.page.setInputFiles("[data-testid=file-input]", files);
  await app.page.waitForSelector(".app[data-drop-state=failed]", { timeout: 60_000 });
  assert.equal(
    await app.page.textContent("[data-testid=load-status]"),
    "None of the 3 files could be read — see the load report.",
  );
  await app.page.click("[data-testid=view-operational]");
  const errors = await app.page.locator("[data-testid=file-row] [data-testid=file-error]").allTextContents();
  assert.equal(errors.length, files.length, "one error per file");
  for (const error of errors) {
    assert.match(error, /No reader could start on this page \(the reader's script ingest_worker\.js did not load\)/);
  }
  await screenshot(app.page, join(screenshotDir, "fallback-no-reader.png"));
  // The app still works: sample data is generated on the page and read the same way.
  await app.page.unrouteAll();
  await app.page.click("[data-testid=view-strategic]");
  await app.page.click("[data-testid=load-sample]");
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
  assert.ok((await kpi(app.page, "total")) > 0, "the retry read the sample");
  assert.deepEqual(app.pageErrors, [], "page errors");
  await app.context.close();
});
