// sitrep web page: map (SVG from the theater's outline), day slider, filters, events, documents.
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

  function makeProjection(bbox) {
    const [w, s, e, n] = bbox;
    const k = Math.cos(((s + n) / 2) * Math.PI / 180);
    const width = 800;
    const scale = width / ((e - w) * k);
    const height = Math.max(100, Math.round((n - s) * scale));
    $("map").setAttribute("viewBox", "0 0 " + width + " " + height);
    return (lon, lat) => [+((lon - w) * k * scale).toFixed(1), +((n - lat) * scale).toFixed(1)];
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

  function eventQuery(offset) {
    const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if ($("f-actor").value) params.set("actor", $("f-actor").value);
    if ($("f-type").value) params.set("event_type", $("f-type").value);
    const q = $("f-q").value.trim();
    if (q) params.set("q", q);
    if ($("f-upto").checked) params.set("date_to", state.days[+$("day").value]);
    return "/events?" + params.toString();
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
      const link = el("a", { href: "#doc=" + encodeURIComponent(src.doc_id) + "&start=" +
        src.start + "&end=" + src.end, class: "doc-link" }, "in " + src.doc_id);
      quote.append(" ", link);
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

  // ------------------------------------------------------------------ start

  async function start() {
    const th = await getJSON("/theater");
    state.theater = th;
    $("theater-name").textContent = th.theater;
    state.project = makeProjection(th.bbox);
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
    await drawControl();
    await loadEvents(true);
    await showDocument();
  }

  document.addEventListener("DOMContentLoaded", () => {
    start().catch((e) => setStatus("error: " + e.message));
  });
})();
