// guardview benchmark driver (issue #7 items 5-6, extended for issue #13: long tasks, repaint
// p50/p95 up to the largest input, page + worker memory, the native CLI on one and all cores). Run through `make bench`, which builds dist/
// and the native CLI and generates the data under target/bench-data/ first.
//
// One headless Debian Chromium; every job gets a fresh browser context (a fresh renderer and a
// fresh wasm instance). Files go in through setInputFiles, so the app gets a real File. Times
// come from performance.now() in the page; every figure is the median of BENCH_RUNS runs.
// Prints a table and writes target/bench/results.json.
//
// Environment:
//   BENCH_SIZES=10000,100000,250000   finding counts (the files must exist in target/bench-data/)
//   BENCH_FORMATS=json,jsonl,jsonl.gz
//   BENCH_RUNS=3                      runs per job (medians)
//   BENCH_FILTER_SIZES=100000,250000  sizes (of those run) with filter → repaint measurements
//   BENCH_BIG=420000                  findings in the "1 GB" JSON Lines file (0 skips it)
//   BENCH_BIG_TIMEOUT_S=300
//   BENCH_LOAD_TIMEOUT_S=240          per ordinary load
//   BENCH_POOL=100000                 findings of the JSON Lines file cut into parts for the
//                                     worker-pool job (0 skips it)
//   BENCH_POOL_PARTS=8                files it is cut into (consecutive lines)
//   BENCH_POOL_WORKERS=1,N            pool sizes side by side (N = min(cores, 8))
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, createReadStream } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync, createGunzip } from "node:zlib";
import { performance as nodePerf } from "node:perf_hooks";
import { chromium } from "../e2e/node_modules/playwright-core/index.mjs";
import { cpSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

// Serve a snapshot of dist/, so a rebuild by someone else mid-run cannot change what is measured.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const sourceDist = process.env.GUARDVIEW_DIST ?? join(repoRoot, "dist");
const distDir = join(repoRoot, "target", "bench", "dist");
rmSync(distDir, { recursive: true, force: true });
cpSync(sourceDist, distDir, { recursive: true });
process.env.GUARDVIEW_DIST = distDir;
const { serveDist } = await import("../e2e/harness.js");
import { installProbe, memoryAfterGc, measureRepaint, jsBaseline, firstPaint } from "./page.js";

const env = (name, fallback) => process.env[name] ?? fallback;
const list = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);
const SIZES = list(env("BENCH_SIZES", "10000,100000,250000")).map(Number);
const FORMATS = list(env("BENCH_FORMATS", "json,jsonl,jsonl.gz"));
const RUNS = Math.max(1, Number(env("BENCH_RUNS", "3")));
const FILTER_SIZES = list(env("BENCH_FILTER_SIZES", "100000,250000")).map(Number).filter((n) => SIZES.includes(n));
const BIG = Number(env("BENCH_BIG", "420000"));
const BIG_TIMEOUT_MS = Number(env("BENCH_BIG_TIMEOUT_S", "300")) * 1000;
const LOAD_TIMEOUT_MS = Number(env("BENCH_LOAD_TIMEOUT_S", "240")) * 1000;
const FIRST_PAINT_RUNS = Math.max(3, RUNS + 2);
const REPAINT_REPS = 3; // toggles per run (each toggle = filter on + filter off)
const DATA_DIR = join(repoRoot, "target", "bench-data");
const OUT_DIR = join(repoRoot, "target", "bench");
const V8_MAX_STRING = 536_870_888;
const MB = 1e6;
// The search box waits this long after the last keystroke before filtering (SEARCH_DEBOUNCE_MS in
// src/ui/filter_bar.rs); the search figures include it, and "work" is the time after it.
const SEARCH_DEBOUNCE_MS = 250;
const MiB = 1024 * 1024;

const dataFile = (n, format) => join(DATA_DIR, `findings-${n}.${format}`);
const POOL = Number(env("BENCH_POOL", "100000"));
const POOL_PARTS = Math.max(1, Number(env("BENCH_POOL_PARTS", "8")));
const DEFAULT_POOL = Math.min(cpus().length, 8);
const POOL_WORKERS = [...new Set(list(env("BENCH_POOL_WORKERS", `1,${DEFAULT_POOL}`)).map(Number))];

// ---------------------------------------------------------------------------------------------
// Small helpers

const median = (values) => {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
/** The p-th percentile (nearest rank) of the finite values, or null. */
const percentile = (values, p) => {
  const sorted = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const maxOf = (values) => {
  const finite = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  return finite.length ? Math.max(...finite) : null;
};
const medianOf = (rows, key) => median(rows.map((r) => key.split(".").reduce((o, k) => o?.[k], r)));
const round = (x, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));
const loadavg = () => readFileSync("/proc/loadavg", "utf8").trim().split(/\s+/).slice(0, 3).join(" ");
const started = Date.now();
const log = (...args) => console.error(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s]`, ...args);
const withTimeout = (promise, ms, what) => {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${ms / 1000}s: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/** Renderer processes launched by this node process (walks /proc from our pid). */
function rendererPids() {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* gone */
    }
  }
  const result = [];
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop();
    for (const child of children.get(pid) ?? []) {
      stack.push(child);
      try {
        if (readFileSync(`/proc/${child}/cmdline`, "utf8").includes("--type=renderer")) result.push(child);
      } catch {
        /* gone */
      }
    }
  }
  return result;
}

function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? NaN) * 1024;
    return { rss: kib("VmRSS"), hwm: kib("VmHWM") };
  } catch {
    return null;
  }
}

function resetHwm(pids) {
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      /* not allowed: the peak then covers the whole process life */
    }
  }
}

function rendererMemory(pids) {
  // The page's renderer is the biggest of the renderers this context started.
  let rss = 0;
  let hwm = 0;
  for (const pid of pids) {
    const s = procStatus(pid);
    if (!s) continue;
    rss = Math.max(rss, s.rss);
    hwm = Math.max(hwm, s.hwm);
  }
  return { rss, hwm, processes: pids.length };
}

async function gunzippedSize(path) {
  let size = 0;
  await new Promise((ok, fail) =>
    createReadStream(path)
      .pipe(createGunzip())
      .on("data", (chunk) => (size += chunk.length))
      .on("end", ok)
      .on("error", fail),
  );
  return size;
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model ?? "unknown";
  let os = "unknown";
  try {
    os = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1] ?? os;
  } catch {
    /* fine */
  }
  return {
    cpu: model,
    nproc: Number(execFileSync("nproc", { encoding: "utf8" }).trim()),
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    os,
    node: process.version,
  };
}

// ---------------------------------------------------------------------------------------------
// Browser

const CHROME = env("CHROME_BIN", "/usr/bin/chromium");

async function launch() {
  return chromium.launch({
    executablePath: CHROME,
    chromiumSandbox: false,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--enable-precise-memory-info",
      "--js-flags=--expose-gc",
    ],
  });
}

/** A fresh context and page with the probe installed, the app open and ready. */
async function freshPage(browser, url) {
  const before = new Set(rendererPids());
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const errors = [];
  let crashed = false;
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("crash", () => (crashed = true));
  await page.goto(url);
  await page.waitForSelector(".brand__name");
  const pids = rendererPids().filter((pid) => !before.has(pid));
  return { context, page, errors, pids, isCrashed: () => crashed };
}

async function loadFile(tab, path, expected, timeoutMs) {
  const { page } = tab;
  await page.evaluate((n) => (window.__bench.expected = n), expected);
  resetHwm(tab.pids);
  const wall0 = nodePerf.now();
  const crash = new Promise((_, reject) => page.once("crash", () => reject(new Error("renderer crashed"))));
  crash.catch(() => {});
  await withTimeout(Promise.race([page.setInputFiles("[data-testid=file-input]", path), crash]), timeoutMs, "setInputFiles");
  await withTimeout(
    Promise.race([page.waitForFunction(() => window.__bench.done !== null, null, { timeout: timeoutMs }), crash]),
    timeoutMs,
    "change event",
  );
  const timing = await withTimeout(Promise.race([page.evaluate(() => window.__bench.done), crash]), timeoutMs, "load");
  timing.wallMs = nodePerf.now() - wall0;
  return timing;
}

// ---------------------------------------------------------------------------------------------
// Jobs

const CLI = join(repoRoot, "target", "release", "guardview");

/** `guardview summary` on the largest JSON Lines file (and the 250k one), on one thread and on
 * all cores: wall time around the process, median of RUNS, MB/s over the file's bytes. */
function cliJob() {
  const files = [dataFile(BIG, "jsonl"), dataFile(250000, "jsonl")].filter((p, i, all) => existsSync(p) && all.indexOf(p) === i);
  return files.map((path) => {
    const bytes = statSync(path).size;
    const time = (threads) => {
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        const t0 = nodePerf.now();
        execFileSync(CLI, ["summary", ...(threads ? ["--threads", String(threads)] : []), path], { stdio: ["ignore", "ignore", "ignore"] });
        runs.push(nodePerf.now() - t0);
      }
      return median(runs);
    };
    const oneMs = time(1);
    const allMs = time(null);
    return { file: path.split("/").pop(), bytes, threadsAll: cpus().length, oneMs, allMs, oneMBps: bytes / MB / (oneMs / 1000), allMBps: bytes / MB / (allMs / 1000) };
  });
}

/** The same JSON Lines file cut into POOL_PARTS files of consecutive lines (updates of an id
 * land in different parts), written once next to it. */
function poolParts() {
  const dir = join(DATA_DIR, `pool-${POOL}-${POOL_PARTS}`);
  const paths = Array.from({ length: POOL_PARTS }, (_, i) => join(dir, `part-${String(i).padStart(2, "0")}.jsonl`));
  if (paths.every((p) => existsSync(p))) return paths;
  mkdirSync(dir, { recursive: true });
  const lines = readFileSync(dataFile(POOL, "jsonl"), "utf8").split("\n").filter(Boolean);
  const per = Math.ceil(lines.length / POOL_PARTS);
  paths.forEach((path, i) => writeFileSync(path, lines.slice(i * per, (i + 1) * per).join("\n") + "\n"));
  return paths;
}

/** The worker pool: the same findings as POOL_PARTS files and as the one file they were cut
 * from (read as pieces), loaded with each pool size of POOL_WORKERS (`?workers=N`), median of
 * RUNS fresh pages each. */
async function poolJob(browser, url) {
  const rows = [];
  for (const paths of [poolParts(), [dataFile(POOL, "jsonl")]]) {
    rows.push(...(await poolRows(browser, url, paths)));
  }
  return rows;
}

async function poolRows(browser, url, paths) {
  const bytes = paths.reduce((sum, p) => sum + statSync(p).size, 0);
  const rows = [];
  for (const workers of POOL_WORKERS) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const tab = await freshPage(browser, `${url}?workers=${workers}`);
      const row = { run };
      try {
        row.load = await loadFile(tab, paths, POOL, LOAD_TIMEOUT_MS);
        Object.assign(row, { memory: rendererMemory(tab.pids) });
      } catch (error) {
        row.error = String(error.message ?? error);
      }
      await tab.context.close().catch(() => {});
      runs.push(row);
      log(`pool of ${workers}, ${paths.length} file(s): run ${run + 1}/${RUNS}`, row.error ? `ERROR ${row.error}` : `loaded ${Math.round(row.load.loadedMs)} ms`);
    }
    const ok = runs.filter((r) => !r.error);
    const loadedMs = medianOf(ok, "load.loadedMs");
    rows.push({
      workers,
      files: paths.length,
      bytes,
      runsOk: ok.length,
      kpiOk: ok.every((r) => r.load.state === "loaded" && r.load.kpiTotal === String(POOL)),
      loadedMs,
      paintMs: medianOf(ok, "load.paintMs"),
      longestTaskMs: maxOf(ok.map((r) => r.load.longestTaskMs)),
      mbps: loadedMs ? bytes / MB / (loadedMs / 1000) : null,
      rendererFraction: medianOf(ok, "memory.rss") ? medianOf(ok, "memory.rss") / bytes : null,
    });
  }
  return rows;
}

async function bundleJob() {
  const files = readdirSync(distDir).filter((f) => f.endsWith(".wasm") || f.endsWith(".js"));
  const rows = files.map((name) => {
    const bytes = readFileSync(join(distDir, name));
    return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return { files: rows, ...total };
}

async function firstPaintJob(browser, url) {
  const runs = [];
  for (let i = 0; i < FIRST_PAINT_RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector(".brand__name");
    runs.push(await page.evaluate(firstPaint));
    await context.close();
  }
  return { runs, fcpMs: medianOf(runs, "fcpMs"), loadEventMs: medianOf(runs, "loadEventMs") };
}

async function ingestJob(browser, url, n, format) {
  const path = dataFile(n, format);
  const bytes = statSync(path).size;
  const decodedBytes = format === "jsonl.gz" ? await gunzippedSize(path) : bytes;
  const doFilter = format === "jsonl" && FILTER_SIZES.includes(n);
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const tab = await freshPage(browser, url);
    const row = { run };
    try {
      row.load = await loadFile(tab, path, n, LOAD_TIMEOUT_MS);
      row.memory = await tab.page.evaluate(memoryAfterGc);
      Object.assign(row.memory, rendererMemory(tab.pids));
      if (doFilter) row.repaint = await repaintJob(tab.page);
      row.errors = tab.errors.slice(0, 5);
    } catch (error) {
      row.error = String(error.message ?? error);
      row.crashed = tab.isCrashed();
    }
    await tab.context.close().catch(() => {});
    runs.push(row);
    log(
      `${format} ${n}: run ${run + 1}/${RUNS}`,
      row.error ? `ERROR ${row.error}` : `dashboard ${Math.round(row.load.paintMs)} ms`,
    );
  }
  // The JSON.parse anchor, honestly: its own fresh page (no app, an empty heap), the same File,
  // one warm-up run, then the median of RUNS timed runs.
  const baselines = await freshBaseline(browser, path, format);
  const ok = runs.filter((r) => !r.error);
  const loadedMs = medianOf(ok, "load.loadedMs");
  const paintMs = medianOf(ok, "load.paintMs");
  const parseMs = medianOf(baselines, "parseMs");
  const jsTotalMs = medianOf(baselines, "totalMs");
  const wasmMemory = medianOf(ok, "memory.wasmMemory");
  const jsHeap = medianOf(ok, "memory.jsHeapUsed");
  const result = {
    format,
    findings: n,
    bytes,
    decodedBytes,
    runsOk: ok.length,
    runs,
    kpiOk: ok.every((r) => r.load.state === "loaded" && r.load.kpiTotal === String(n)),
    loadedMs,
    kpiMs: medianOf(ok, "load.kpiMs"),
    // From the last progress update to "loaded": the last slice, finish_file and the first
    // render of the dashboard, which run as one main-thread task.
    finalTaskMs: median(ok.map((r) => (r.load.lastProgressMs === null ? null : r.load.loadedMs - r.load.lastProgressMs))),
    paintMs,
    maxStallMs: medianOf(ok, "load.maxStallMs"),
    longestTaskMs: maxOf(ok.map((r) => r.load.longestTaskMs)),
    ingestMBps: loadedMs ? decodedBytes / MB / (loadedMs / 1000) : null,
    ingestCompressedMBps: format === "jsonl.gz" && loadedMs ? bytes / MB / (loadedMs / 1000) : null,
    baselineMode: baselines.map((r) => r.mode).find(Boolean) ?? null,
    baselineReason: baselines.map((r) => r.reason).find(Boolean) ?? null,
    baselineRuns: baselines,
    jsReadDecodeMs: medianOf(baselines, "readDecodeMs"),
    jsParseMs: parseMs,
    jsTotalMs,
    jsParseMBps: parseMs ? decodedBytes / MB / (parseMs / 1000) : null,
    jsTotalMBps: jsTotalMs ? decodedBytes / MB / (jsTotalMs / 1000) : null,
    // Throughput ratio wasm / JS (> 1: the app ingests faster than JS parses the same bytes).
    ratioVsParse: parseMs && loadedMs ? parseMs / loadedMs : null,
    ratioVsReadParse: jsTotalMs && loadedMs ? jsTotalMs / loadedMs : null,
    // Drop → dashboard rendered, as a multiple of a bare JSON.parse of the same bytes.
    dashboardOverParse: parseMs && paintMs ? paintMs / parseMs : null,
    wasmMemory,
    jsHeap,
    rendererRss: medianOf(ok, "memory.rss"),
    rendererPeak: medianOf(ok, "memory.hwm"),
    memoryFraction: wasmMemory !== null && jsHeap !== null ? (wasmMemory + jsHeap) / decodedBytes : null,
    wasmFraction: wasmMemory !== null ? wasmMemory / decodedBytes : null,
    // The page and its workers share the renderer process: its RSS after ingest, over input.
    rendererFraction: medianOf(ok, "memory.rss") ? medianOf(ok, "memory.rss") / decodedBytes : null,
  };
  if (doFilter) result.repaint = repaintSummary(ok.map((r) => r.repaint));
  return result;
}

/** Filter → repaint figures over every run's samples: median, p50 and p95 of the painted time
 * (search after its debounce), and the longest main-thread task during the changes. */
function repaintSummary(repaints) {
  const all = (kind) => repaints.flatMap((r) => r?.[kind] ?? []);
  const painted = (kind) => all(kind).map((x) => x.paintMs);
  const searchWork = painted("search").map((ms) => ms - SEARCH_DEBOUNCE_MS);
  return {
    kpiClickMs: median(painted("kpi")),
    kpiClickTextMs: median(all("kpi").map((x) => x.textMs)),
    kpiP50Ms: percentile(painted("kpi"), 50),
    kpiP95Ms: percentile(painted("kpi"), 95),
    searchMs: median(painted("search")),
    searchTextMs: median(all("search").map((x) => x.textMs)),
    searchWorkP50Ms: percentile(searchWork, 50),
    searchWorkP95Ms: percentile(searchWork, 95),
    longestTaskMs: maxOf([...all("kpi"), ...all("search")].map((x) => x.longestTaskMs)),
    samples: { kpi: all("kpi").length, search: all("search").length },
    allChanged: [...all("kpi"), ...all("search")].every((x) => x.changed),
  };
}

/**
 * `JSON.parse` of the same File in a fresh page of its own: a new context whose blank page
 * shows only a file input (the app never runs there, so its heap is empty), one warm-up run,
 * then RUNS timed runs.
 */
async function freshBaseline(browser, path, format) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.setContent('<input type="file" id="baseline-file">');
    await page.setInputFiles("#baseline-file", path);
    await page.evaluate(() => {
      window.__bench = { file: document.getElementById("baseline-file").files[0] };
    });
    await page.evaluate(jsBaseline, { format });
    const timed = [];
    for (let run = 0; run < RUNS; run++) timed.push(await page.evaluate(jsBaseline, { format }));
    return timed;
  } catch (error) {
    return [{ mode: "error", reason: String(error.message ?? error) }];
  } finally {
    await context.close().catch(() => {});
  }
}

/** Filter change → all views repainted: a severity KPI tile, and the search box. */
async function repaintJob(page) {
  const kpi = [];
  const search = [];
  for (let i = 0; i < REPAINT_REPS; i++) {
    // Filter on, then off again; both directions count.
    kpi.push(await page.evaluate(measureRepaint, { kind: "click", value: "[data-testid=kpi-tile-high]" }));
    kpi.push(await page.evaluate(measureRepaint, { kind: "click", value: "[data-testid=kpi-tile-high]" }));
    search.push(await page.evaluate(measureRepaint, { kind: "search", value: "Backdoor" }));
    search.push(await page.evaluate(measureRepaint, { kind: "search", value: "" }));
  }
  return { kpi, search };
}

async function bigJob(browser, url) {
  const path = dataFile(BIG, "jsonl");
  const bytes = statSync(path).size;
  const tab = await freshPage(browser, url);
  const result = { findings: BIG, bytes, timeoutS: BIG_TIMEOUT_MS / 1000 };
  const t0 = nodePerf.now();
  // Sample the renderer's RSS while it loads (the peak survives a crash this way).
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rendererMemory(tab.pids).rss)), 250);
  try {
    result.load = await loadFile(tab, path, BIG, BIG_TIMEOUT_MS);
    result.memory = await tab.page.evaluate(memoryAfterGc);
    Object.assign(result.memory, rendererMemory(tab.pids));
    result.outcome =
      result.load.state === "loaded" && result.load.kpiTotal === String(BIG)
        ? "loaded"
        : `ended in state ${result.load.state}, KPI ${result.load.kpiTotal}`;
    if (result.outcome === "loaded") {
      log(`largest input: filter → repaint at ${BIG} findings`);
      result.repaint = repaintSummary([await repaintJob(tab.page)]);
    }
    if (result.outcome !== "loaded") {
      result.loadStatus = await tab.page
        .textContent("[data-testid=load-status]", { timeout: 2000 })
        .catch(() => null);
    }
  } catch (error) {
    result.outcome = tab.isCrashed() ? "renderer crashed" : `failed: ${error.message ?? error}`;
    result.elapsedMs = nodePerf.now() - t0;
    // What the page managed to show, if it is still alive.
    if (!tab.isCrashed()) {
      result.partial = await tab.page
        .evaluate(() => ({
          state: document.querySelector(".app")?.getAttribute("data-drop-state"),
          progress: document.querySelector("[data-testid=load-progress]")?.textContent ?? null,
        }))
        .catch(() => null);
    }
  }
  clearInterval(sampler);
  result.peakRssSampled = Math.max(peakRss, rendererMemory(tab.pids).hwm || 0);
  result.errors = tab.errors.slice(0, 5);
  result.crashed = tab.isCrashed();
  await tab.context.close().catch(() => {});
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (x, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const mib = (x) => (x === null || x === undefined || !Number.isFinite(x) || x === 0 ? "–" : fmt(x / MiB));

function table(headers, rows, alignLeft = 1) {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

/** Issue #13's targets on this machine, each with what was measured and whether it is met. */
function targets(results) {
  const at = (n) => results.ingest.filter((r) => r.findings === n);
  const out = [];
  const ratios = results.ingest.filter((r) => r.ratioVsParse !== null && r.findings >= 100000);
  out.push({
    target: "ingest throughput ≥ 1.0× JSON.parse on the same bytes from 100k findings up (stretch 1.4×)",
    measured: ratios.map((r) => `${r.format} ${r.findings / 1000}k: ${fmt(r.ratioVsParse, 2)}×`).join(", ") || "not run",
    met: ratios.length ? ratios.every((r) => r.ratioVsParse >= 1.0) : null,
  });
  const dash = at(100000).filter((r) => r.dashboardOverParse !== null);
  out.push({
    target: "drop → dashboard ≤ 1.2× a bare JSON.parse at 100k",
    measured: dash.map((r) => `${r.format}: ${fmt(r.dashboardOverParse, 2)}×`).join(", ") || "not run",
    met: dash.length ? dash.every((r) => r.dashboardOverParse <= 1.2) : null,
  });
  const big = results.big;
  const bigRepaint = big?.repaint;
  out.push({
    target: "no main-thread task over 50 ms during a 1 GB load or any filter change at 420k",
    measured: big
      ? `1 GB load: longest task ${fmt(big.load?.longestTaskMs)} ms; filter changes at ${fmt(big.findings)}: ${bigRepaint ? fmt(bigRepaint.longestTaskMs) + " ms" : "not run (" + big.outcome + ")"}`
      : "not run",
    met: big?.load && bigRepaint ? big.load.longestTaskMs <= 50 && bigRepaint.longestTaskMs <= 50 : big ? false : null,
  });
  const rep250 = at(250000).find((r) => r.repaint);
  out.push({
    target: "filter → repaint ≤ 50 ms p95 at 250k, search included (after its debounce)",
    measured: rep250 ? `KPI tile p95 ${fmt(rep250.repaint.kpiP95Ms)} ms, search p95 ${fmt(rep250.repaint.searchWorkP95Ms)} ms` : "not run",
    met: rep250 ? rep250.repaint.kpiP95Ms <= 50 && rep250.repaint.searchWorkP95Ms <= 50 : null,
  });
  const bigRss = big?.memory?.rss ? big.memory.rss / big.bytes : null;
  out.push({
    target: "memory (page + workers) ≤ 0.35× input at 1 GB (stretch 0.25×)",
    measured: big ? (bigRss !== null ? `renderer RSS ${fmt(bigRss, 2)}× of ${fmt(big.bytes / MB)} MB` : `n/a (${big.outcome})`) : "not run",
    met: bigRss !== null ? bigRss <= 0.35 : big ? false : null,
  });
  out.push({
    target: "wasm + JS ≤ 700 KB gzip",
    measured: `${fmt(results.bundle.gzip / 1000)} KB gzip (${fmt(results.bundle.raw / 1000)} KB raw)`,
    met: results.bundle.gzip <= 700_000,
  });
  out.push({
    target: "first paint ≤ 1 s from localhost",
    measured: `${fmt(results.firstPaint.fcpMs)} ms FCP`,
    met: results.firstPaint.fcpMs !== null ? results.firstPaint.fcpMs <= 1000 : null,
  });
  return out;
}

function report(results) {
  const m = results.meta;
  const parts = [];
  parts.push(
    `guardview benchmark — ${m.date}\n` +
      `machine: ${m.machine.cpu}, ${m.machine.nproc} cores, ${m.machine.memoryGiB} GiB, ${m.machine.os}; ${m.chromium}; node ${m.machine.node}\n` +
      `app: git ${m.git}; load average (1/5/15 min): start ${m.loadavgStart}, end ${m.loadavgEnd}; medians of ${m.runs} runs; MB = 10^6 bytes, MiB = 2^20`,
  );
  parts.push(
    "Ingest (app: file input change → data-drop-state=loaded; JS: File.text()/DecompressionStream + JSON.parse, per line for JSONL, in a fresh page of its own, warm, median of BENCH_RUNS; MB/s over uncompressed bytes)\n" +
      table(
        ["format", "findings", "MB", "app ms", "app MB/s", "parse ms", "parse MB/s", "read+parse ms", "× parse", "× read+parse", "dashboard ms", "dash/parse", "max stall ms", "last task ms", "longest task ms"],
        results.ingest.map((r) => [
          r.format,
          fmt(r.findings),
          fmt(r.decodedBytes / MB, 1) + (r.format === "jsonl.gz" ? ` (gz ${fmt(r.bytes / MB, 1)})` : ""),
          fmt(r.loadedMs),
          fmt(r.ingestMBps),
          fmt(r.jsParseMs) + (r.baselineMode === "stream" ? "*" : r.baselineMode === "impossible" ? " (impossible)" : ""),
          fmt(r.jsParseMBps),
          fmt(r.jsTotalMs),
          fmt(r.ratioVsParse, 2),
          fmt(r.ratioVsReadParse, 2),
          fmt(r.paintMs),
          fmt(r.dashboardOverParse, 2),
          fmt(r.maxStallMs),
          fmt(r.finalTaskMs),
          fmt(r.longestTaskMs),
        ]),
        2,
      ) +
      (results.ingest.some((r) => r.baselineMode === "stream")
        ? "\n* above V8's 536,870,888-char string limit File.text() cannot hold the file: streamed TextDecoderStream + per-line JSON.parse"
        : "") +
      (results.ingest.some((r) => r.baselineMode === "impossible")
        ? "\n(impossible) one JSON document larger than V8's string limit: File.text() yields \"\", JSON.parse cannot run at all"
        : ""),
  );
  parts.push(
    "Memory after ingest (after GC; wasm = the page's linear memory; renderer = /proc VmRSS now / VmHWM peak during the load: the page and its worker together, one process)\n" +
      table(
        ["format", "findings", "input MiB", "wasm MiB", "JS heap MiB", "(wasm+JS)/input", "renderer RSS MiB", "renderer/input", "renderer peak MiB"],
        results.ingest.map((r) => [
          r.format,
          fmt(r.findings),
          mib(r.decodedBytes),
          mib(r.wasmMemory),
          mib(r.jsHeap),
          fmt(r.memoryFraction, 2),
          mib(r.rendererRss),
          fmt(r.rendererFraction, 2),
          mib(r.rendererPeak),
        ]),
        2,
      ),
  );
  const rep = results.ingest.filter((r) => r.repaint);
  if (results.big?.repaint) rep.push({ findings: results.big.findings, repaint: results.big.repaint });
  if (rep.length) {
    parts.push(
      "Filter change → repaint (JSON Lines data set; until kpi-total shows the new number, and two animation frames later; search after its debounce; longest = the longest main-thread task during the changes)\n" +
        table(
          ["findings", "KPI tile: text ms", "KPI tile: p50 ms", "KPI tile: p95 ms", "search: text ms", `search − ${SEARCH_DEBOUNCE_MS} ms: p50`, "p95", "longest task ms", "samples"],
          rep.map((r) => [
            fmt(r.findings),
            fmt(r.repaint.kpiClickTextMs, 1),
            fmt(r.repaint.kpiP50Ms, 1),
            fmt(r.repaint.kpiP95Ms, 1),
            fmt(r.repaint.searchTextMs, 1),
            fmt(r.repaint.searchWorkP50Ms, 1),
            fmt(r.repaint.searchWorkP95Ms, 1),
            fmt(r.repaint.longestTaskMs),
            `${r.repaint.samples.kpi}+${r.repaint.samples.search}`,
          ]),
        ),
    );
  }
  if (results.big) {
    const b = results.big;
    const mem = b.memory;
    parts.push(
      `Largest input: ${fmt(b.findings)} findings, ${fmt(b.bytes / MB)} MB JSON Lines (timeout ${b.timeoutS} s)\n` +
        `  outcome: ${b.outcome}` +
        (b.load?.lastProgressMs ? `; last task (finish + first render) ${fmt(b.load.loadedMs - b.load.lastProgressMs)} ms` : "") +
        (b.load ? `; loaded in ${fmt(b.load.loadedMs)} ms (${fmt(b.bytes / MB / (b.load.loadedMs / 1000))} MB/s), dashboard ${fmt(b.load.paintMs)} ms, longest main-thread stall ${fmt(b.load.maxStallMs)} ms, longest task ${fmt(b.load.longestTaskMs)} ms` : "") +
        (b.elapsedMs ? `; after ${fmt(b.elapsedMs / 1000, 1)} s` : "") +
        (mem ? `\n  after ingest: wasm ${mib(mem.wasmMemory)} MiB, JS heap ${mib(mem.jsHeapUsed)} MiB, (wasm+JS)/input ${fmt((mem.wasmMemory + mem.jsHeapUsed) / b.bytes, 2)}, renderer RSS ${mib(mem.rss)} MiB (page + worker)/input ${fmt(mem.rss / b.bytes, 2)}` : "") +
        `\n  renderer peak RSS ${mib(b.peakRssSampled)} MiB` +
        (b.partial ? `\n  page state at the end: ${JSON.stringify(b.partial)}` : "") +
        (b.loadStatus ? `\n  load status: ${b.loadStatus}` : "") +
        (b.errors?.length ? `\n  page errors: ${b.errors.join(" | ").slice(0, 400)}` : ""),
    );
  }
  if (results.cli?.length) {
    parts.push(
      "Native CLI: guardview summary (release build), wall time of the process, one thread and all cores\n" +
        table(
          ["file", "MB", "1 thread ms", "1 thread MB/s", `all ${results.cli[0].threadsAll} cores ms`, "all cores MB/s", "speed-up"],
          results.cli.map((c) => [c.file, fmt(c.bytes / MB), fmt(c.oneMs), fmt(c.oneMBps), fmt(c.allMs), fmt(c.allMBps), fmt(c.oneMs / c.allMs, 2)]),
        ),
    );
  }
  if (results.pool?.length) {
    parts.push(
      `Worker pool: ${fmt(POOL)} findings of JSON Lines, as ${POOL_PARTS} files of consecutive lines and as the one file, loaded with each pool size (?workers=N; the app's default is min(hardwareConcurrency, 8) = ${DEFAULT_POOL} here). Files share the pool; with 2 workers or more a file of 16 MiB or more is read as pieces of at most 64 MiB. Speed-up: over 1 worker on the same input.\n` +
        table(
          ["input", "workers", "MB", "runs ok", "KPIs ok", "loaded ms", "MB/s", "dashboard ms", "longest task ms", "renderer RSS/input", "speed-up"],
          results.pool.map((r) => {
            const one = results.pool.find((o) => o.files === r.files && o.workers === 1) ?? r;
            return [
              r.files === 1 ? "1 file" : `${r.files} files`, r.workers, fmt(r.bytes / MB), r.runsOk, r.kpiOk ? "yes" : "NO", fmt(r.loadedMs), fmt(r.mbps), fmt(r.paintMs), fmt(r.longestTaskMs),
              fmt(r.rendererFraction, 2), fmt(one.loadedMs / r.loadedMs, 2),
            ];
          }),
        ),
    );
  }
  parts.push(
    `Bundle: ${results.bundle.files.map((f) => `${f.name} ${fmt(f.raw / 1000)} KB → ${fmt(f.gzip / 1000)} KB gzip`).join(", ")}; total ${fmt(results.bundle.gzip / 1000)} KB gzip -9\n` +
      `First paint (fresh context, localhost, median of ${results.firstPaint.runs.length}): FCP ${fmt(results.firstPaint.fcpMs)} ms, load event ${fmt(results.firstPaint.loadEventMs)} ms`,
  );
  parts.push(
    "Targets\n" +
      table(
        ["target", "met", "measured"],
        results.targets.map((t) => [t.target, t.met === null ? "n/a" : t.met ? "MET" : "not met", t.measured]),
        3,
      ),
  );
  return parts.join("\n\n");
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const jobs = [];
  for (const n of SIZES) for (const format of FORMATS) jobs.push({ n, format });
  const missing = jobs.map(({ n, format }) => dataFile(n, format)).filter((p) => !existsSync(p));
  if (BIG > 0 && !existsSync(dataFile(BIG, "jsonl"))) missing.push(dataFile(BIG, "jsonl"));
  if (missing.length) {
    console.error(`missing data (run 'make bench', which generates it):\n  ${missing.join("\n  ")}`);
    process.exit(1);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const results = {
    meta: {
      date: new Date().toISOString(),
      machine: machine(),
      chromium: execFileSync(CHROME, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(),
      loadavgStart: loadavg(),
      runs: RUNS,
      // The app's default pool (src/ui/ingest_client.rs): the single-file loads are one job each,
      // so one worker reads them; the pool job compares sizes side by side.
      workers: DEFAULT_POOL,
      poolWorkers: POOL_WORKERS,
      sizes: SIZES,
      formats: FORMATS,
      git: (() => {
        try {
          const head = execFileSync("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
          const dirty = execFileSync("git", ["-C", repoRoot, "status", "--porcelain", "--", "src", "Cargo.toml", "index.html", "assets"], {
            encoding: "utf8",
          }).trim();
          return dirty ? `${head} + uncommitted changes` : head;
        } catch {
          return null;
        }
      })(),
    },
  };
  const server = await serveDist();
  const browser = await launch();
  results.meta.chromium = `Chromium ${browser.version()} (${CHROME})`;
  try {
    results.bundle = await bundleJob();
    log(`bundle ${results.bundle.gzip} bytes gzip`);
    results.firstPaint = await firstPaintJob(browser, server.url);
    log(`first paint ${results.firstPaint.fcpMs} ms`);
    results.ingest = [];
    for (const { n, format } of jobs) results.ingest.push(await ingestJob(browser, server.url, n, format));
    if (BIG > 0) {
      log(`largest input: ${BIG} findings JSON Lines (timeout ${BIG_TIMEOUT_MS / 1000} s)`);
      results.big = await bigJob(browser, server.url);
      log(`largest input: ${results.big.outcome}`);
    }
    if (POOL > 0 && existsSync(dataFile(POOL, "jsonl"))) results.pool = await poolJob(browser, server.url);
    log("native CLI: guardview summary on one thread and on all cores");
    results.cli = cliJob();
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
  results.meta.loadavgEnd = loadavg();
  results.targets = targets(results);
  const text = report(results);
  results.table = text;
  writeFileSync(join(OUT_DIR, "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(OUT_DIR, "results.txt"), text + "\n");
  console.log(text);
  console.log(`\nwritten: target/bench/results.json, target/bench/results.txt`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
