// Renders actorgraph's Mermaid exports with Mermaid itself (the npm package's
// browser bundle) in Debian's Chromium, driven by playwright-core. Run by
// tests/mermaid_browser.rs:
//
//   node mermaid.test.mjs EXPECT.json
//
// EXPECT.json: [{"file": "g.mmd", "actors": [names], "legend": [entries],
// "colors": {entry: "#rrggbb"}}]. For each file: Mermaid parses and renders
// it without an error; every actor's name is shown as written (whitespace
// collapsed); a "Relations" box holds exactly the legend entries, each
// relation outlined in its colour. CHROMIUM names the browser (default
// /usr/bin/chromium). Prints one line per check and exits 1 on the first
// failure.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { check, launch } from "./harness.mjs";

const require = createRequire(import.meta.url);
const MERMAID = require.resolve("mermaid/dist/mermaid.min.js");
const VERSION = require("mermaid/package.json").version;

const squash = (s) => s.replace(/\s+/g, " ").trim();

async function main() {
  if (process.argv.length !== 3) {
    console.error("usage: node mermaid.test.mjs EXPECT.json");
    process.exit(2);
  }
  const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(20000);
    const problems = [];
    page.on("pageerror", (err) => problems.push("page error: " + err.message));
    page.on("request", (req) => { if (!req.url().startsWith("about:") && !req.url().startsWith("data:")) problems.push("request: " + req.url()); });
    await page.setContent("<!DOCTYPE html><html><body><div id=\"out\"></div></body></html>");
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
    console.log(`mermaid ${VERSION}`);
    for (const [i, c] of cases.entries()) {
      const text = readFileSync(c.file, "utf8");
      const got = await page.evaluate(async ([text, id]) => {
        try {
          const { svg } = await window.mermaid.render(id, text);
          const out = document.getElementById("out");
          out.innerHTML = svg;
          const label = (el) => (el.querySelector(".nodeLabel, .label, text") || el).textContent;
          const nodes = [...out.querySelectorAll("g.node")];
          const legend = [...out.querySelectorAll("g.cluster")].find((g) => g.id.includes("legend"));
          const inLegend = (n) => legend && n.id.match(/-l\d+-/);
          const shape = (n) => n.querySelector("rect, polygon, path, circle");
          return {
            actors: nodes.filter((n) => !inLegend(n)).map(label),
            legendTitle: legend ? legend.textContent : null,
            legend: nodes.filter(inLegend).map((n) => ({ text: label(n), style: (shape(n) && shape(n).getAttribute("style")) || "" })),
            error: null,
          };
        } catch (e) {
          return { error: String(e && e.message || e) };
        }
      }, [text, `graph${i}`]);
      check(got.error === null, `${c.file}: Mermaid renders it${got.error ? ": " + got.error : ""}`);
      const shown = new Set(got.actors.map(squash));
      const absent = c.actors.filter((a) => !shown.has(squash(a)));
      check(absent.length === 0 && got.actors.length === c.actors.length,
        `${c.file}: the ${c.actors.length} actors are shown as written` + (absent.length ? `; not shown: ${JSON.stringify(absent)}, shown: ${JSON.stringify([...shown])}` : ""));
      if (c.legend.length === 0) {
        check(got.legendTitle === null && got.legend.length === 0, `${c.file}: no legend without links`);
        continue;
      }
      check(got.legendTitle !== null && got.legendTitle.includes("Relations"), `${c.file}: a Relations box`);
      const entries = got.legend.map((e) => squash(e.text));
      check(JSON.stringify(entries.slice().sort()) === JSON.stringify(c.legend.map(squash).sort()),
        `${c.file}: the legend names ${JSON.stringify(c.legend)} (got ${JSON.stringify(entries)})`);
      for (const [entry, color] of Object.entries(c.colors)) {
        const e = got.legend.find((x) => squash(x.text) === squash(entry));
        check(e && e.style.toLowerCase().includes(`stroke:${color.toLowerCase()}`),
          `${c.file}: legend entry ${entry} is outlined in ${color} (style ${e && e.style})`);
      }
    }
    check(problems.length === 0, "no page errors and no requests" + (problems.length ? ": " + problems.join("; ") : ""));
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
