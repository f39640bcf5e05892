// Hostile and broken input end to end: attacker-written strings are shown as text and never
// run, exports neutralise them, broken files get their own error while the rest still load,
// and nothing leaves the app's origin while doing any of it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, dropFiles, kpi, countIn, fixturesDir, screenshotDir, screenshot, downloadText } from "./harness.js";

const HOSTILE = join(fixturesDir, "hostile", "every_string_field_is_a_payload.json");
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

/** Opens the app with tripwires: any payload that runs sets window.__pwned. */
async function openGuarded() {
  const app = await openApp(browser, server.url, { acceptDownloads: true });
  await app.page.evaluate(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
  });
  return app;
}

async function assertNothingRan(app) {
  assert.equal(await app.page.evaluate(() => window.__pwned), undefined, "a payload ran");
  assert.deepEqual(await app.page.evaluate(() => window.__cspViolations), [], "CSP had to block something");
  assert.deepEqual(app.pageErrors, [], "page errors or dialogs");
  assert.deepEqual(app.consoleErrors, [], "console errors");
  assert.deepEqual(app.foreignRequests, [], "requests left the app's origin");
  const strays = app.requests.filter((url) => /\/x$|evil\.example/.test(url));
  assert.deepEqual(strays, [], "a payload made the page fetch something");
}

test("every view shows hostile strings as text and runs none of them", async () => {
  const app = await openGuarded();
  await app.page.setInputFiles("[data-testid=file-input]", [HOSTILE]);
  await app.page.waitForSelector(".app[data-drop-state=loaded]");
  assert.equal(await kpi(app.page, "total"), 12);

  // Strategic: charts and the risk matrix; export the timeline as SVG and check it is inert XML.
  const svg = await downloadText(app.page, "[data-testid=export-timeline-svg]");
  const svgCheck = await app.page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const onAttributes = [...doc.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name),
    );
    return {
      parseError: doc.querySelector("parsererror") !== null,
      scripts: doc.querySelectorAll("script").length,
      onAttributes,
      title: doc.documentElement.textContent.includes("Findings over time"),
    };
  }, svg);
  assert.deepEqual(svgCheck, { parseError: false, scripts: 0, onAttributes: [], title: true });
  await app.page.click("[data-testid=open-method]");
  await app.page.keyboard.press("Escape");

  // Tactical: breakdowns, ATT&CK, the graph (labels come from hostile resource names).
  await app.page.click("[data-testid=view-tactical]");
  // Once the workers have drawn the graph, its labels are the hostile resource names.
  await app.page.waitForSelector("[data-testid=graph-card][aria-busy=false]");
  await app.page.waitForSelector("[data-testid=graph-chart] svg", { state: "attached" });
  const graphScripts = await app.page.evaluate(
    () => document.querySelectorAll("[data-testid=graph-chart] script, [data-testid=graph-chart] img").length,
  );
  assert.equal(graphScripts, 0);

  // Operational: the table, the detail panel with the raw record, actors; exports.
  await app.page.click("[data-testid=view-operational]");
  await app.page.click("[data-testid=finding-row] >> nth=0");
  await app.page.waitForSelector("[data-testid=finding-detail]");
  await app.page.click("text=Show raw JSON");
  // The raw record is read back from the dropped file (its byte span), not kept in memory.
  await app.page.waitForFunction(() =>
    document.querySelector("[data-testid=raw-json]")?.textContent.trim().startsWith("{"));
  const raw = await app.page.textContent("[data-testid=raw-json]");
  assert.ok(JSON.parse(raw), "the raw record is the file's JSON");
  const detail = await app.page.textContent("[data-testid=finding-detail]");
  const title = await app.page.textContent("#detail-title");
  assert.ok(title.trim().length > 0, "the title is shown");
  const payloadShownAsText =
    detail.includes("<script>") || detail.includes("onerror=") || detail.includes("javascript:") || detail.includes("<svg onload");
  assert.ok(payloadShownAsText, "the payload text is visible as text");
  assert.equal(
    await app.page.evaluate(() => document.querySelectorAll("[data-testid=finding-detail] script, [data-testid=finding-detail] img, [data-testid=finding-detail] svg circle").length),
    0,
    "no payload became an element",
  );
  await screenshot(app.page, join(screenshotDir, "hostile-detail.png"));
  await app.page.keyboard.press("Escape");

  const csv = await downloadText(app.page, "[data-testid=export-findings-csv]");
  const lines = csv.split(/\r\n/).filter((l) => l.length > 0);
  assert.ok(csv.includes(`'=HYPERLINK`), "formula neutralised with a leading apostrophe");
  for (const cell of csv.split(/,|\r\n/)) {
    const value = cell.replace(/^"/, "");
    assert.ok(!/^[=+@]/.test(value), `formula cell left active: ${value.slice(0, 40)}`);
  }
  assert.ok(lines.length >= 13, "header plus one row per finding (some cells hold newlines)");
  const iocs = await downloadText(app.page, "[data-testid=export-iocs]");
  assert.ok(iocs.startsWith("indicator") || iocs.length > 0);
  await assertNothingRan(app);
  await app.context.close();
});

test("broken files each get a clear error while the good file still loads", async () => {
  const app = await openGuarded();
  const quirk = (name) => readFile(join(fixturesDir, "quirks", name));
  const good = await readFile(join(fixturesDir, "corpus", "aws-cli-examples", "get-findings_Recon-IAMUser-UserPermissions.json"));
  const deep = Buffer.from("[".repeat(5000) + "]".repeat(5000));
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
  const invalidUtf8 = Buffer.concat([Buffer.from('{"findings":[{"id":"x","type":"Recon:EC2/Portscan","title":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')]);
  const files = [
    { name: "empty.json", bytes: await quirk("empty.json") },
    { name: "whitespace.json", bytes: await quirk("whitespace_only.json") },
    { name: "truncated.json", bytes: await quirk("truncated_array.json") },
    { name: "not-json.txt", bytes: await quirk("not_json.txt") },
    { name: "a-number.json", bytes: await quirk("top_level_number.json") },
    { name: "deep-nesting.json", bytes: deep },
    { name: "binary.bin", bytes: binary },
    { name: "invalid-utf8.json", bytes: invalidUtf8 },
    { name: "good.json", bytes: good },
  ];
  await dropFiles(app.page, files);
  await app.page.waitForSelector(".app[data-drop-state=failed]");
  await app.page.click("[data-testid=view-operational]");
  // Findings read before a file broke off stay loaded (and are counted in its row).
  const added = (await app.page.$$eval("[data-testid=file-row] td:nth-child(5)", (cells) =>
    cells.map((cell) => cell.textContent),
  )).reduce((sum, text) => sum + countIn(text), 0);
  assert.ok(added >= 1, "the good file's finding loaded");
  await app.page.click("[data-testid=view-strategic]");
  assert.equal(await kpi(app.page, "total"), added);
  await app.page.click("[data-testid=view-operational]");
  for (const file of files) {
    const row = app.page.locator(`[data-testid=file-row][data-file-name="${file.name}"]`);
    assert.equal(await row.count(), 1, `${file.name} has a row in the load report`);
    const problems = await row.locator("td").last().textContent();
    if (file.name === "good.json") {
      assert.match(problems, /OK/);
    } else {
      assert.ok(problems.trim().length > 10 && !/^OK$/.test(problems.trim()), `${file.name}: ${problems}`);
    }
  }
  await screenshot(app.page, join(screenshotDir, "broken-files.png"));
  await assertNothingRan(app);
  await app.context.close();
});
