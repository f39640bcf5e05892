// Print that just works (issue #17): the browser's own print (here a plain `page.pdf()`, no
// "Print / PDF" button, no presentation mode, no options) gives the briefing slides from any
// view, one page per slide, with nothing clipped. A plain `page.pdf()` prints on the default
// paper (US Letter, portrait) and ignores the stylesheet's `@page` size, which Chrome's own print
// dialog honours; a second PDF with `preferCSSPageSize` checks that A4 landscape layout too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, screenshotDir, repoRoot, cliPath } from "./harness.js";

let server;
let browser;
let findingsFile;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  await mkdir(screenshotDir, { recursive: true });
  const cli = cliPath;
  findingsFile = join(screenshotDir, "..", "print-test.jsonl");
  execFileSync(cli, ["sample", "--findings", "1500", "--seed", "21", "--output", findingsFile]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Pages in a PDF, counted from its page objects. */
function pageCount(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

for (const view of ["strategic", "tactical", "operational"]) {
  test(`printing the ${view} view without the button gives one unclipped page per slide`, async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await page.setInputFiles("[data-testid=file-input]", [findingsFile]);
    await page.waitForSelector(".app[data-drop-state=loaded]", { timeout: 60_000 });
    await page.click(`[data-testid=view-${view}]`);
    await page.waitForTimeout(200);

    await page.emulateMedia({ media: "print" });
    const slides = await page.evaluate(() =>
      [...document.querySelectorAll(".presentation .slide")].map((slide) => {
        const body = slide.querySelector(".slide__body");
        return {
          id: slide.dataset.testid,
          title: slide.querySelector(".slide__title")?.textContent ?? "",
          visible: slide.getBoundingClientRect().height > 0,
          slideClipped: slide.scrollHeight > slide.clientHeight + 1 || slide.scrollWidth > slide.clientWidth + 1,
          bodyClipped: body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1,
        };
      }),
    );
    assert.ok(slides.length >= 6, `the deck is in the page (${slides.length} slides)`);
    for (const slide of slides) {
      assert.ok(slide.visible, `${slide.id} prints`);
      assert.ok(!slide.slideClipped && !slide.bodyClipped, `${slide.id} (${slide.title}) is not clipped`);
    }
    const dashboardShown = await page.evaluate(() => getComputedStyle(document.querySelector(".app-main")).display);
    assert.equal(dashboardShown, "none", "the dashboard itself is not printed");

    for (const [paper, options] of [["plain", undefined], ["a4", { preferCSSPageSize: true, printBackground: true }]]) {
      const pdf = await page.pdf(options);
      assert.equal(pageCount(pdf), slides.length, `${paper}: one page per slide`);
      const pdfPath = join(screenshotDir, `print-${view}-${paper}.pdf`);
      await writeFile(pdfPath, pdf);
      // pdftotext ends each page with a form feed: slide i's title is on page i.
      const pages = execFileSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8" }).split("\f");
      slides.forEach((slide, index) => {
        assert.ok(pages[index]?.includes(slide.title), `${paper}: page ${index + 1} is the slide “${slide.title}”`);
      });
    }
    assert.deepEqual(app.pageErrors, []);
    await app.context.close();
  });
}
