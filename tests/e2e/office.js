// Office round trips for the end-to-end tests: downloads from the app, LibreOffice conversions
// (decks to PDF, workbook sheets to CSV) and reading what came out.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";

/** A download started by clicking `selector`: its suggested name and bytes. */
export async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** `soffice --headless --convert-to` with a profile of its own (a shared one stops the second run). */
export function convert(dir, filter, input) {
  execFileSync("soffice", [
    `-env:UserInstallation=file://${dir}/profile`,
    "--headless",
    "--norestore",
    "--convert-to",
    filter,
    "--outdir",
    dir,
    input,
  ], { stdio: "pipe", timeout: 180_000 });
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
export function csvRecords(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The text of a PDF (or of its pages `first`..`last`, 1-based), runs of white space made one space. */
export function pdfText(pdf, first = undefined, last = first) {
  const pages = first === undefined ? [] : ["-f", String(first), "-l", String(last)];
  const text = execFileSync("pdftotext", [...pages, pdf, "-"]).toString();
  return text.split(/\s+/).join(" ");
}

/** The number of pages of a PDF (poppler's `pdfinfo`). */
export function pdfPages(pdf) {
  const info = execFileSync("pdfinfo", [pdf]).toString();
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** The entries of a zip file (an Office document) as `{ name: Buffer }`: read from its central
 * directory, stored or deflated (all an Office writer uses). */
export function zipEntries(bytes) {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("not a zip file");
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = {};
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error("a damaged central directory");
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataAt, dataAt + size);
    entries[name] = method === 0 ? Buffer.from(data) : inflateRawSync(data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
