// Shared end-to-end harness: a static server for dist/ on 127.0.0.1 and a Playwright-driven
// Debian Chromium that records every request and every console error, so each test can assert
// "no egress" and "no errors" as well as its own behaviour.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");
export const distDir = process.env.GUARDVIEW_DIST ?? join(repoRoot, "dist");
export const fixturesDir = join(repoRoot, "tests", "fixtures");
export const screenshotDir = join(repoRoot, "target", "screenshots");
/** The native CLI the app's numbers are checked against (built by `make test-e2e`). */
export const cliPath = process.env.GUARDVIEW_CLI ?? join(repoRoot, "target", "debug", "guardview");

/**
 * `guardview summary` of the given files or folders, as JSON. Exit status 2 (a file failed)
 * still prints the summary of what loaded; any other failure throws.
 */
export function cliSummary(paths) {
  try {
    return JSON.parse(execFileSync(cliPath, ["summary", ...paths], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch (error) {
    if (error.status === 2) return JSON.parse(error.stdout);
    throw error;
  }
}

/** Every corpus fixture, as the user would drop them all at once. */
export function corpusFiles() {
  const root = join(fixturesDir, "corpus");
  const files = [];
  for (const folder of readdirSync(root)) {
    const path = join(root, folder);
    if (!statSync(path).isDirectory()) continue;
    for (const name of readdirSync(path)) files.push(join(path, name));
  }
  return files.sort();
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
};

// The same policy as index.html's meta tag, plus frame-ancestors, which only a header can set.
const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; " +
  "form-action 'none'; object-src 'none'; frame-ancestors 'none'";

/** Serves dist/ on an ephemeral port of 127.0.0.1. Resolves to { url, close }. */
export async function serveDist() {
  await stat(join(distDir, "index.html")).catch(() => {
    throw new Error(`no release build at ${distDir}: run 'make build' (or 'make test') first`);
  });
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = normalize(join(distDir, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(distDir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": MIME[extname(file)] ?? "application/octet-stream",
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      });
      response.end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches Debian's Chromium without any background networking of its own. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROME_BIN ?? "/usr/bin/chromium",
    chromiumSandbox: false,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * Opens the app in a fresh context and records what the page does. `contextOptions` go to
 * Playwright's `newContext`; `beforeLoad` runs in the page before the app's scripts.
 * Returns { page, context, requests, foreignRequests, consoleErrors, pageErrors }.
 */
export async function openApp(
  browser,
  appUrl,
  { viewport = { width: 1440, height: 900 }, acceptDownloads = false, contextOptions = {}, beforeLoad = null } = {},
) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads, ...contextOptions });
  // A script run in the page before the app's own (e.g. one that blocks Web Workers).
  if (beforeLoad) await context.addInitScript(beforeLoad);
  const page = await context.newPage();
  const origin = new URL(appUrl).origin;
  const record = {
    page, context, requests: [], foreignRequests: [], consoleErrors: [], consoleWarnings: [], pageErrors: [], workers: [],
  };
  page.on("worker", (worker) => record.workers.push(new URL(worker.url()).pathname));
  page.on("request", (request) => {
    const url = request.url();
    record.requests.push(url);
    const scheme = new URL(url).protocol;
    if (!url.startsWith(origin) && scheme !== "data:" && scheme !== "blob:") {
      record.foreignRequests.push(url);
    }
  });
  page.on("console", (message) => {
    if (message.type() === "error") record.consoleErrors.push(message.text());
    if (message.type() === "warning") record.consoleWarnings.push(message.text());
  });
  page.on("pageerror", (error) => record.pageErrors.push(String(error)));
  page.on("dialog", (dialog) => {
    record.pageErrors.push(`unexpected dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  await page.goto(withWorkerCount(appUrl));
  await page.waitForSelector(".brand__name");
  return record;
}

/** The ingest pool's size for this run (`GUARDVIEW_WORKERS`), or null for the app's default. */
export const workerCount = process.env.GUARDVIEW_WORKERS ? Number(process.env.GUARDVIEW_WORKERS) : null;

/** The app's address with `?workers=N` when the run sets a pool size (a query the app keeps). */
export function withWorkerCount(appUrl) {
  if (workerCount === null || /[?&]workers=/.test(appUrl)) return appUrl;
  const url = new URL(appUrl);
  url.searchParams.set("workers", String(workerCount));
  return url.toString();
}

/** Asserts the last load was parsed by the ingest Web Worker, not by the page's fallback. */
export function assertParsedInWorker(app) {
  const started = `workers: ${JSON.stringify(app.workers)}, warnings: ${JSON.stringify(app.consoleWarnings)}`;
  assert.ok(app.workers.length >= 1, `the ingest workers started (${started})`);
  assert.ok(app.workers.every((path) => path === "/ingest_worker_loader.js"), `only ingest workers (${started})`);
  if (workerCount !== null) assert.equal(app.workers.length, workerCount, `a pool of ${workerCount} (${started})`);
  const fallback = app.consoleWarnings.filter((w) => w.includes("reading files on the page"));
  assert.deepEqual(fallback, [], "no fallback to parsing on the page");
}

/** Dispatches a real drop of the given files ({ name, bytes }) on the page. */
export async function dropFiles(page, files, target = "body") {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString("base64") }));
  const transfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name));
    }
    return transfer;
  }, payload);
  await page.dispatchEvent(target, "dragenter", { dataTransfer: transfer });
  await page.dispatchEvent(target, "dragover", { dataTransfer: transfer });
  await page.dispatchEvent(target, "drop", { dataTransfer: transfer });
}

/** Starts a drag over the page without dropping (for the drag-over state). */
export async function dragOver(page, name = "findings.json") {
  const transfer = await page.evaluateHandle((fileName) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["{}"], fileName));
    return transfer;
  }, name);
  await page.dispatchEvent("body", "dragenter", { dataTransfer: transfer });
  await page.dispatchEvent("body", "dragover", { dataTransfer: transfer });
}

/** The number in a count as the app writes it ("250,000": thousands separated by commas). */
export function countIn(text) {
  return Number(text.replaceAll(",", ""));
}

/** A count written the way the app writes it (`250000` → "250,000"). */
export function countText(n) {
  return n.toLocaleString("en-US");
}

/** Reads a KPI tile's number, once the tiles are not waiting for the workers' answer. */
export async function kpi(page, name) {
  await viewsSettled(page);
  return countIn(await page.textContent(`[data-testid=kpi-${name}]`));
}

/** Waits until every card shows the workers' answer to the current filter (none `aria-busy`). */
export async function viewsSettled(page) {
  await page.waitForFunction(() => document.querySelector("[aria-busy=true]") === null);
}

/** Clicks `selector` and returns the text of the download it starts. */
export async function downloadText(page, selector) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return readFile(await download.path(), "utf8");
}

/** Waits until the KPI tiles show the workers' store's answer (after a load, it arrives a
 * moment after the page's own numbers). */
export async function kpisFromWorkers(page) {
  await page.waitForSelector("[data-testid=kpis][data-source=workers]", { timeout: 30_000 });
}

/** Where the KPI tiles' numbers came from: "workers" (the pool's store) or "page". */
export async function kpiSource(page) {
  await viewsSettled(page);
  return page.getAttribute("[data-testid=kpis]", "data-source");
}

/** A full-page screenshot taken from the top (sticky bars would otherwise float mid-page). */
export async function screenshot(page, path) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150);
  await page.screenshot({ path, fullPage: true });
}

/** Makes every `new Worker(…)` throw (pass it as `beforeLoad`): the page then reads and counts
 * everything itself. */
export function blockWorkers() {
  window.Worker = function Worker() {
    throw new DOMException("Workers are blocked here", "SecurityError");
  };
}
