// Looks at actorgraph's SVG drawings in Debian's Chromium, driven by
// playwright-core, as a reader would: fitted to a 1600 × 1000 window. Run by
// tests/drawing_browser.rs:
//
//   node drawing.test.mjs EXPECT.json
//
// EXPECT.json: [{"svg": "graph.svg", "screenshot": "out.png",
// "min_font_px": 9, "note": "text the drawing must show",
// "legend": ["entries", ...]}]. For each drawing: the browser draws it (an
// SVG that is not well-formed XML is not drawn); fitted to the window, the
// actors' names are at least min_font_px high on screen; the legend shows
// every entry; every legend entry lies below every actor (the legend is
// kept apart from the actors); the note is shown. The fitted drawing is
// saved as the screenshot. CHROMIUM names the browser. Prints one line per
// check and exits 1 on the first failure.
import { readFileSync } from "node:fs";
import { check, launch } from "./harness.mjs";

const WIDTH = 1600;
const HEIGHT = 1000;

async function main() {
  if (process.argv.length !== 3) {
    console.error("usage: node drawing.test.mjs EXPECT.json");
    process.exit(2);
  }
  const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    page.setDefaultTimeout(20000);
    for (const c of cases) {
      // The drawing inline, scaled down (never up) to fit the window, as an
      // image viewer or a browser tab showing it whole would.
      const svg = readFileSync(c.svg, "utf8").replace(/^<\?xml[^>]*>\s*/, "").replace(/<!DOCTYPE[^>]*>\s*/, "");
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
      const got = await page.evaluate(([w, h]) => {
        const root = document.querySelector("body > svg");
        if (!root) return { error: "no <svg> drawn" };
        const natural = root.getBoundingClientRect();
        const scale = Math.min(1, w / natural.width, h / natural.height);
        root.style.width = `${natural.width * scale}px`;
        root.style.height = `${natural.height * scale}px`;
        // Graphviz draws actors as g.node titled by name, the legend's
        // entries as g.node titled "legend: …"; layout-rs's drawing is a
        // nested <svg>, and the legend drawn under it a g.legend.
        const box = (el) => el.getBoundingClientRect();
        const gvNodes = [...root.querySelectorAll("g.node")];
        const title = (n) => (n.querySelector("title") || {}).textContent || "";
        const isLegend = (n) => /^_*legend: /.test(title(n));
        let actors = gvNodes.filter((n) => !isLegend(n)).map((n) => box(n));
        let legend = gvNodes.filter(isLegend).map((n) => box(n));
        let fontPx = gvNodes.filter((n) => !isLegend(n)).map((n) => n.querySelector("text")).filter(Boolean).map((t) => box(t).height);
        const legendGroup = root.querySelector("g.legend");
        if (legendGroup) {
          const inner = root.querySelector("svg");
          actors = inner ? [...inner.querySelectorAll("rect, ellipse, text")].map(box).filter((b) => b.height > 0) : [];
          legend = [...legendGroup.children].map(box);
          fontPx = inner ? [...inner.querySelectorAll("text")].map(box).map((b) => b.height).filter((x) => x > 0) : [];
        }
        const texts = [...root.querySelectorAll("text")].map((t) => t.textContent.replace(/\s+/g, " ").trim());
        const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] || 0;
        return {
          error: null,
          scale,
          natural: [natural.width, natural.height],
          fontPx: median(fontPx),
          actorsBottom: Math.max(...actors.map((b) => b.bottom)),
          legendTop: Math.min(...legend.map((b) => b.top)),
          legendCount: legend.length,
          texts,
        };
      }, [WIDTH, HEIGHT]);
      check(got.error === null, `${c.svg}: the browser draws it${got.error ? ": " + got.error : ""}`);
      console.log(`  ${c.svg}: ${got.natural.map(Math.round).join(" × ")} px, fitted at scale ${got.scale.toFixed(2)}`);
      check(got.fontPx >= c.min_font_px,
        `${c.svg}: fitted to ${WIDTH} × ${HEIGHT}, actor names are ${got.fontPx.toFixed(1)} px high (at least ${c.min_font_px})`);
      check(got.legendCount > 0 && got.legendTop >= got.actorsBottom - 0.5,
        `${c.svg}: the legend (top ${got.legendTop.toFixed(0)}) lies below every actor (bottom ${got.actorsBottom.toFixed(0)})`);
      const missing = c.legend.filter((e) => !got.texts.includes(e));
      check(missing.length === 0, `${c.svg}: the legend shows ${JSON.stringify(c.legend)}` + (missing.length ? `; missing ${JSON.stringify(missing)}` : ""));
      if (c.note) {
        check(got.texts.some((t) => t.includes(c.note)), `${c.svg}: the drawing says "${c.note}"`);
      }
      await page.screenshot({ path: c.screenshot });
      console.log(`  screenshot: ${c.screenshot}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
