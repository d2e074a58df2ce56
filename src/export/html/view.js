// actorgraph interactive view. Graphviz did the layout; this adds pan and
// zoom, search, filters and the side panel. The graph data comes from the
// JSON block; every text from it goes into the page with textContent (see
// `el`), never as markup.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const meta = data.meta;
  const stage = document.getElementById("stage");
  const svg = stage.querySelector("svg");
  const panel = document.getElementById("panel");

  // ---- Building DOM from data: text only ----------------------------------

  // el("li", {class: "x"}, "text", otherNode): attributes set one by one,
  // strings added as text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "style") Object.assign(node.style, value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }

  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
  const relationInfo = new Map(data.relations.map((r) => [r.id, r]));
  const colorOf = (relation) => (relationInfo.get(relation) || { color: "#333333" }).color;

  // ---- Index the drawing ----------------------------------------------------

  const actors = data.actors;
  const edges = data.edges;
  actors.forEach((a, i) => {
    a.index = i;
    a.el = document.getElementById(a.svg);
    a.out = [];
    a.in = [];
  });
  edges.forEach((e, i) => {
    e.index = i;
    e.el = document.getElementById(e.svg);
    actors[e.s].out.push(e);
    actors[e.o].in.push(e);
  });

  if (meta.layout === "layout-rs") adoptFallbackLabels();

  // layout-rs draws labels next to, not inside, the groups that carry the
  // ids: move each label into its actor's or link's group.
  function adoptFallbackLabels() {
    svg.classList.add("fallback");
    for (const group of svg.querySelectorAll("g.actor")) {
      let next = group.nextElementSibling;
      while (next && next.tagName === "text" && !next.querySelector("textPath")) {
        const label = next;
        next = next.nextElementSibling;
        group.append(label);
      }
    }
    for (const path of svg.querySelectorAll("textPath")) {
      const ref = path.getAttribute("href") || "";
      const target = ref.startsWith("#") ? document.getElementById(ref.slice(1)) : null;
      const group = target && target.closest("g.link");
      if (group) group.append(path.parentNode);
    }
  }

  // Wide transparent strokes under each link, so that thin lines are easy
  // to click.
  for (const e of edges) {
    if (!e.el) continue;
    const line = e.el.querySelector("path");
    if (!line) continue;
    const hit = line.cloneNode(false);
    hit.removeAttribute("id");
    hit.removeAttribute("stroke-dasharray");
    hit.removeAttribute("marker-end");
    hit.setAttribute("class", "hit");
    line.parentNode.insertBefore(hit, line);
  }

  // ---- Header -----------------------------------------------------------------

  function header() {
    if (meta.title) document.getElementById("graph-title").textContent = meta.title;
    const dates = meta.first_date
      ? meta.first_date === meta.last_date ? meta.first_date : meta.first_date + " – " + meta.last_date
      : "no dates";
    const stats = [
      [meta.documents, meta.documents === 1 ? "document" : "documents"],
      [meta.actors, meta.actors === 1 ? "actor" : "actors"],
      [meta.edges, meta.edges === 1 ? "link" : "links"],
      [meta.mentions, meta.mentions === 1 ? "mention" : "mentions"],
    ];
    const list = document.getElementById("stats");
    for (const [n, what] of stats) list.append(el("li", {}, el("b", {}, n), el("span", {}, what)));
    list.append(el("li", {}, el("b", {}, dates), el("span", {}, meta.first_date ? "" : "in the evidence")));
    const info = document.getElementById("schema-info");
    info.append(el("div", {}, meta.schema_recorded
      ? "schema: " + meta.schema_recorded
      : "schema: not recorded in the graph file"));
    info.append(el("div", {}, (meta.schema_used ? "view styled with the " + meta.schema_used + " · " : "") +
      plural(meta.rules, "rule") + " fired · layout: " + meta.layout));
  }

  // ---- Filters ------------------------------------------------------------------

  const state = {
    relations: new Set(data.relations.map((r) => r.id)),
    modalities: new Set(data.modalities.map((m) => m.id)),
    min: 1,
    from: "",
    to: "",
    selected: null, // {type: "actor" | "edge", index}
  };

  const allDates = edges.flatMap((e) => e.evidence.map((ev) => ev.date).filter(Boolean)).sort();
  const maxMentions = edges.reduce((m, e) => Math.max(m, e.mentions), 1);

  function buildFilters() {
    const relList = document.getElementById("relation-filters");
    for (const r of data.relations) {
      const links = edges.filter((e) => e.relation === r.id);
      const mentions = links.reduce((n, e) => n + e.mentions, 0);
      const title = [r.verb, r.description].filter(Boolean).join(": ");
      relList.append(
        el("li", { title: title || null },
          el("label", {},
            el("input", { type: "checkbox", checked: true, "data-relation": r.id, onchange: onRelation }),
            el("span", { class: "swatch", style: { borderTopColor: r.color } }),
            el("span", { class: "name" }, r.id),
            el("span", { class: "count", title: plural(links.length, "link") + ", " + plural(mentions, "mention") },
              String(links.length) + " · " + mentions))));
    }
    const modList = document.getElementById("modality-filters");
    for (const m of data.modalities) {
      const links = edges.filter((e) => e.modality === m.id);
      modList.append(
        el("li", { class: links.length ? null : "empty" },
          el("label", {},
            el("input", { type: "checkbox", checked: true, "data-modality": m.id, onchange: onModality }),
            el("span", { class: "swatch", style: { borderTopStyle: m.line, borderTopColor: "#56606b" } }),
            el("span", { class: "name" }, m.id),
            el("span", { class: "count" }, String(links.length)))));
    }
    const min = document.getElementById("min-mentions");
    min.max = String(maxMentions);
    min.disabled = maxMentions <= 1;
    min.addEventListener("input", () => {
      state.min = Number(min.value) || 1;
      document.getElementById("min-mentions-value").textContent = String(state.min);
      apply();
    });
    const from = document.getElementById("date-from");
    const to = document.getElementById("date-to");
    if (allDates.length) {
      for (const input of [from, to]) {
        input.min = allDates[0].slice(0, 10);
        input.max = allDates[allDates.length - 1].slice(0, 10);
      }
      document.getElementById("date-note").textContent =
        "Evidence without a date is left out while a date is set.";
    } else {
      from.disabled = to.disabled = true;
      document.querySelector(".dates").hidden = true;
      document.getElementById("date-note").textContent = "The evidence carries no dates.";
    }
    from.addEventListener("change", () => { state.from = from.value; apply(); });
    to.addEventListener("change", () => { state.to = to.value; apply(); });
    document.getElementById("rel-all").addEventListener("click", () => setAllRelations(true));
    document.getElementById("rel-none").addEventListener("click", () => setAllRelations(false));
    document.getElementById("reset").addEventListener("click", resetFilters);
  }

  function onRelation(ev) {
    const id = ev.target.getAttribute("data-relation");
    if (ev.target.checked) state.relations.add(id);
    else state.relations.delete(id);
    apply();
  }

  function onModality(ev) {
    const id = ev.target.getAttribute("data-modality");
    if (ev.target.checked) state.modalities.add(id);
    else state.modalities.delete(id);
    apply();
  }

  function setAllRelations(on) {
    for (const box of document.querySelectorAll("input[data-relation]")) {
      box.checked = on;
      const id = box.getAttribute("data-relation");
      if (on) state.relations.add(id);
      else state.relations.delete(id);
    }
    apply();
  }

  function resetFilters() {
    for (const box of document.querySelectorAll("input[data-relation], input[data-modality]")) box.checked = true;
    state.relations = new Set(data.relations.map((r) => r.id));
    state.modalities = new Set(data.modalities.map((m) => m.id));
    state.min = 1;
    state.from = state.to = "";
    document.getElementById("min-mentions").value = "1";
    document.getElementById("min-mentions-value").textContent = "1";
    document.getElementById("date-from").value = "";
    document.getElementById("date-to").value = "";
    apply();
  }

  // The evidence of a link that passes the date range. As on the command
  // line, evidence without a date is left out when a date is given.
  function passing(e) {
    if (!state.from && !state.to) return e.evidence;
    return e.evidence.filter((ev) => {
      if (!ev.date) return false;
      const day = ev.date.slice(0, 10);
      return (!state.from || day >= state.from) && (!state.to || day <= state.to);
    });
  }

  function apply() {
    let shownLinks = 0;
    for (const e of edges) {
      e.count = passing(e).length;
      e.shown = state.relations.has(e.relation) && state.modalities.has(e.modality) &&
        e.count > 0 && e.count >= state.min;
      if (e.shown) shownLinks++;
      if (e.el) e.el.classList.toggle("off", !e.shown);
    }
    let shownActors = 0;
    for (const a of actors) {
      const linked = a.out.length + a.in.length > 0;
      a.shown = !linked || a.out.some((e) => e.shown) || a.in.some((e) => e.shown);
      if (a.shown) shownActors++;
      if (a.el) a.el.classList.toggle("off", !a.shown);
    }
    document.getElementById("shown").textContent =
      "Showing " + shownLinks + " of " + plural(edges.length, "link") + " and " +
      shownActors + " of " + plural(actors.length, "actor") + ".";
    highlight();
    renderPanel();
  }

  // ---- Selection and highlight ------------------------------------------------

  function select(selection) {
    state.selected = selection;
    highlight();
    renderPanel();
  }

  function highlight() {
    for (const node of svg.querySelectorAll(".hl, .sel")) node.classList.remove("hl", "sel");
    const sel = state.selected;
    svg.classList.toggle("focus", !!sel);
    if (!sel) return;
    const mark = (item, cls) => item && item.el && item.el.classList.add(...cls);
    if (sel.type === "actor") {
      const a = actors[sel.index];
      mark(a, ["hl", "sel"]);
      for (const e of a.out.concat(a.in)) {
        if (!e.shown) continue;
        mark(e, ["hl"]);
        mark(actors[e.s], ["hl"]);
        mark(actors[e.o], ["hl"]);
      }
    } else {
      const e = edges[sel.index];
      mark(e, ["hl", "sel"]);
      mark(actors[e.s], ["hl"]);
      mark(actors[e.o], ["hl"]);
    }
  }

  // ---- Side panel -----------------------------------------------------------------

  function renderPanel() {
    const sel = state.selected;
    const content = !sel ? overview() : sel.type === "actor" ? actorPanel(actors[sel.index]) : edgePanel(edges[sel.index]);
    panel.replaceChildren(...content.filter(Boolean));
    panel.scrollTop = 0;
  }

  function relationTag(relation) {
    return el("span", { class: "tag rel", style: { background: colorOf(relation) } }, relation);
  }

  function modalityTag(modality) {
    return modality === "asserted" ? null : el("span", { class: "tag mod-" + modality }, modality);
  }

  function linkButton(e, label) {
    const count = e.count === e.mentions ? "×" + e.mentions : "×" + e.count + " of " + e.mentions;
    return el("li", {},
      el("button", { type: "button", "data-link": e.svg, onclick: () => select({ type: "edge", index: e.index }) },
        relationTag(e.relation), el("span", { class: "who" }, label), modalityTag(e.modality),
        el("span", { class: "n" }, count)));
  }

  const byStrength = (x, y) => y.count - x.count || x.relation.localeCompare(y.relation);

  function overview() {
    const top = actors.filter((a) => a.shown).sort((x, y) => y.mentions - x.mentions).slice(0, 10);
    const strongest = edges.filter((e) => e.shown).sort(byStrength).slice(0, 10);
    return [
      el("h2", {}, "Who does what to whom"),
      el("p", { class: "sub" },
        "Click an actor to see its links, or a link to read the sentences behind it. " +
        "Search finds an actor by any of its names. Filters on the left apply at once."),
      el("h3", {}, "Most mentioned actors"),
      el("ul", { class: "link-list" }, top.map((a) =>
        el("li", {}, el("button", { type: "button", onclick: () => focusActor(a.index) },
          el("span", { class: "who" }, a.id), el("span", { class: "n" }, plural(a.mentions, "mention")))))),
      el("h3", {}, "Strongest links"),
      el("ul", { class: "link-list" }, strongest.map((e) => linkButton(e, actors[e.s].id + " → " + actors[e.o].id))),
    ];
  }

  function actorPanel(a) {
    const out = a.out.filter((e) => e.shown).sort(byStrength);
    const inc = a.in.filter((e) => e.shown).sort(byStrength);
    const hidden = a.out.length + a.in.length - out.length - inc.length;
    const perRelation = new Map();
    for (const e of out.concat(inc)) perRelation.set(e.relation, (perRelation.get(e.relation) || 0) + e.count);
    const written = a.written.map(([text, n]) => text + " (" + n + ")").join(", ");
    const parts = [
      el("h2", {}, a.id),
      el("p", {}, el("span", { class: "tag" }, a.kind), " ", el("span", { class: "sub" }, plural(a.mentions, "mention"))),
      written ? el("p", { class: "sub" }, "Written as: " + written) : null,
      a.shown ? null : el("p", { class: "note" }, "Hidden by the current filters."),
      el("h3", {}, "Relations"),
      perRelation.size
        ? el("div", { class: "chips" }, [...perRelation].map(([r, n]) =>
          el("span", { class: "tag rel", style: { background: colorOf(r) } }, r + " ×" + n)))
        : el("p", { class: "sub" }, "No links pass the filters."),
    ];
    if (out.length) {
      parts.push(el("h3", {}, a.id + " → …  (" + out.length + ")"));
      parts.push(el("ul", { class: "link-list" }, out.map((e) => linkButton(e, "→ " + actors[e.o].id))));
    }
    if (inc.length) {
      parts.push(el("h3", {}, "… → " + a.id + "  (" + inc.length + ")"));
      parts.push(el("ul", { class: "link-list" }, inc.map((e) => linkButton(e, actors[e.s].id + " →"))));
    }
    if (hidden) parts.push(el("p", { class: "note" }, plural(hidden, "more link") + " hidden by the filters."));
    return parts;
  }

  function edgePanel(e) {
    const subject = actors[e.s];
    const object = actors[e.o];
    const evidence = passing(e);
    const info = relationInfo.get(e.relation) || {};
    const dates = e.first ? (e.first === e.last ? e.first : e.first + " – " + e.last) : null;
    return [
      el("h2", {}, subject.id + " → " + object.id),
      el("p", {}, relationTag(e.relation), modalityTag(e.modality),
        el("span", { class: "sub" }, plural(e.mentions, "mention") + (dates ? " · " + dates : ""))),
      info.description ? el("p", { class: "sub" }, info.description) : null,
      e.shown ? null : el("p", { class: "note" }, "This link is hidden by the current filters."),
      el("div", { class: "nav" },
        el("button", { type: "button", onclick: () => focusActor(subject.index) }, "← " + subject.id),
        el("button", { type: "button", onclick: () => focusActor(object.index) }, object.id + " →")),
      el("h3", {}, "Evidence" + (evidence.length === e.evidence.length ? "" : " (" + evidence.length + " of " + e.evidence.length + " in the date range)")),
      el("div", { class: "key" },
        el("mark", { class: "subject" }, "subject"), el("mark", { class: "predicate" }, "predicate"),
        el("mark", { class: "object" }, "object")),
      el("ol", { class: "evidence" }, evidence.map((ev) =>
        el("li", {},
          el("blockquote", {}, marked(ev)),
          el("div", { class: "meta" },
            el("span", {}, "doc " + ev.doc), el("span", {}, "sentence " + ev.sentence),
            ev.date ? el("span", {}, ev.date) : null, el("span", {}, "rule " + ev.rule))))),
    ];
  }

  // The sentence with the actor mentions and the predicate marked, found by
  // substring search: whole words first, then any case; the predicate
  // preferably between the two mentions; overlapping finds dropped.
  function marked(ev) {
    const text = ev.text;
    const lower = text.toLowerCase();
    const sameLength = lower.length === text.length;
    const isWordChar = (i) => i >= 0 && i < text.length && /[\p{L}\p{N}]/u.test(text[i]);
    const occurrences = (needle) => {
      const found = [];
      for (const [hay, n] of sameLength ? [[text, needle], [lower, needle.toLowerCase()]] : [[text, needle]]) {
        for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + 1)) {
          if (!found.some((f) => f.start === at)) found.push({ start: at, end: at + n.length });
        }
      }
      const whole = found.filter((f) => !isWordChar(f.start - 1) && !isWordChar(f.end));
      return whole.length ? whole : found;
    };
    const taken = [];
    const free = (f) => !taken.some((t) => f.start < t.end && f.end > t.start);
    const take = (needle, cls, prefer) => {
      if (!needle) return null;
      const candidates = occurrences(needle).filter(free);
      const pick = candidates.find(prefer || (() => true)) || candidates[0];
      if (pick) taken.push({ ...pick, cls });
      return pick;
    };
    const subject = take(ev.subject, "subject");
    const object = take(ev.object, "object");
    const from = Math.min(subject ? subject.end : 0, object ? object.end : 0);
    const to = Math.max(subject ? subject.start : text.length, object ? object.start : text.length);
    take(ev.predicate, "predicate", (f) => f.start >= from && f.end <= to);
    taken.sort((x, y) => x.start - y.start);
    const out = [];
    let pos = 0;
    for (const f of taken) {
      out.push(text.slice(pos, f.start), el("mark", { class: f.cls, title: f.cls }, text.slice(f.start, f.end)));
      pos = f.end;
    }
    out.push(text.slice(pos));
    return out.filter((part) => part !== "");
  }

  // ---- Pan and zoom ---------------------------------------------------------------

  const base = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width
    ? svg.viewBox.baseVal
    : { x: 0, y: 0, width: svg.getBBox().width || 100, height: svg.getBBox().height || 100 };
  const home = { x: base.x, y: base.y, w: base.width, h: base.height };
  const view = { ...home };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

  function setView(v) {
    const w = Math.min(Math.max(v.w, home.w / 40), home.w * 4);
    const h = w * (v.h / v.w);
    const cx = v.x + v.w / 2;
    const cy = v.y + v.h / 2;
    Object.assign(view, { x: cx - w / 2, y: cy - h / 2, w, h });
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
  }

  function toSvg(clientX, clientY, inverse) {
    const point = svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    return point.matrixTransform(inverse || svg.getScreenCTM().inverse());
  }

  function zoomAt(clientX, clientY, factor) {
    const p = toSvg(clientX, clientY);
    const w = Math.min(Math.max(view.w * factor, home.w / 40), home.w * 4);
    const f = w / view.w;
    setView({ x: p.x - (p.x - view.x) * f, y: p.y - (p.y - view.y) * f, w: view.w * f, h: view.h * f });
  }

  function zoomCenter(factor) {
    const r = stage.getBoundingClientRect();
    zoomAt(r.left + r.width / 2, r.top + r.height / 2, factor);
  }

  function fit() {
    setView(home);
  }

  // Centres the drawing on an element, zooming in if the whole graph is shown.
  function centerOn(node) {
    const box = node.getBoundingClientRect();
    if (!box.width && !box.height) return;
    const p = toSvg(box.left + box.width / 2, box.top + box.height / 2);
    const w = Math.min(view.w, Math.max(home.w / 2.2, 600));
    const h = w * (view.h / view.w);
    setView({ x: p.x - w / 2, y: p.y - h / 2, w, h });
  }

  stage.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const delta = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
    zoomAt(ev.clientX, ev.clientY, Math.exp(delta * 0.0015));
  }, { passive: false });

  let drag = null;
  let suppressClick = false;
  stage.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0 || ev.target.closest("button")) return;
    drag = { id: ev.pointerId, x: ev.clientX, y: ev.clientY, view: { ...view }, inverse: svg.getScreenCTM().inverse(), moved: false };
  });
  stage.addEventListener("pointermove", (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    if (!drag.moved && Math.hypot(ev.clientX - drag.x, ev.clientY - drag.y) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      stage.classList.add("grabbing");
      stage.setPointerCapture(ev.pointerId);
    }
    const p0 = toSvg(drag.x, drag.y, drag.inverse);
    const p1 = toSvg(ev.clientX, ev.clientY, drag.inverse);
    setView({ ...drag.view, x: drag.view.x - (p1.x - p0.x), y: drag.view.y - (p1.y - p0.y) });
  });
  const endDrag = (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    if (drag.moved) {
      suppressClick = true;
      setTimeout(() => { suppressClick = false; }, 0);
    }
    stage.classList.remove("grabbing");
    drag = null;
  };
  stage.addEventListener("pointerup", endDrag);
  stage.addEventListener("pointercancel", endDrag);

  svg.addEventListener("click", (ev) => {
    if (suppressClick) return;
    const target = ev.target.closest("g.actor, g.link");
    if (!target) return select(null);
    const actor = actors.find((a) => a.el === target);
    if (actor) return select({ type: "actor", index: actor.index });
    const link = edges.find((e) => e.el === target);
    if (link) select({ type: "edge", index: link.index });
  });

  document.getElementById("zoom-in").addEventListener("click", () => zoomCenter(1 / 1.4));
  document.getElementById("zoom-out").addEventListener("click", () => zoomCenter(1.4));
  document.getElementById("zoom-fit").addEventListener("click", fit);

  // ---- Search -------------------------------------------------------------------------

  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[’‘`]/g, "'").replace(/\s+/g, " ").trim().replace(/^the /, "");
  const searchIndex = actors.flatMap((a) => a.names.map((name) => ({ name, key: fold(name), actor: a })));
  const searchBox = document.getElementById("search");
  const results = document.getElementById("search-results");
  let matches = [];
  let active = 0;

  function runSearch() {
    const q = fold(searchBox.value);
    matches = [];
    if (q) {
      const best = new Map();
      for (const entry of searchIndex) {
        const at = entry.key.indexOf(q);
        if (at < 0) continue;
        const score = (entry.key === q ? 0 : at === 0 ? 1 : 2) * 1000 + entry.key.length;
        const prev = best.get(entry.actor);
        if (!prev || score < prev.score) best.set(entry.actor, { ...entry, score });
      }
      matches = [...best.values()].sort((x, y) => x.score - y.score || y.actor.mentions - x.actor.mentions).slice(0, 8);
    }
    active = 0;
    showResults();
  }

  function showResults() {
    results.replaceChildren(...matches.map((m, i) =>
      el("li", { role: "option", class: i === active ? "active" : null,
        onmousedown: (ev) => { ev.preventDefault(); choose(m); } },
        el("span", {}, m.name), m.name === m.actor.id ? null : el("span", { class: "to" }, "→ " + m.actor.id))));
  }

  function choose(match) {
    searchBox.value = match.actor.id;
    matches = [];
    showResults();
    focusActor(match.actor.index);
  }

  function focusActor(index) {
    select({ type: "actor", index });
    const a = actors[index];
    if (a.el && a.shown) centerOn(a.el);
  }

  searchBox.addEventListener("input", runSearch);
  searchBox.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!matches.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      showResults();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!matches.length) runSearch();
      if (matches.length) choose(matches[active]);
    } else if (ev.key === "Escape") {
      searchBox.value = "";
      runSearch();
    }
  });
  searchBox.addEventListener("blur", () => setTimeout(() => { matches = []; showResults(); }, 100));

  document.addEventListener("keydown", (ev) => {
    if (ev.target instanceof HTMLInputElement) return;
    if (ev.key === "/") { ev.preventDefault(); searchBox.focus(); }
    else if (ev.key === "Escape") select(null);
    else if (ev.key === "+" || ev.key === "=") zoomCenter(1 / 1.4);
    else if (ev.key === "-") zoomCenter(1.4);
    else if (ev.key === "0") fit();
  });

  // ---- Start ---------------------------------------------------------------------------

  header();
  buildFilters();
  setView(home);
  apply();
})();
