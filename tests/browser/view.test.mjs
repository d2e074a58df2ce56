// Drives Debian's Chromium (no browser download) through playwright-core to
// check the interactive HTML view. Run by tests/html_browser.rs:
//
//   node view.test.mjs --seeds SEEDS.html --hostile HOSTILE.html \
//       [--fallback FALLBACK.html] [--screenshot OUT.png]
//
// CHROMIUM names the browser (default /usr/bin/chromium). Prints one line
// per check and exits 1 on the first failure.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { check, launch } from "./harness.mjs";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
if (!args.seeds || !args.hostile) {
  console.error("usage: node view.test.mjs --seeds FILE --hostile FILE [--fallback FILE] [--screenshot FILE]");
  process.exit(2);
}

// Opens a page and records console errors, page errors, dialogs and any
// request that is not the file itself.
async function open(context, file) {
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const url = pathToFileURL(resolve(file)).href;
  const problems = [];
  page.on("console", (msg) => { if (msg.type() === "error") problems.push("console error: " + msg.text()); });
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  page.on("dialog", (dialog) => { problems.push("dialog: " + dialog.message()); dialog.dismiss(); });
  page.on("request", (req) => { if (req.url() !== url) problems.push("request: " + req.url()); });
  await page.goto(url, { waitUntil: "load" });
  return { page, problems };
}

// The edges of the embedded graph data between two actors, strongest first.
async function linksBetween(page, from, to) {
  return page.evaluate(([from, to]) => {
    const data = JSON.parse(document.getElementById("graph-data").textContent);
    const id = (name) => data.actors.findIndex((a) => a.id === name);
    return data.edges
      .filter((e) => e.s === id(from) && e.o === id(to))
      .sort((x, y) => y.mentions - x.mentions)
      .map((e) => ({ svg: e.svg, relation: e.relation, mentions: e.mentions }));
  }, [from, to]);
}

// Clicks the middle of a link's line, as a person would.
async function clickLine(page, id) {
  const point = await page.evaluate((id) => {
    const path = document.querySelector(`#${id} path:not(.hit)`);
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
  }, id);
  await page.mouse.click(point.x, point.y);
}

async function seeds(context, file, screenshot) {
  const { page, problems } = await open(context, file);
  const counts = await page.evaluate(() => ({
    actors: document.querySelectorAll("g.actor").length,
    links: document.querySelectorAll("g.link").length,
    stats: document.getElementById("stats").textContent,
  }));
  check(counts.actors > 5 && counts.links > 10, `seeds view draws ${counts.actors} actors and ${counts.links} links`);
  check(/documents/.test(counts.stats), "header shows what the graph holds: " + counts.stats);

  // Click the North Korea → Russia link (on its label, as a person would).
  const links = await linksBetween(page, "North Korea", "Russia");
  check(links.length > 0, "the seeds graph has North Korea → Russia links: " + links.map((l) => l.relation).join(", "));
  await page.click(`#${links[0].svg} text`);
  await page.waitForSelector("#panel .evidence li");
  const panel = await page.evaluate(() => ({
    title: document.querySelector("#panel h2").textContent,
    sentences: [...document.querySelectorAll("#panel .evidence blockquote")].map((q) => q.textContent),
    marks: document.querySelectorAll("#panel .evidence mark").length,
  }));
  check(panel.title === "North Korea → Russia", "clicking the link opens its panel: " + panel.title);
  check(panel.sentences.length >= 1 && panel.sentences[0].length > 20,
    `the panel shows ${panel.sentences.length} evidence sentence(s): "${panel.sentences[0].slice(0, 70)}…"`);
  check(panel.marks >= 1, `mentions and predicate are marked (${panel.marks} marks)`);

  // Untick "supply": every supply link is hidden, the others stay.
  const visible = (selector) => page.evaluate((selector) => [...document.querySelectorAll(selector)]
    .filter((g) => getComputedStyle(g).display !== "none" && g.getBoundingClientRect().width > 0).length, selector);
  const supplyBefore = await visible("g.link.rel_supply");
  const othersBefore = await visible("g.link:not(.rel_supply)");
  check(supplyBefore > 0, `${supplyBefore} supply links are drawn`);
  await page.uncheck('input[data-relation="supply"]');
  check(await visible("g.link.rel_supply") === 0, "unticking supply hides every supply link");
  check(await visible("g.link:not(.rel_supply)") === othersBefore, `the other ${othersBefore} links stay`);
  await page.check('input[data-relation="supply"]');
  check(await visible("g.link.rel_supply") === supplyBefore, "ticking supply again shows them again");

  // Modality and minimum mentions filters.
  await page.uncheck('input[data-modality="hypothetical"]');
  check(await visible("g.link.mod_hypothetical") === 0, "unticking hypothetical hides the hypothetical links");
  await page.check('input[data-modality="hypothetical"]');
  await page.fill("#min-mentions", "3");
  const strong = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById("graph-data").textContent);
    return data.edges.filter((e) => e.mentions >= 3).length;
  });
  check(await visible("g.link") === strong, `min mentions 3 leaves the ${strong} links with 3 or more`);
  await page.click("#reset");
  check(await visible("g.link") === counts.links, "reset shows every link again");

  // Search by another name: Pyongyang finds North Korea and selects it.
  await page.fill("#search", "pyongyang");
  await page.waitForSelector("#search-results li");
  await page.press("#search", "Enter");
  const focus = await page.evaluate(() => ({
    title: document.querySelector("#panel h2").textContent,
    dimmed: document.querySelector("#stage svg").classList.contains("focus"),
    lit: document.querySelectorAll("#stage svg g.link.hl").length,
  }));
  check(focus.title === "North Korea", "searching 'pyongyang' selects North Korea");
  check(focus.dimmed && focus.lit > 0, `its ${focus.lit} links are highlighted and the rest dimmed`);

  // Zoom buttons change the view box.
  const before = await page.getAttribute("#stage svg", "viewBox");
  await page.click("#zoom-in");
  check(await page.getAttribute("#stage svg", "viewBox") !== before, "zooming changes the view");

  // Back to the search's view of North Korea, with the strongest link open.
  await page.click("#zoom-out");
  await clickLine(page, links[0].svg);
  await page.waitForSelector("#panel .evidence li");
  check(await page.textContent("#panel h2") === "North Korea → Russia", "clicking a link's line opens it too");
  if (screenshot) {
    await page.waitForTimeout(400); // let the dimming transition finish
    await page.screenshot({ path: screenshot });
    console.log("ok - screenshot written to " + screenshot);
  }
  check(problems.length === 0, "no console errors, page errors or requests: " + JSON.stringify(problems));
  await page.close();
}

async function hostile(context, file) {
  const { page, problems } = await open(context, file);
  const link = await page.evaluate(() => document.querySelector("g.link").id);
  await clickLine(page, link);
  await page.waitForSelector("#panel .evidence li");
  const seen = await page.evaluate(() => ({
    sentence: document.querySelector("#panel .evidence blockquote").textContent,
    title: document.querySelector("#panel h2").textContent,
    images: document.querySelectorAll("img").length,
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    scripts: document.querySelectorAll("script").length,
  }));
  check(seen.sentence.includes("</script><img src=x onerror=window.__pwned=1>"),
    "the hostile sentence shows as text: " + JSON.stringify(seen.sentence));
  check(seen.title.includes("<img src=x onerror=window.__pwned=2>"), "the hostile actor name shows as text: " + seen.title);
  check(seen.images === 0 && seen.pwned === null && seen.scripts === 2, "no element or script was injected");
  check(problems.length === 0, "no console errors, page errors, dialogs or requests: " + JSON.stringify(problems));
  await page.close();
}

async function fallback(context, file) {
  const { page, problems } = await open(context, file);
  const ids = await page.evaluate(() => ({
    actors: document.querySelectorAll("g.actor[id]").length,
    links: document.querySelectorAll("g.link[id]").length,
    data: JSON.parse(document.getElementById("graph-data").textContent),
  }));
  check(ids.actors === ids.data.actors.length && ids.links === ids.data.edges.length,
    `fallback: every actor and link has its id (${ids.actors}, ${ids.links})`);
  const link = ids.data.edges[0].svg;
  await clickLine(page, link);
  await page.waitForSelector("#panel .evidence li");
  check(true, "the layout-rs fallback view opens a link's evidence");
  await page.uncheck(`input[data-relation="${ids.data.edges[0].relation}"]`);
  check(await page.evaluate((id) => getComputedStyle(document.getElementById(id)).display, link) === "none",
    "fallback: unticking its relation hides the link");
  check(problems.length === 0, "fallback: no console errors: " + JSON.stringify(problems));
  await page.close();
}

const browser = await launch({ headless: true });
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
  await seeds(context, args.seeds, args.screenshot);
  await hostile(context, args.hostile);
  if (args.fallback) await fallback(context, args.fallback);
} catch (err) {
  console.error(err.message || err);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
