// sitrep web page: map (SVG from the theater's outline, over tiles when configured), day
// slider, filters, events, documents, downloads, the actor graph and the claims panel.
// Every piece of text from the store is put in the page with textContent or setAttribute on
// inert attributes, never as HTML, so an article's markup stays text.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#d62728", "#2ca02c", "#1f77b4", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79"];
  const UNKNOWN = "#bbbbbb";
  const PAGE = 200;
  const state = { theater: null, days: [], colours: {}, names: {}, offset: 0, total: 0,
    project: null, controlSeq: 0, eventSeq: 0 };

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail; } catch (e) { /* keep statusText */ }
      throw new Error(url + ": " + (typeof detail === "string" ? detail : JSON.stringify(detail)));
    }
    return response.json();
  }

  function setStatus(text) { $("status").textContent = text; }

  function addDays(iso, n) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function colour(actor) {
    if (!actor) return UNKNOWN;
    if (!(actor in state.colours)) {
      const used = Object.keys(state.colours).length;
      state.colours[actor] = PALETTE[used % PALETTE.length];
    }
    return state.colours[actor];
  }

  // ------------------------------------------------------------------ map

  // Web Mercator, so that map tiles (when configured) line up with the outline and towns.
  const RAD = Math.PI / 180;
  function mercY(lat) { return Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2)); }

  function makeProjection(bbox) {
    const [w, s, e, n] = bbox;
    const width = 800;
    const scale = width / ((e - w) * RAD);
    const top = mercY(n);
    const height = Math.max(100, Math.round((top - mercY(s)) * scale));
    $("map").setAttribute("viewBox", "0 0 " + width + " " + height);
    const project = (lon, lat) => [+((lon - w) * RAD * scale).toFixed(1),
      +((top - mercY(lat)) * scale).toFixed(1)];
    project.frame = { w: w, top: top, scale: scale, width: width, height: height };
    return project;
  }

  function tileUrl(template, z, x, y) {
    return template.replaceAll("{z}", String(z)).replaceAll("{x}", String(x))
      .replaceAll("{y}", String(y)).replaceAll("{s}", "a");
  }

  // Tiles under the outline; the outline stays filled (the offline look) until one loads.
  function drawTiles(template) {
    const g = $("tiles");
    g.replaceChildren();
    if (!template || !/^https?:\/\//i.test(template)) return;
    const f = state.project.frame;
    const world = 2 * Math.PI * f.scale; // the world's width in map units
    const z = Math.max(0, Math.min(18, Math.ceil(Math.log2(world / 256))));
    const n = 2 ** z;
    const size = world / n;
    const x0 = -Math.PI * f.scale - f.w * RAD * f.scale; // map x of the world's west edge
    const y0 = f.top * f.scale - Math.PI * f.scale;    // map y of the world's north edge
    const tx0 = Math.max(0, Math.floor((0 - x0) / size));
    const tx1 = Math.min(n - 1, Math.floor((f.width - x0) / size));
    const ty0 = Math.max(0, Math.floor((0 - y0) / size));
    const ty1 = Math.min(n - 1, Math.floor((f.height - y0) / size));
    for (let tx = tx0; tx <= tx1; tx++) {
      for (let ty = ty0; ty <= ty1; ty++) {
        const img = svgEl("image", { href: tileUrl(template, z, tx, ty),
          x: (x0 + tx * size).toFixed(1), y: (y0 + ty * size).toFixed(1),
          width: size.toFixed(1), height: size.toFixed(1), preserveAspectRatio: "none" });
        img.addEventListener("load", () => { $("map").classList.add("tiled"); });
        img.addEventListener("error", () => { img.remove(); });
        g.appendChild(img);
      }
    }
    const note = $("tiles-note");
    note.textContent = "Tiles: " + new URL(template.replace(/[{}]/g, "")).host;
    note.hidden = false;
  }

  function polygons(geo) {
    if (!geo) return [];
    if (geo.type === "FeatureCollection") return geo.features.flatMap((f) => polygons(f));
    if (geo.type === "Feature") return polygons(geo.geometry);
    if (geo.type === "Polygon") return [geo.coordinates];
    if (geo.type === "MultiPolygon") return geo.coordinates;
    return [];
  }

  function drawOutline(outline) {
    const g = $("outline");
    g.replaceChildren();
    let d = "";
    for (const poly of polygons(outline)) {
      for (const ring of poly) {
        d += ring.map((p, i) => (i ? "L" : "M") + state.project(p[0], p[1]).join(",")).join("") + "Z";
      }
    }
    if (d) g.appendChild(svgEl("path", { d: d }));
  }

  async function drawControl() {
    const day = state.days[+$("day").value];
    $("day-label").textContent = day;
    const seq = ++state.controlSeq;
    const fc = await getJSON("/control?date=" + encodeURIComponent(day));
    if (seq !== state.controlSeq) return; // a later slider move won
    const g = $("towns");
    g.replaceChildren();
    const holders = new Map();
    for (const f of fc.features) {
      if (!f.geometry) continue;
      const p = f.properties;
      const [x, y] = state.project(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      const c = svgEl("circle", { cx: x, cy: y, r: 6, fill: colour(p.holder),
        "data-place": p.place_id, "data-holder": p.holder || "", class: p.state });
      const title = svgEl("title");
      title.textContent = p.name + ": " + (p.holder_name || "unknown") + " (" + p.state +
        ", since " + p.since + ")";
      c.appendChild(title);
      g.appendChild(c);
      const label = svgEl("text", { x: x + 8, y: y + 3 });
      label.textContent = p.name;
      g.appendChild(label);
      holders.set(p.holder || "", p.holder_name || "unknown");
    }
    const legend = $("legend");
    legend.replaceChildren();
    for (const [id, name] of [...holders.entries()].sort((a, b) => a[1].localeCompare(b[1]))) {
      const li = el("li");
      const sw = el("span", { class: "swatch" });
      sw.style.background = colour(id || null);
      li.append(sw, document.createTextNode(name));
      legend.appendChild(li);
    }
    if ($("f-upto").checked) loadEvents(true);
  }

  // ------------------------------------------------------------------ events

  function filterParams() {
    const params = new URLSearchParams();
    if ($("f-actor").value) params.set("actor", $("f-actor").value);
    if ($("f-type").value) params.set("event_type", $("f-type").value);
    const q = $("f-q").value.trim();
    if (q) params.set("q", q);
    if ($("f-upto").checked) params.set("date_to", state.days[+$("day").value]);
    return params;
  }

  function eventQuery(offset) {
    const params = filterParams();
    params.set("limit", String(PAGE));
    params.set("offset", String(offset));
    return "/events?" + params.toString();
  }

  function updateDownloads() {
    const query = filterParams().toString();
    $("dl-csv").setAttribute("href", "/events.csv" + (query ? "?" + query : ""));
    $("dl-geojson").setAttribute("href", "/events.geojson" + (query ? "?" + query : ""));
  }

  function docLink(src, text) {
    return el("a", { href: "#doc=" + encodeURIComponent(src.doc_id) + "&start=" +
      (+src.start) + "&end=" + (+src.end), class: "doc-link" }, text);
  }

  function actorLabel(id) { return id ? (state.names[id] || id) : "?"; }

  function renderEvent(ev) {
    const li = el("li", { "data-event": ev.event_id, "data-type": ev.event_type });
    const when = ev.time ? ev.time.day : "undated";
    const where = ev.place ? ev.place.name : "unplaced";
    const who = [ev.actor1, ev.actor2].filter(Boolean).map(actorLabel).join(" vs ");
    li.appendChild(el("div", { class: "head" },
      when + " · " + ev.event_type + " (" + ev.sub_event_type + ") · " + where +
      (who ? " · " + who : "") + (ev.fatalities ? " · " + ev.fatalities + " killed" : "") +
      (ev.modality === "claimed" ? " · claimed by " + actorLabel(ev.claimed_by) : "")));
    for (const src of ev.sources) {
      const quote = el("blockquote", {}, src.quote);
      quote.append(" ", docLink(src, "in " + src.doc_id));
      li.appendChild(quote);
    }
    return li;
  }

  function drawEventMarkers(events, append) {
    const g = $("event-markers");
    if (!append) g.replaceChildren();
    for (const ev of events) {
      if (!ev.place || ev.place.lon === null || ev.place.lat === null) continue;
      const [x, y] = state.project(ev.place.lon, ev.place.lat);
      const r = svgEl("rect", { x: x - 2.5, y: y - 2.5, width: 5, height: 5,
        "data-event": ev.event_id });
      const t = svgEl("title");
      t.textContent = ev.event_type + " · " + ev.place.name;
      r.appendChild(t);
      g.appendChild(r);
    }
  }

  async function loadEvents(reset) {
    if (reset) state.offset = 0;
    updateDownloads();
    const seq = ++state.eventSeq;
    let page;
    try {
      page = await getJSON(eventQuery(state.offset));
    } catch (e) {
      setStatus(e.message);
      return;
    }
    if (seq !== state.eventSeq) return;
    const list = $("events");
    if (reset) list.replaceChildren();
    for (const ev of page.events) list.appendChild(renderEvent(ev));
    drawEventMarkers(page.events, !reset);
    state.offset += page.events.length;
    state.total = page.total;
    $("count").textContent = page.total + " events" +
      (state.offset < page.total ? " (showing " + state.offset + ")" : "");
    $("more").hidden = state.offset >= page.total;
    setStatus("ready");
  }

  // ------------------------------------------------------------------ documents

  function hashParams() {
    return new URLSearchParams(window.location.hash.replace(/^#/, ""));
  }

  async function showDocument() {
    const params = hashParams();
    const docId = params.get("doc");
    const panel = $("doc-panel");
    if (!docId) { panel.hidden = true; return; }
    let doc;
    try {
      doc = await getJSON("/documents/" + encodeURIComponent(docId));
    } catch (e) {
      setStatus(e.message);
      return;
    }
    $("doc-title").textContent = doc.title || doc.doc_id;
    const meta = $("doc-meta");
    meta.replaceChildren(document.createTextNode(
      [doc.outlet, doc.author, doc.published].filter(Boolean).join(" · ") + " "));
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      meta.appendChild(el("a", { href: doc.url, rel: "noopener noreferrer nofollow" }, doc.url));
    } else if (doc.url) {
      meta.appendChild(document.createTextNode(doc.url));
    }
    const text = doc.text;
    const start = Math.max(0, Math.min(text.length, parseInt(params.get("start") || "0", 10) || 0));
    const end = Math.max(start, Math.min(text.length, parseInt(params.get("end") || "0", 10) || 0));
    const body = $("doc-text");
    body.replaceChildren(document.createTextNode(text.slice(0, start)));
    if (end > start) {
      const mark = el("mark", { id: "quote" }, text.slice(start, end));
      body.appendChild(mark);
    }
    body.appendChild(document.createTextNode(text.slice(end)));
    const dropped = $("doc-dropped");
    dropped.replaceChildren();
    for (const d of doc.dropped) dropped.appendChild(el("li", {}, d.reason + ": " + d.text));
    panel.hidden = false;
    const mark = $("quote");
    (mark || panel).scrollIntoView({ block: "center" });
  }

  // ------------------------------------------------------------------ actor graph

  const RELATION_COLOURS = { supports: "#2ca02c", allied_with: "#1f77b4", opposes: "#d62728",
    designates_terrorist: "#9467bd", leads: "#ff7f0e", member_of: "#8c564b" };
  // A dash pattern per type as well, so the legend does not rest on colour alone.
  const RELATION_DASHES = { opposes: "6 3", designates_terrorist: "2 3", leads: "8 3 2 3",
    member_of: "4 2" };
  const GRAPH = { width: 640, height: 460, margin: 34, iterations: 300, gravity: 0.12,
    spring: 0.5 };

  function relationColour(type) { return RELATION_COLOURS[type] || "#555555"; }
  function relationName(type) { return type.replaceAll("_", " "); }

  function selectActor(id) {
    const select = $("f-actor");
    if (![...select.options].some((o) => o.value === id)) {
      select.appendChild(el("option", { value: id }, actorLabel(id)));
    }
    select.value = id;
    loadEvents(true);
  }

  // A small seeded generator (mulberry32), so that one store always gets one layout.
  function seededRandom(text) {
    let seed = 2166136261;
    for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619);
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Force-directed layout (after Fruchterman-Reingold): nearby nodes repel, linked nodes
  // are held about k apart by springs, a pull to the middle keeps separate groups close (repulsion stops at 3k, so
  // they do not drift apart); a fixed number of steps whose size cools to nothing. Returns
  // one [x, y] per id, fitted to the box.
  function forceLayout(ids, links, box) {
    const n = ids.length;
    const cx = box.width / 2;
    const cy = box.height / 2;
    if (n === 0) return [];
    if (n === 1) return [[cx, cy]];
    const random = seededRandom(ids.join("\u0000"));
    const pos = ids.map(() => [box.width * (0.25 + 0.5 * random()),
      box.height * (0.25 + 0.5 * random())]);
    const k = 0.6 * Math.sqrt((box.width * box.height) / n);
    const reach = 9 * k * k; // squared: no repulsion beyond 3k
    const start = box.width / 8;
    for (let step = 0; step < box.iterations; step++) {
      const move = pos.map(() => [0, 0]);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i][0] - pos[j][0];
          let dy = pos[i][1] - pos[j][1];
          if (dx === 0 && dy === 0) { dx = random() - 0.5; dy = random() - 0.5; }
          const d2 = Math.max(dx * dx + dy * dy, 0.01);
          if (d2 > reach) continue;
          const f = (k * k) / d2; // k^2 / d, times the unit vector (dx, dy) / d
          move[i][0] += dx * f; move[i][1] += dy * f;
          move[j][0] -= dx * f; move[j][1] -= dy * f;
        }
      }
      for (const [i, j] of links) { // a spring of rest length k (a hub does not collapse)
        const dx = pos[i][0] - pos[j][0];
        const dy = pos[i][1] - pos[j][1];
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (box.spring * (d - k)) / d; // times (dx, dy)
        move[i][0] -= dx * f; move[i][1] -= dy * f;
        move[j][0] += dx * f; move[j][1] += dy * f;
      }
      const limit = start * (1 - step / box.iterations) + 0.5;
      for (let i = 0; i < n; i++) {
        move[i][0] -= box.gravity * (pos[i][0] - cx);
        move[i][1] -= box.gravity * (pos[i][1] - cy);
        const len = Math.hypot(move[i][0], move[i][1]);
        if (len > 0) {
          const s = Math.min(len, limit) / len;
          pos[i][0] += move[i][0] * s;
          pos[i][1] += move[i][1] * s;
        }
      }
    }
    // Fit to the box, keeping the aspect ratio (room below for the labels).
    const xs = pos.map((p) => p[0]);
    const ys = pos.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const w = box.width - 2 * box.margin;
    const h = box.height - 2 * box.margin - 12;
    const scale = Math.min(w / Math.max(x1 - x0, 1e-6), h / Math.max(y1 - y0, 1e-6));
    const ox = box.margin + (w - (x1 - x0) * scale) / 2;
    const oy = box.margin + (h - (y1 - y0) * scale) / 2;
    return pos.map((p) => [ox + (p[0] - x0) * scale, oy + (p[1] - y0) * scale]);
  }

  function nodeRadius(events) { return 8 + Math.min(12, 2.5 * Math.sqrt(events || 0)); }

  // The path of an edge from node a to node b, bent by `bend` (0: straight) so that two
  // relations between one pair do not overlap; ends trimmed to the circles (arrow shows).
  function edgePath(a, b, ra, rb, bend) {
    const [x1, y1] = a;
    const [x2, y2] = b;
    const len = Math.hypot(x2 - x1, y2 - y1) || 1;
    const [nx, ny] = [-(y2 - y1) / len, (x2 - x1) / len];
    const c = [(x1 + x2) / 2 + nx * bend * 2, (y1 + y2) / 2 + ny * bend * 2];
    const toward = (p, q, r) => {
      const l = Math.hypot(q[0] - p[0], q[1] - p[1]) || 1;
      return [p[0] + ((q[0] - p[0]) * r) / l, p[1] + ((q[1] - p[1]) * r) / l];
    };
    const s = toward(a, c, ra + 1);
    const e = toward(b, c, rb + 3);
    const f = (p) => p[0].toFixed(1) + "," + p[1].toFixed(1);
    const mid = [0.25 * s[0] + 0.5 * c[0] + 0.25 * e[0], 0.25 * s[1] + 0.5 * c[1] + 0.25 * e[1]];
    return { d: "M" + f(s) + "Q" + f(c) + " " + f(e), mid: mid };
  }

  async function drawGraph() {
    const relations = await getJSON("/relations");
    const edges = new Map();
    for (const r of relations) {
      const key = r.subject + "\u0000" + r.relation + "\u0000" + r.object;
      const edge = edges.get(key) || { subject: r.subject, relation: r.relation,
        object: r.object, sources: [] };
      edge.sources.push(...r.sources);
      edges.set(key, edge);
    }
    const nodes = [...new Set([...edges.values()].flatMap((e) => [e.subject, e.object]))]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    $("graph-empty").hidden = nodes.length > 0;
    const index = new Map(nodes.map((id, i) => [id, i]));
    const pairs = new Map(); // unordered pair -> the edges between them, in order
    for (const e of edges.values()) {
      if (e.subject === e.object) continue;
      const key = [e.subject, e.object].sort().join("\u0000");
      if (!pairs.has(key)) pairs.set(key, []);
      pairs.get(key).push(e);
    }
    const links = [...pairs.keys()].map((key) => key.split("\u0000").map((id) => index.get(id)));
    const at = forceLayout(nodes, links, GRAPH);
    const counts = new Map((state.theater.actors || []).map((a) => [a.id, a.events || 0]));
    const radius = nodes.map((id) => nodeRadius(counts.get(id)));
    const gEdges = $("graph-edges");
    const gNodes = $("graph-nodes");
    gEdges.replaceChildren();
    gNodes.replaceChildren();
    const types = new Set();
    function addEdge(e, path) {
      const g = svgEl("g", { class: "edge", "data-subject": e.subject,
        "data-relation": e.relation, "data-object": e.object });
      const line = svgEl("path", { d: path.d, stroke: relationColour(e.relation),
        fill: "none", "marker-end": "url(#arrow-" + e.relation.replace(/[^a-z_]/g, "") + ")" });
      const dashes = RELATION_DASHES[e.relation];
      if (dashes) line.setAttribute("stroke-dasharray", dashes);
      const title = svgEl("title");
      title.textContent = actorLabel(e.subject) + " " + relationName(e.relation) + " " +
        actorLabel(e.object) + (e.sources.length ? ": " + e.sources[0].quote : "");
      line.appendChild(title);
      const label = svgEl("text", { x: path.mid[0].toFixed(1), y: (path.mid[1] - 3).toFixed(1),
        "text-anchor": "middle", fill: relationColour(e.relation) });
      label.textContent = relationName(e.relation);
      g.append(line, label);
      gEdges.appendChild(g);
      types.add(e.relation);
    }
    for (const group of pairs.values()) {
      group.forEach((e, n) => {
        const [i, j] = [index.get(e.subject), index.get(e.object)];
        // bend relative to the pair's sorted order, so a -> b and b -> a part ways
        const sign = e.subject < e.object ? 1 : -1;
        const bend = sign * (n - (group.length - 1) / 2) * 14;
        addEdge(e, edgePath(at[i], at[j], radius[i], radius[j], bend));
      });
    }
    for (const e of edges.values()) { // an actor related to itself: a loop above its circle
      if (e.subject !== e.object) continue;
      const i = index.get(e.subject);
      const [x, y] = at[i];
      const top = (y - radius[i]).toFixed(1);
      addEdge(e, { d: "M" + (x - 5).toFixed(1) + "," + top + "A9,9 0 1,1 " +
        (x + 5).toFixed(1) + "," + top, mid: [x, y - radius[i] - 14] });
    }
    const defs = $("graph-markers");
    defs.replaceChildren();
    for (const t of types) {
      const marker = svgEl("marker", { id: "arrow-" + t.replace(/[^a-z_]/g, ""),
        viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 4.5, markerHeight: 4.5,
        orient: "auto-start-reverse" });
      marker.appendChild(svgEl("path", { d: "M0,0L10,5L0,10z", fill: relationColour(t) }));
      defs.appendChild(marker);
    }
    nodes.forEach((id, i) => {
      const [x, y] = at[i];
      const g = svgEl("g", { class: "node", "data-actor": id,
        "data-events": counts.get(id) || 0, tabindex: 0 });
      const circle = svgEl("circle", { cx: x.toFixed(1), cy: y.toFixed(1),
        r: radius[i].toFixed(1), fill: colour(id) });
      const title = svgEl("title");
      const count = counts.get(id) || 0;
      title.textContent = actorLabel(id) + ": " + count + (count === 1 ? " event" : " events");
      circle.appendChild(title);
      g.appendChild(circle);
      const label = svgEl("text", { x: x.toFixed(1), y: (y + radius[i] + 12).toFixed(1),
        "text-anchor": "middle" });
      label.textContent = actorLabel(id);
      g.appendChild(label);
      g.addEventListener("click", () => selectActor(id));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") selectActor(id); });
      gNodes.appendChild(g);
    });
    const legend = $("graph-legend");
    legend.replaceChildren();
    for (const t of [...types].sort()) {
      const li = el("li", { "data-relation": t });
      const sw = svgEl("svg", { class: "swatch", viewBox: "0 0 24 6", width: 24, height: 6 });
      const line = svgEl("line", { x1: 0, y1: 3, x2: 24, y2: 3, stroke: relationColour(t),
        "stroke-width": 2 });
      if (RELATION_DASHES[t]) line.setAttribute("stroke-dasharray", RELATION_DASHES[t]);
      sw.appendChild(line);
      li.append(sw, document.createTextNode(relationName(t)));
      legend.appendChild(li);
    }
    if (nodes.length) {
      legend.appendChild(el("li", { class: "size-note" },
        "circle size: events naming the actor"));
    }
  }

  // ------------------------------------------------------------------ claims

  function renderClaimGroup(g) {
    const li = el("li", { class: g.disagree ? "claim-group disputed" : "claim-group",
      "data-kind": g.kind, "data-subject": g.subject });
    const where = g.place_name ? " · " + g.place_name : "";
    li.appendChild(el("div", { class: "head" }, (g.disagree ? "Disputed: " : "") + g.kind +
      " · " + g.subject_name + where + (g.day ? " · " + g.day : "")));
    if (g.why) li.appendChild(el("p", { class: "why" }, g.why));
    if (g.note) li.appendChild(el("p", { class: "note" }, g.note));
    if (g.computed && (g.computed.straight_km !== null || g.computed.road_km !== null)) {
      const parts = [];
      if (g.computed.straight_km !== null) parts.push(g.computed.straight_km + " km straight");
      if (g.computed.road_km !== null) parts.push(g.computed.road_km + " km by road");
      li.appendChild(el("p", { class: "computed" }, "Computed: " + parts.join(", ")));
    }
    const list = el("ul");
    for (const c of g.claims) {
      const item = el("li", {}, (c.said_by_name || c.said_by || "unattributed") + ": " +
        c.value + (c.day ? " (" + c.day + ")" : ""));
      if (c.source) {
        const quote = el("blockquote", {}, c.source.quote);
        quote.append(" ", docLink(c.source, "in " + c.source.doc_id));
        item.appendChild(quote);
      }
      list.appendChild(item);
    }
    li.appendChild(list);
    return li;
  }

  async function loadClaims() {
    const url = "/claims" + ($("c-disputed").checked ? "?disputed=true" : "");
    const groups = await getJSON(url);
    const list = $("claims");
    list.replaceChildren(...groups.map(renderClaimGroup));
    const disputed = groups.filter((g) => g.disagree).length;
    $("claims-count").textContent = groups.length + " claim groups, " + disputed + " disputed";
  }

  // ------------------------------------------------------------------ start

  async function start() {
    const th = await getJSON("/theater");
    state.theater = th;
    $("theater-name").textContent = th.theater;
    state.project = makeProjection(th.bbox);
    drawTiles(th.tiles);
    drawOutline(th.outline);
    for (let d = th.start; d <= th.end; d = addDays(d, 1)) state.days.push(d);
    const slider = $("day");
    slider.max = String(state.days.length - 1);
    slider.value = String(state.days.length - 1);
    for (const a of th.actors) {
      state.names[a.id] = a.name;
      if (a.events) $("f-actor").appendChild(el("option", { value: a.id }, a.name));
    }
    for (const t of Object.keys(th.event_types)) {
      $("f-type").appendChild(el("option", { value: t }, t + " (" + th.event_types[t] + ")"));
    }
    slider.addEventListener("input", () => { drawControl().catch((e) => setStatus(e.message)); });
    $("f-actor").addEventListener("change", () => loadEvents(true));
    $("f-type").addEventListener("change", () => loadEvents(true));
    $("f-upto").addEventListener("change", () => loadEvents(true));
    let timer = null;
    $("f-q").addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => loadEvents(true), 250);
    });
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); loadEvents(true); });
    $("more").addEventListener("click", () => loadEvents(false));
    $("doc-close").addEventListener("click", () => { window.location.hash = ""; });
    window.addEventListener("hashchange", showDocument);
    $("c-disputed").addEventListener("change", () => {
      loadClaims().catch((e) => setStatus(e.message));
    });
    await drawControl();
    await loadEvents(true);
    await showDocument();
    await Promise.all([drawGraph(), loadClaims()]);
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", () => {
    start().catch((e) => setStatus("error: " + e.message));
  });
})();
