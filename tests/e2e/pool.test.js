// The ingest worker pool end to end: an organisation's S3 export tree (about 1,600 objects, 30%
// of findings updated in a later object, two broken objects) loaded with 1, 2 and 4 workers
// gives the same numbers as `guardview summary`, the same load report in the same file order,
// and the same failures, whichever worker read which file; the progress bar, which adds up what
// every worker has read, only moves forward. One large JSON Lines file is read as pieces by
// several workers to the same numbers, a damaged one too. A worker that dies mid-load is
// reported on its file, and the load can be retried.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, kpi, kpiSource, kpisFromWorkers, viewsSettled, countIn, repoRoot, screenshotDir, cliPath, downloadText, blockWorkers } from "./harness.js";
import { zipEntries } from "./office.js";

const CLI = cliPath;
const TREE = join(repoRoot, "target", "e2e-pool-s3-org");
const FILTERS = join(repoRoot, "tests", "fixtures", "filters");

let server;
let browser;
let expected;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  await rm(TREE, { recursive: true, force: true });
  execFileSync(CLI, ["sample", "--layout", "s3-org", "--out", TREE, "--findings", "4000", "--seed", "11"]);
  try {
    expected = JSON.parse(execFileSync(CLI, ["summary", TREE], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch (error) {
    // The two broken objects make the CLI exit non-zero; it still answers.
    expected = JSON.parse(error.stdout);
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
  await rm(TREE, { recursive: true, force: true });
});

/** Loads the tree with a pool of `workers`; returns the KPIs, the status line and the report. */
async function loadTree(workers) {
  const app = await openApp(browser, `${server.url}?workers=${workers}`);
  // Sample the progress bar through the load: it must only move forward.
  await app.page.evaluate(() => {
    window.__progress = [];
    window.__sampler = setInterval(() => {
      const bar = document.querySelector("[data-testid=load-progress]");
      if (bar) window.__progress.push(Number(bar.value));
    }, 15);
  });
  const startedAt = Date.now();
  await app.page.setInputFiles("[data-testid=folder-input]", TREE);
  await app.page.waitForSelector(".app[data-drop-state=failed], .app[data-drop-state=loaded]", { timeout: 120_000 });
  console.log(`# ${workers} workers: ${Date.now() - startedAt} ms`);
  const progress = await app.page.evaluate(() => {
    clearInterval(window.__sampler);
    return window.__progress;
  });
  // The tiles count from the workers' store (every finding lives in the workers too).
  await kpisFromWorkers(app.page);
  const kpis = {};
  for (const name of ["total", "critical", "high", "medium", "low", "archived"]) kpis[name] = await kpi(app.page, name);
  kpis.sources = await app.page.$$eval("[data-source]", (cards) => cards.map((card) => `${card.dataset.testid}: ${card.dataset.source}`));
  // A filter change is one query to the workers: choosing High selects the High findings.
  await app.page.click("[data-testid=kpi-tile-high]");
  kpis.filteredTotal = await kpi(app.page, "total");
  kpis.filteredSource = await kpiSource(app.page);
  await app.page.click("[data-testid=kpi-tile-high]");
  const status = await app.page.textContent("[data-testid=load-status]");
  await app.page.click("[data-testid=view-operational]");
  await viewsSettled(app.page);
  kpis.tableSource = await app.page.getAttribute("[data-testid=findings-table]", "data-source");
  kpis.tableCount = countIn(await app.page.textContent("[data-testid=table-count]"));
  kpis.tableRows = await app.page.locator("[data-testid=finding-row]").count();
  await app.page.waitForSelector("[data-testid=origin-table]");
  await app.page.click("[data-testid=group-by-origin]");
  const report = await app.page.$$eval("[data-testid=file-row]", (rows) => rows.map((row) => [
    row.dataset.fileName,
    row.querySelector("[data-testid=file-records]")?.textContent,
    row.querySelector("[data-testid=file-error]") ? "error" : "ok",
  ]));
  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  assert.deepEqual(app.pageErrors, [], "page errors");
  assert.deepEqual(app.consoleErrors, [], "console errors");
  const started = app.workers;
  await app.context.close();
  return { kpis, status, report, started, progress };
}

test("1, 2 and 4 workers load an S3 export tree to the CLI's numbers, in the same file order", async () => {
  const runs = {};
  for (const workers of [1, 2, 4]) {
    const run = await loadTree(workers);
    assert.equal(run.started.length, workers, `a pool of ${workers}: ${JSON.stringify(run.started)}`);
    assert.equal(run.kpis.total, expected.unique_findings, `${workers} workers: total`);
    for (const band of ["Critical", "High", "Medium", "Low"]) {
      assert.equal(run.kpis[band.toLowerCase()], expected.by_severity[band] ?? 0, `${workers} workers: ${band}`);
    }
    assert.equal(run.kpis.archived, expected.archived, `${workers} workers: archived`);
    assert.equal(run.kpis.filteredTotal, expected.by_severity.High ?? 0, `${workers} workers: High chosen`);
    assert.equal(run.kpis.filteredSource, "workers", `${workers} workers: the filtered tiles came from the store`);
    assert.equal(run.kpis.tableSource, "workers", `${workers} workers: the table's rows came from the store`);
    assert.equal(run.kpis.tableCount, expected.unique_findings, `${workers} workers: the table counts every finding`);
    assert.ok(run.kpis.tableRows >= 14, `${workers} workers: the table shows its first rows (${run.kpis.tableRows})`);
    assert.deepEqual(run.kpis.sources, ["kri-card", "kpis", "indicators", "briefing-summary", "timeline-card", "risk-matrix"].map((card) => `${card}: workers`), `${workers} workers: the Strategic view's cards`);
    assert.match(run.status, /^2 files could not be read completely/, `${workers} workers: the two broken objects`);
    assert.equal(run.report.length, expected.files.length, `${workers} workers: one report row per file`);
    assert.equal(run.report.filter(([, , state]) => state === "error").length, 2);
    const records = run.report.reduce((sum, [, count]) => sum + countIn(count ?? "0"), 0);
    assert.equal(records, expected.files.reduce((sum, file) => sum + file.records, 0), `${workers} workers: records`);
    assert.ok(run.progress.some((value) => value > 0 && value < 100), `${workers} workers: the bar showed progress`);
    const backwards = run.progress.findIndex((value, i) => i > 0 && value < run.progress[i - 1]);
    assert.equal(backwards, -1, `${workers} workers: the bar never moves back (${run.progress.slice(Math.max(0, backwards - 2), backwards + 2)})`);
    runs[workers] = run;
  }
  // Same rows in the same order: which worker read which file changes nothing.
  assert.deepEqual(runs[2].report, runs[1].report);
  assert.deepEqual(runs[4].report, runs[1].report);
});

/** The key risk indicators, the briefing's indicators and sentences, the ageing card (counts, time to
 * archive, the past-SLA list), the detail panel of a listed finding, and the findings and IOC
 * exports of the Medium findings, with where each came from. */
async function storeViews(page) {
  await viewsSettled(page);
  const graph = await graphViews(page);
  const strategic = {};
  for (const name of ["kri-card", "indicators", "briefing-summary"]) {
    const card = page.locator(`[data-testid=${name}]`);
    strategic[name] = { source: await card.getAttribute("data-source"), text: await card.innerText() };
  }
  await page.click("[data-testid=view-operational]");
  await viewsSettled(page);
  const card = page.locator("[data-testid=ageing-card]");
  const ageing = {
    source: await card.getAttribute("data-source"),
    bands: await card.locator(".ageing__bands li").allTextContents(),
    archive: await card.locator("[data-testid=archive-unknown], [data-testid=archive-none], [data-testid=archive-times]").innerText(),
    listed: await card.locator("[data-testid=past-sla-finding]").allTextContents(),
    more: await card.locator(".chart-card__note").allTextContents(),
  };
  await card.locator("[data-testid=past-sla-finding]").nth(3).click();
  await page.waitForSelector("[data-testid=finding-detail]");
  await viewsSettled(page);
  const panel = page.locator("[data-testid=finding-detail]");
  const detail = { source: await panel.getAttribute("data-source"), text: await panel.innerText() };
  await page.keyboard.press("Escape");
  const suppression = await suppressionViews(page);
  await page.click("[data-testid=view-strategic]");
  await page.click("[data-testid=kpi-tile-medium]");
  await page.click("[data-testid=view-operational]");
  await viewsSettled(page);
  const exports = {};
  for (const name of ["export-findings-csv", "export-iocs"]) {
    const text = await downloadText(page, `[data-testid=${name}]`);
    exports[name] = { text, from: await page.getAttribute(`[data-testid=${name}]`, "data-exported-from") };
  }
  // The hidden deck's charts for the Medium findings (timeline, risk matrix, threat purposes).
  const deck = await page.locator("[data-testid=presentation] svg").evaluateAll((svgs) => svgs.map((svg) => svg.outerHTML));
  // The board pack of the Medium findings: every part of the workbook and the deck but their
  // document properties (which carry the time they were written).
  await page.click("[data-testid=view-strategic]");
  await viewsSettled(page);
  const pack = {};
  for (const name of ["export-xlsx", "export-pptx"]) {
    const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid=${name}]`)]);
    pack[name] = { parts: await officeParts(await file.path()), from: await page.getAttribute(`[data-testid=${name}]`, "data-exported-from") };
  }
  pack.json = {
    text: await downloadText(page, "[data-testid=export-summary-json]"),
    from: await page.getAttribute("[data-testid=export-summary-json]", "data-exported-from"),
  };
  return { strategic, ageing, detail, exports, suppression, graph, deck, pack };
}

/** Every part of an Office file but `docProps/`, by name, as text (base64 for media). */
async function officeParts(path) {
  const entries = zipEntries(await readFile(path));
  return Object.fromEntries(Object.entries(entries)
    .filter(([name]) => !name.startsWith("docProps/"))
    .map(([name, bytes]) => [name, /\.(xml|rels)$/.test(name) ? bytes.toString("utf8") : bytes.toString("base64")]));
}

/** The resource graph's nodes, links and note at the default budget and at 30 nodes (which
 * folds the long tail), with where it was drawn from. */
async function graphViews(page) {
  await page.click("[data-testid=view-tactical]");
  await viewsSettled(page);
  await page.click("[data-testid=show-table-graph]");
  const card = page.locator("[data-testid=graph-card]");
  const read = async () => ({
    source: await card.getAttribute("data-source"),
    tables: await page.locator("#graph-tables").innerText(),
    note: await card.locator(".chart-card__note").last().innerText(),
  });
  const graph = { full: await read() };
  await card.locator("button[title='Draw at most 30 nodes']").click();
  await viewsSettled(page);
  graph.folded = await read();
  await card.locator("button[title='Draw at most 60 nodes']").click();
  await page.click("[data-testid=show-table-graph]");
  await page.click("[data-testid=view-strategic]");
  return graph;
}

/** The suppression card over every finding (the rule of the default filter, the wildcard
 * and severity-band criteria imported, the High-only rule), with the preview's ids. */
async function suppressionViews(page) {
  await page.click("[data-testid=suppression-toggle]");
  await page.setInputFiles("[data-testid=suppression-import-file]", join(FILTERS, "criteria_severity_bands_and_wildcards.json"));
  await page.waitForSelector("[data-testid=suppression-imported]");
  await viewsSettled(page);
  const body = page.locator("[data-testid=suppression-body]");
  const views = {
    source: await body.getAttribute("data-source"),
    imported: await page.getAttribute("[data-testid=suppression-imported]", "data-source"),
    text: await body.innerText(),
    ids: await downloadText(page, "[data-testid=suppression-export-preview]"),
    from: await page.getAttribute("[data-testid=suppression-export-preview]", "data-exported-from"),
  };
  await page.click("[data-testid=view-strategic]");
  await page.click("[data-testid=kpi-tile-high]");
  await page.click("[data-testid=view-operational]");
  await page.click("[data-testid=suppression-toggle]");
  await viewsSettled(page);
  views.high = await page.locator("[data-testid=suppression-body]").innerText();
  await page.click("[data-testid=suppression-toggle]");
  await page.click("[data-testid=view-strategic]");
  await page.click("[data-testid=kpi-tile-high]");
  await page.click("[data-testid=view-operational]");
  return views;
}

test("the key risk indicators, the briefing, the ageing card, the detail panel and the exports come from the workers, exactly as the page counts them", async () => {
  const seen = {};
  for (const workers of [0, 1, 3]) {
    const app = workers === 0
      ? await openApp(browser, server.url, { beforeLoad: blockWorkers, acceptDownloads: true })
      : await openApp(browser, `${server.url}?workers=${workers}`, { acceptDownloads: true });
    await app.page.setInputFiles("[data-testid=folder-input]", TREE);
    await app.page.waitForSelector(".app[data-drop-state=failed], .app[data-drop-state=loaded]", { timeout: 120_000 });
    if (workers > 0) {
      await kpisFromWorkers(app.page);
      await app.page.waitForSelector("[data-testid=briefing-summary][data-source=workers]");
    }
    seen[workers] = await storeViews(app.page);
    assert.deepEqual(app.pageErrors, [], "page errors");
    assert.deepEqual(app.consoleErrors, [], "console errors");
    await app.context.close();
  }
  const page = seen[0];
  assert.equal(page.ageing.source, "page", "with workers blocked the page counts");
  assert.equal(page.detail.source, "page");
  assert.equal(page.ageing.listed.length, 50, `the card lists 50 past-SLA findings (${page.ageing.listed.length})`);
  assert.match(page.ageing.archive, /Critical\s+\d+\s+[\d.]+ days/, "the sample's archived findings give times to archive");
  assert.match(page.detail.text, /Risk assessment/, "the detail panel shows the finding");
  const mediumRows = page.exports["export-findings-csv"].text.split("\r\n").filter((line) => line.length > 0).length - 1;
  assert.equal(mediumRows, expected.by_severity.Medium, "the findings export holds the Medium findings");
  assert.ok(page.exports["export-iocs"].text.split("\r\n").length > 3, "the IOC list has indicators");
  for (const name of ["export-findings-csv", "export-iocs"]) assert.equal(page.exports[name].from, "page");
  for (const name of ["export-xlsx", "export-pptx", "json"]) assert.equal(page.pack[name].from, "page");
  assert.equal(JSON.parse(page.pack.json.text).unique_findings, expected.by_severity.Medium, "the JSON summary counts the Medium findings");
  assert.ok(Object.keys(page.pack["export-xlsx"].parts).some((part) => part.startsWith("xl/worksheets/")), "the workbook has sheets");
  assert.deepEqual([page.suppression.source, page.suppression.imported, page.suppression.from], ["page", "page", "page"]);
  assert.deepEqual([page.graph.full.source, page.graph.folded.source], ["page", "page"]);
  assert.ok(page.deck.length >= 3, `the deck draws its charts (${page.deck.length})`);
  assert.match(page.graph.folded.note, /folded into “more …” nodes/, "30 nodes fold the sample's long tail");
  assert.match(page.graph.full.tables, /→/, "the graph lists its links");
  assert.match(page.suppression.text, /belong to an attack sequence/, "the sample's attack sequences name members");
  assert.match(page.suppression.text, /Criteria guardview cannot evaluate|undecided/, "the imported criteria are judged");
  assert.ok(JSON.parse(page.suppression.ids).matched_ids.length > 1000, "the preview lists every matched id");
  assert.match(page.strategic["kri-card"].text, /Critical and High/, "the key risk indicators are shown");
  assert.match(page.strategic.indicators.text, /Active findings/, "the briefing's indicators are shown");
  assert.match(page.strategic["briefing-summary"].text, /Critical or High[\s\S]*Who[\s\S]*second half[\s\S]*Recommended actions/i, "the briefing's sentences are written");
  for (const workers of [1, 3]) {
    assert.equal(seen[workers].ageing.source, "workers", `${workers} workers: the ageing card`);
    assert.equal(seen[workers].detail.source, "workers", `${workers} workers: the detail panel`);
    assert.deepEqual(
      { ...seen[workers].ageing, source: "" },
      { ...page.ageing, source: "" },
      `${workers} workers: the ageing card as the page counts it`,
    );
    assert.equal(seen[workers].detail.text, page.detail.text, `${workers} workers: the detail panel`);
    for (const name of ["kri-card", "indicators", "briefing-summary"]) {
      assert.equal(seen[workers].strategic[name].source, "workers", `${workers} workers: ${name} measured by the workers`);
      assert.equal(seen[workers].strategic[name].text, page.strategic[name].text, `${workers} workers: ${name} as the page counts it`);
    }
    for (const budget of ["full", "folded"]) {
      const graph = seen[workers].graph[budget];
      assert.equal(graph.source, "workers", `${workers} workers: the ${budget} graph`);
      assert.deepEqual({ ...graph, source: "" }, { ...page.graph[budget], source: "" }, `${workers} workers: the ${budget} graph as the page draws it`);
    }
    assert.deepEqual(seen[workers].deck, page.deck, `${workers} workers: the deck's charts as the page draws them`);
    assert.equal(seen[workers].pack.json.from, "workers", `${workers} workers: the JSON summary counted by the workers`);
    assert.equal(seen[workers].pack.json.text, page.pack.json.text, `${workers} workers: the JSON summary as the page writes it`);
    for (const name of ["export-xlsx", "export-pptx"]) {
      assert.equal(seen[workers].pack[name].from, "workers", `${workers} workers: ${name} counted by the workers`);
      assert.deepEqual(seen[workers].pack[name].parts, page.pack[name].parts, `${workers} workers: ${name} as the page builds it`);
    }
    const suppression = seen[workers].suppression;
    assert.deepEqual([suppression.source, suppression.imported, suppression.from], ["workers", "workers", "workers"], `${workers} workers: the suppression card`);
    for (const part of ["text", "ids", "high"]) {
      assert.equal(suppression[part], page.suppression[part], `${workers} workers: the suppression card's ${part} as the page counts it`);
    }
    for (const name of ["export-findings-csv", "export-iocs"]) {
      assert.equal(seen[workers].exports[name].from, "workers", `${workers} workers: ${name} written by the workers`);
      assert.equal(seen[workers].exports[name].text, page.exports[name].text, `${workers} workers: ${name} as the page writes it`);
    }
  }
});

/** Holds back every message of the second worker the page creates for 8 s, as a worker that
 * is slow to start on a busy machine: its "ready" then arrives after a small load has ended. */
function delaySecondWorker() {
  const RealWorker = window.Worker;
  let made = 0;
  window.Worker = function Worker(url, options) {
    const worker = new RealWorker(url, options);
    made += 1;
    if (made === 2) {
      const held = [];
      let holding = true;
      setTimeout(() => {
        holding = false;
        for (const deliver of held.splice(0)) deliver();
      }, 8000);
      const addEventListener = worker.addEventListener.bind(worker);
      worker.addEventListener = (type, listener, options) => addEventListener(
        type,
        type === "message" ? (event) => (holding ? held.push(() => listener(event)) : listener(event)) : listener,
        options,
      );
    }
    return worker;
  };
  window.Worker.prototype = RealWorker.prototype;
}

test("a worker that finishes starting after the load gets its share, and the views come from the workers", async () => {
  const app = await openApp(browser, `${server.url}?workers=2`, { beforeLoad: delaySecondWorker });
  await app.page.setInputFiles("[data-testid=folder-input]", TREE);
  await app.page.waitForSelector(".app[data-drop-state=failed], .app[data-drop-state=loaded]", { timeout: 120_000 });
  const afterLoad = await app.page.getAttribute("[data-testid=kpis]", "data-source");
  assert.equal(afterLoad, "page", "the load ended before the second worker said it was ready");
  // Its "ready" arrives with no load reading the pool: the next query takes it.
  await kpisFromWorkers(app.page);
  assert.equal(await kpi(app.page, "total"), expected.unique_findings, "total from both workers' shards");
  assert.equal(await kpi(app.page, "high"), expected.by_severity.High ?? 0, "High from both workers' shards");
  assert.deepEqual(app.pageErrors, [], "page errors");
  await app.context.close();
});

/** Counts the load messages the page posts to its workers that name a piece of a file. */
function countPieceMessages() {
  window.__pieceLoads = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.kind === "load" && message.piece) window.__pieceLoads.push(`${message.piece.index}/${message.piece.count}`);
    return post.call(this, message, ...rest);
  };
}

test("one large JSON Lines file is read as pieces by several workers to the CLI's numbers, a damaged one and a gzip one too", async () => {
  const clean = join(repoRoot, "target", "e2e-pool-pieces.jsonl");
  const damaged = join(repoRoot, "target", "e2e-pool-pieces-damaged.jsonl");
  const gzip = join(repoRoot, "target", "e2e-pool-pieces.jsonl.gz");
  execFileSync(CLI, ["sample", "--findings", "12000", "--seed", "21", "--output", clean]);
  // Nesting deeper than any export at 60% of the file stops it there: the pieces after the one
  // that meets it are not used, and everything before stays.
  const text = await readFile(clean, "utf8");
  const at = text.indexOf("\n", Math.floor(text.length * 0.6)) + 1;
  await writeFile(damaged, text.slice(0, at) + `{"x":${"[".repeat(200)}${"]".repeat(200)}}\n` + text.slice(at));
  // The clean file again as gzip of stored blocks: over 16 MiB compressed, so the page plans
  // pieces; a worker given a later piece finds the file cannot be cut and sends an empty
  // piece, and the first piece reads it all (every finding a duplicate of the first file's).
  await writeFile(gzip, gzipSync(text, { level: 0 }));
  const files = [clean, damaged, gzip];
  let cli;
  try {
    cli = JSON.parse(execFileSync(CLI, ["summary", ...files], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch (error) {
    cli = JSON.parse(error.stdout);
  }
  assert.ok(cli.files[1].error, "the damaged file fails in the CLI too");
  for (const workers of [1, 2, 4]) {
    const app = await openApp(browser, `${server.url}?workers=${workers}`, { beforeLoad: countPieceMessages });
    await app.page.setInputFiles("[data-testid=file-input]", files);
    await app.page.waitForSelector(".app[data-drop-state=failed], .app[data-drop-state=loaded]", { timeout: 120_000 });
    const pieces = await app.page.evaluate(() => window.__pieceLoads);
    if (workers === 1) assert.deepEqual(pieces, [], "one worker reads each file whole");
    else assert.ok(pieces.length >= 4 && pieces.includes("1/" + pieces[0].split("/")[1]), `${workers} workers read pieces: ${pieces}`);
    // The store's shards hold the used pieces only (the damaged file's later pieces are not).
    await kpisFromWorkers(app.page);
    assert.equal(await kpi(app.page, "total"), cli.unique_findings, `${workers} workers: total`);
    for (const band of ["Critical", "High", "Medium", "Low"]) {
      assert.equal(await kpi(app.page, band.toLowerCase()), cli.by_severity[band] ?? 0, `${workers} workers: ${band}`);
    }
    await app.page.click("[data-testid=view-operational]");
    const rows = await app.page.$$eval("[data-testid=file-row]", (rows) => rows.map((row) => ({
      records: row.querySelector("[data-testid=file-records]")?.textContent,
      added: row.querySelector("[data-testid=file-added]")?.textContent,
      error: row.querySelector("[data-testid=file-error]")?.textContent ?? null,
    })));
    assert.equal(rows.length, 3);
    for (const [index, row] of rows.entries()) {
      assert.equal(countIn(row.records ?? "0"), cli.files[index].records, `${workers} workers: file ${index} records`);
    }
    assert.equal(rows[0].error, null);
    assert.equal(rows[2].error, null, `${workers} workers: the gzip file`);
    assert.equal(rows[2].added, "0", `${workers} workers: the gzip file's findings are the first file's`);
    assert.match(rows[1].error ?? "", /nested more than 128 levels deep \(no GuardDuty export is\) at line \d+/, `${workers} workers: the damaged file's error`);
    if (workers === 2) {
      await app.page.locator("[data-testid=load-report]").scrollIntoViewIfNeeded();
      await app.page.locator("[data-testid=load-report]").screenshot({ path: join(screenshotDir, "pool-pieces-report.png") });
    }
    const line = Number(/at line (\d+)/.exec(rows[1].error)[1]);
    assert.equal(line, text.slice(0, at).split("\n").length, `${workers} workers: the error's line counts every piece before it`);
    assert.deepEqual(app.pageErrors, [], "page errors");
    assert.deepEqual(app.consoleErrors, [], "console errors");
    await app.context.close();
  }
  for (const file of files) await rm(file, { force: true });
});

test("a worker that dies mid-load is reported on its file, and loading the file again reads it whole", async () => {
  const big = join(repoRoot, "target", "e2e-pool-worker-death.jsonl");
  execFileSync(CLI, ["sample", "--findings", "50000", "--seed", "9", "--output", big]);
  const app = await openApp(browser, `${server.url}?workers=2`);
  await app.page.setInputFiles("[data-testid=file-input]", [big]);
  await app.page.waitForFunction(() => Number(document.querySelector("[data-testid=load-progress]")?.value) > 0);
  // An uncaught error inside every worker, as a crash or an out-of-memory trap would raise.
  const workers = app.page.workers();
  assert.ok(workers.length >= 1, "the pool's workers are visible to the test");
  for (const worker of workers) {
    await worker.evaluate(() => setTimeout(() => {
      throw new Error("simulated worker crash");
    }, 0)).catch(() => {});
  }
  await app.page.waitForSelector(".app[data-drop-state=failed]", { timeout: 60_000 });
  const row = app.page.locator("[data-testid=file-row]").first();
  await app.page.click("[data-testid=view-operational]");
  assert.match(await row.locator("[data-testid=file-error]").textContent(), /The reader stopped \(.*simulated worker crash.*\); the findings read before that are kept/);
  await app.page.locator("[data-testid=load-report]").scrollIntoViewIfNeeded();
  await app.page.locator("[data-testid=load-report]").screenshot({ path: join(screenshotDir, "pool-worker-crash-report.png") });
  const kept = countIn(await app.page.textContent("[data-testid=table-count]"));
  assert.ok(kept > 0 && kept < 50_000, `part of the file was read and kept (${kept})`);
  // The file's row holds what arrived before the crash: its records, findings, format.
  assert.equal(countIn(await row.locator("[data-testid=file-added]").textContent()), kept);
  assert.ok(countIn(await row.locator("[data-testid=file-records]").textContent()) >= kept);
  assert.notEqual(await row.locator("[data-testid=file-dialect]").textContent(), "—");

  // Again: a fresh pool reads the whole file; the ids read the first time merge, not double.
  await app.page.setInputFiles("[data-testid=file-input]", [big]);
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 120_000 });
  await app.page.click("[data-testid=view-strategic]");
  assert.equal(await kpi(app.page, "total"), 50_000);
  // The lost worker's share of the store went with it: the page counts until the data is
  // forgotten, and a load after that counts in the fresh pool's store again.
  assert.equal(await kpiSource(app.page), "page");
  await app.page.click("[data-testid=clear]");
  await app.page.setInputFiles("[data-testid=file-input]", [big]);
  await app.page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 120_000 });
  await kpisFromWorkers(app.page);
  assert.equal(await kpi(app.page, "total"), 50_000);
  assert.deepEqual(app.pageErrors, [], "page errors");
  assert.deepEqual(app.consoleErrors, [], "the page handled the crash: no console errors");
  await app.context.close();
  await rm(big, { force: true });
});
