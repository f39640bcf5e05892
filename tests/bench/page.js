// Page-side half of the benchmark. bench.mjs installs `installProbe` with addInitScript (so it
// runs before the app's own scripts, outside the page's CSP) and calls the other functions with
// page.evaluate. Nothing here changes what the app does: it only watches it.
//
// - Captures the wasm instance's exported WebAssembly.Memory by wrapping
//   WebAssembly.instantiate/instantiateStreaming, so wasm memory can be read from page JS.
// - A capture-phase `change` listener on window notes the instant the file input changes
//   (t0 of "drop → dashboard") and keeps the File (the app clears the input afterwards).
// - From t0 it runs a setTimeout(0) ticker (the longest gap = the longest main-thread stall)
//   and a MutationObserver that notes when `.app[data-drop-state]` becomes loaded/failed and
//   when [data-testid=kpi-total] shows the expected number, then waits two animation frames.
// - A PerformanceObserver for long tasks (over 50 ms on the main thread): the longest one
//   during a load and during a filter change is reported (`longestTask` below).

/* eslint-disable no-undef */

export function installProbe() {
  const bench = (window.__bench = { t0: null, file: null, expected: null, done: null, memory: null, longTasks: [] });

  // Main-thread tasks over 50 ms (the Long Tasks API), kept with their start times.
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    bench.longTasks = null; // not supported: reported as "–"
  }

  const capture = (result) => {
    try {
      const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
      for (const value of Object.values(instance?.exports ?? {})) {
        if (value instanceof WebAssembly.Memory) bench.memory = value;
      }
    } catch {
      /* not ours */
    }
    return result;
  };
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    if (typeof original !== "function") continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(capture);
    };
  }

  window.addEventListener(
    "change",
    (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
      bench.t0 = performance.now();
      bench.file = input.files?.[0] ?? null;
      bench.done = watchLoad(bench);
    },
    true,
  );

  function watchLoad(state) {
    const t0 = state.t0;
    let maxStall = 0;
    let last = performance.now();
    let ticking = true;
    const tick = () => {
      const now = performance.now();
      if (now - last > maxStall) maxStall = now - last;
      last = now;
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    return new Promise((resolve) => {
      let tLoaded = null;
      let tKpi = null;
      let finalState = null;
      // The last progress-bar update seen before the load finished: after it come the last
      // slice, finish_file and the dashboard's first render, in one task with no yield.
      let tProgress = null;
      let progressValue = null;
      const check = () => {
        if (tKpi !== null) return;
        if (tLoaded === null) {
          const value = document.querySelector("[data-testid=load-progress]")?.getAttribute("value") ?? null;
          if (value !== null && value !== progressValue) {
            progressValue = value;
            tProgress = performance.now();
          }
        }
        const app = document.querySelector(".app");
        const dropState = app?.getAttribute("data-drop-state");
        if (tLoaded === null && (dropState === "loaded" || dropState === "failed" || dropState === "cancelled")) {
          tLoaded = performance.now();
          finalState = dropState;
        }
        if (tLoaded === null) return;
        // The tile shows the count with thousands separators ("10,000"): compare its digits.
        const kpi = document.querySelector("[data-testid=kpi-total]")?.textContent?.replace(/\D/g, "") ?? null;
        const wanted = state.expected === null ? kpi !== null && kpi !== "" && kpi !== "0" : kpi === String(state.expected);
        if (!wanted && finalState === "loaded") return;
        tKpi = performance.now();
        observer.disconnect();
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const tPaint = performance.now();
            ticking = false;
            resolve({
              state: finalState,
              kpiTotal: kpi,
              loadedMs: tLoaded - t0,
              lastProgressMs: tProgress === null ? null : tProgress - t0,
              lastProgressValue: progressValue,
              kpiMs: tKpi - t0,
              paintMs: tPaint - t0,
              maxStallMs: Math.max(maxStall, performance.now() - last),
              longestTaskMs: state.longTasks
                ? state.longTasks.filter((t) => t.startMs >= t0 && t.startMs <= tPaint).reduce((m, t) => Math.max(m, t.durationMs), 0)
                : null,
            });
          }),
        );
      };
      const observer = new MutationObserver(check);
      observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
      check();
    });
  }
}

/** JS heap (after a full GC) and wasm linear memory, in bytes. */
export async function memoryAfterGc() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    jsHeapUsed: performance.memory?.usedJSHeapSize ?? null,
    jsHeapTotal: performance.memory?.totalJSHeapSize ?? null,
    wasmMemory: window.__bench?.memory?.buffer.byteLength ?? null,
    gcExposed: typeof globalThis.gc === "function",
  };
}

/**
 * Time from an action (a click on a KPI tile, or an input event on the search box) until
 * [data-testid=kpi-total] shows a different number, and until two animation frames later.
 */
export async function measureRepaint({ kind, value }) {
  const kpiText = () => document.querySelector("[data-testid=kpi-total]")?.textContent ?? null;
  const before = kpiText();
  const app = document.querySelector(".app");
  return new Promise((resolve) => {
    let t0 = 0;
    let settled = false;
    const finish = (changed) => {
      if (settled) return;
      settled = true;
      observer.disconnect();
      const tText = performance.now();
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const tPaint = performance.now();
          // Long-task entries arrive after their task ends: one more task turn collects them.
          setTimeout(() => {
            const tasks = window.__bench?.longTasks;
            resolve({
              changed,
              before,
              after: kpiText(),
              textMs: tText - t0,
              paintMs: tPaint - t0,
              longestTaskMs: tasks
                ? tasks.filter((t) => t.startMs >= t0 && t.startMs <= tPaint).reduce((m, t) => Math.max(m, t.durationMs), 0)
                : null,
            });
          }, 0);
        }),
      );
    };
    const observer = new MutationObserver(() => {
      if (kpiText() !== before) finish(true);
    });
    observer.observe(app, { subtree: true, childList: true, characterData: true });
    setTimeout(() => finish(false), 30000);
    t0 = performance.now();
    if (kind === "click") {
      document.querySelector(value).click();
    } else {
      const input = document.querySelector("[data-testid=search]");
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (kpiText() !== before) finish(true);
  });
}

/**
 * The JS baseline on the very File the app was given: read + decode (File.text(), or a
 * DecompressionStream for gzip) then JSON.parse (per line for JSON Lines). The parsed values are
 * kept until the end, as an app would keep them. Above V8's string limit (536,870,888 chars)
 * File.text() cannot hold the file; JSON Lines then falls back to a streamed
 * TextDecoderStream + per-line JSON.parse, and a single JSON document is reported impossible.
 */
export async function jsBaseline({ format }) {
  const file = window.__bench.file;
  const gz = format === "jsonl.gz";
  const lines = format !== "json";
  for (let i = 0; i < 2; i++) globalThis.gc?.();
  const byteStream = () => (gz ? file.stream().pipeThrough(new DecompressionStream("gzip")) : file.stream());
  const t0 = performance.now();
  let text = "";
  let readError = null;
  try {
    text = gz ? await new Response(byteStream()).text() : await file.text();
  } catch (error) {
    readError = String(error);
  }
  const t1 = performance.now();
  const kept = [];
  if (text.length > 0) {
    let count = 0;
    if (lines) {
      let i = 0;
      while (i < text.length) {
        let j = text.indexOf("\n", i);
        if (j < 0) j = text.length;
        if (j > i) {
          kept.push(JSON.parse(text.slice(i, j)));
          count++;
        }
        i = j + 1;
      }
    } else {
      const value = JSON.parse(text);
      kept.push(value);
      count = Array.isArray(value) ? value.length : 1;
    }
    const t2 = performance.now();
    const decodedChars = text.length;
    text = "";
    kept.length = 0;
    return { mode: "text", readDecodeMs: t1 - t0, parseMs: t2 - t1, totalMs: t2 - t0, records: count, decodedChars };
  }
  if (!lines) {
    return { mode: "impossible", reason: readError ?? "File.text() returned an empty string (V8 string limit)" };
  }
  // Streamed fallback for JSON Lines too large for one string.
  const s0 = performance.now();
  const reader = byteStream().pipeThrough(new TextDecoderStream()).getReader();
  let carry = "";
  let parseMs = 0;
  let count = 0;
  let decodedChars = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    decodedChars += value.length;
    const chunk = carry + value;
    const end = chunk.lastIndexOf("\n");
    if (end < 0) {
      carry = chunk;
      continue;
    }
    const p0 = performance.now();
    let i = 0;
    while (i < end) {
      let j = chunk.indexOf("\n", i);
      if (j < 0 || j > end) j = end;
      if (j > i) {
        kept.push(JSON.parse(chunk.slice(i, j)));
        count++;
      }
      i = j + 1;
    }
    parseMs += performance.now() - p0;
    carry = chunk.slice(end + 1);
  }
  if (carry.trim()) {
    const p0 = performance.now();
    kept.push(JSON.parse(carry));
    count++;
    parseMs += performance.now() - p0;
  }
  const s1 = performance.now();
  kept.length = 0;
  return {
    mode: "stream",
    reason: readError ?? "File.text() returned an empty string (V8 string limit); streamed instead",
    readDecodeMs: s1 - s0 - parseMs,
    parseMs,
    totalMs: s1 - s0,
    records: count,
    decodedChars,
  };
}

/** First contentful paint of a fresh page load, and when the app's header was in the DOM. */
export async function firstPaint() {
  const fcp = await new Promise((resolve) => {
    const existing = performance.getEntriesByName("first-contentful-paint")[0];
    if (existing) return resolve(existing.startTime);
    new PerformanceObserver((list) => {
      const entry = list.getEntriesByName("first-contentful-paint")[0];
      if (entry) resolve(entry.startTime);
    }).observe({ type: "paint", buffered: true });
    setTimeout(() => resolve(null), 10000);
  });
  const nav = performance.getEntriesByType("navigation")[0];
  return { fcpMs: fcp, domContentLoadedMs: nav?.domContentLoadedEventEnd ?? null, loadEventMs: nav?.loadEventEnd ?? null };
}
