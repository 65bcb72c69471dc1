"use strict";
/*
 * Parley's dashboard: the overview (#/) and a page per party (#/party/RUS). Everything it shows
 * comes from the HTTP API (/api/openapi.json describes it); live updates come over /api/stream.
 * With an API token on the server, the page asks for it once and keeps it in this browser.
 */

const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000", "#999933"];
const CHARTED = 6;          // parties on the overview chart, most statements first
const MAX_POINTS = 180;     // points per series
const DAY = 86400e3;

const state = {
  token: localStorage.getItem("parley.token"),
  view: null,               // "overview" or "party"
  code: null,               // the party shown
  parties: new Map(),       // code -> summary
  rows: new Map(),          // code -> <tr>
  charts: [],               // uPlot instances on screen
  dirty: new Set(),         // parties changed since the last refresh
  range: 90,                // days on the party chart, 0 for all
  statementsLoad: 0,        // the latest request for the statement list: only its answer is shown
};

/* ---------- helpers ---------- */

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
function quoted(text) { return /^["“'«]/.test(text) ? text : "“" + text + "”"; }
function signed(v, digits = 2) { return v === null || v === undefined ? "–" : (v >= 0 ? "+" : "") + v.toFixed(digits); }
function day(iso) { return iso ? iso.slice(0, 10) : ""; }
function link(url, text) {
  const a = el("a", text);
  if (url && /^https?:\/\//.test(url)) { a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank"; }
  return a;
}
function stanceLabel(stance) { return el("span", stance, "stance " + stance); }
function setStatus(text) { document.getElementById("status").textContent = text; }

async function api(path) {
  const headers = {Accept: "application/json"};
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const r = await fetch(path, {headers});
  if (r.status === 401) {
    askToken();
    throw new Error("this server needs an API token");
  }
  if (!r.ok) {
    let message = "HTTP " + r.status;
    try { message = (await r.json()).error || message; } catch (e) { /* not JSON */ }
    const error = new Error(message);
    error.status = r.status;
    throw error;
  }
  return r.json();
}

function askToken() {
  const form = document.getElementById("token");
  form.hidden = false;
  document.getElementById("token-input").focus();
}

document.getElementById("token").addEventListener("submit", ev => {
  ev.preventDefault();
  state.token = document.getElementById("token-input").value.trim();
  localStorage.setItem("parley.token", state.token);
  document.getElementById("token").hidden = true;
  connect();
  route();
});

/** A step that gives at most MAX_POINTS points from `from` to `to` ("6h", "2d"). */
function stepFor(from, to) {
  const hours = Math.max(1, Math.ceil((to - from) / 3600e3 / MAX_POINTS));
  return hours < 24 ? hours + "h" : Math.ceil(hours / 24) + "d";
}

async function history(code, from, to) {
  return api("/api/parties/" + encodeURIComponent(code) + "/history?from=" + from.toISOString() + "&to=" + to.toISOString()
      + "&step=" + stepFor(from, to));
}

function clearCharts() {
  state.charts.forEach(c => c.destroy());
  state.charts = [];
}

function chartWidth(box) { return Math.max(280, box.clientWidth - 16); }

window.addEventListener("resize", () => state.charts.forEach(c => {
  const box = c.root.parentElement;
  c.setSize({width: chartWidth(box), height: c.height});
}));

/* ---------- overview ---------- */

async function showOverview() {
  state.view = "overview";
  state.code = null;
  document.body.dataset.view = "overview";
  document.title = "Parley: stated openness to talks";
  const body = await api("/api/parties");
  state.parties = new Map(body.parties.map(p => [p.code, p]));
  const tbody = document.querySelector("#parties tbody");
  tbody.replaceChildren();
  state.rows.clear();
  for (const p of body.parties) {
    renderRow(p, null);
  }
  await Promise.all(body.parties.map(p => refreshTrend(p)));
  await drawOverviewChart(body.parties.slice(0, CHARTED));
  const alerts = await api("/api/alerts?limit=20");
  document.getElementById("alerts").replaceChildren(...alerts.alerts.map(renderAlert));
  setStatus(body.parties.length + " parties" + (body.incomplete.length ? " (some instances did not answer)" : "")
      + " · updated " + new Date().toLocaleTimeString());
}

function renderRow(p, trend) {
  let tr = state.rows.get(p.code);
  const tbody = document.querySelector("#parties tbody");
  if (!tr) {
    tr = el("tr");
    tr.dataset.party = p.code;
    state.rows.set(p.code, tr);
    tbody.appendChild(tr);
  }
  tr.replaceChildren();
  const name = el("th");
  name.scope = "row";
  const a = el("a", p.code);
  a.href = "#/party/" + p.code;
  name.appendChild(a);
  tr.appendChild(name);
  tr.appendChild(el("td", signed(p.index) + " ± " + p.band.toFixed(2), "num"));
  const known = trend && trend.change !== null;
  const t = el("td", !trend ? "…" : known ? trend.direction + " " + signed(trend.change) : "–", known ? "stance " + trend.direction : "");
  t.title = known ? "Change of the index over the week up to the party's latest statement" : "No statement in the week before the latest";
  tr.appendChild(t);
  tr.appendChild(el("td", String(p.statements), "num"));
  tr.appendChild(el("td", String(p.open), "num"));
  tr.appendChild(el("td", String(p.conditional), "num"));
  tr.appendChild(el("td", String(p.closed), "num"));
  const q = el("td");
  q.appendChild(el("div", p.lastText ? quoted(p.lastText) : "", "quote"));
  q.appendChild(el("div", (p.lastSpeaker || "narration") + " · " + day(p.lastStatementAt), "muted"));
  tr.appendChild(q);
  [...state.rows.values()].sort((x, y) => state.parties.get(y.dataset.party).statements - state.parties.get(x.dataset.party).statements)
      .forEach(row => tbody.appendChild(row));
}

async function refreshTrend(p) {
  const view = await api("/api/parties/" + encodeURIComponent(p.code) + "?at=" + encodeURIComponent(p.lastStatementAt));
  renderRow(p, view.trend);
}

async function drawOverviewChart(parties) {
  clearCharts();
  const box = document.getElementById("all-chart");
  box.replaceChildren();
  if (parties.length === 0) {
    box.appendChild(el("p", "No statements with a stance yet.", "muted"));
    return;
  }
  const from = new Date(Math.min(...parties.map(p => Date.parse(p.firstStatementAt))));
  const to = new Date(Math.max(...parties.map(p => Date.parse(p.lastStatementAt)), from.getTime() + DAY));
  const series = await Promise.all(parties.map(p => history(p.code, from, to)));
  const data = [series[0].points.map(pt => Date.parse(pt.to) / 1000)];
  const specs = [{}];
  const bands = [];
  series.forEach((h, i) => {
    const colour = PALETTE[i % PALETTE.length];
    data.push(h.points.map(pt => pt.index));
    data.push(h.points.map(pt => pt.index === null ? null : Math.min(1, pt.index + pt.band)));
    data.push(h.points.map(pt => pt.index === null ? null : Math.max(-1, pt.index - pt.band)));
    const at = specs.length;
    specs.push({label: h.code, stroke: colour, width: 2, spanGaps: true, value: (u, v) => signed(v)});
    specs.push({label: h.code + " band", stroke: "transparent", spanGaps: true, value: () => ""});
    specs.push({label: h.code + " band", stroke: "transparent", spanGaps: true, value: () => ""});
    bands.push({series: [at + 1, at + 2], fill: colour + "22"});
  });
  const chart = new uPlot({
    width: chartWidth(box), height: 320,
    scales: {y: {range: [-1, 1]}},
    series: specs, bands,
    axes: [{}, {values: (u, vals) => vals.map(v => v.toFixed(1))}],
    hooks: {
      // A party's band follows its line when the legend shows or hides it.
      setSeries: [(u, i, opts) => {
        if (i !== null && (i - 1) % 3 === 0 && opts.show !== undefined) {
          u.setSeries(i + 1, {show: opts.show}, false);
          u.setSeries(i + 2, {show: opts.show}, false);
        }
      }],
    },
  }, data, box);
  chart.root.querySelectorAll(".u-legend .u-series").forEach((row, i) => {
    if (i > 0 && (i - 1) % 3 !== 0) row.style.display = "none";
  });
  chart.root.querySelectorAll(".u-legend .u-series").forEach(row => row.tabIndex = 0);
  chart.root.querySelector(".u-legend").addEventListener("keydown", ev => {
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.classList.contains("u-series")) {
      ev.preventDefault();
      ev.target.click();
    }
  });
  state.charts.push(chart);
}

function renderAlert(a) {
  const li = el("li");
  li.dataset.alert = a.id;
  li.dataset.party = a.party;
  const head = el("div");
  head.appendChild(el("strong", a.kind.replaceAll("_", " ").toLowerCase()));
  head.appendChild(document.createTextNode(" · " + a.party + " · " + day(a.statementAt) + " · now "));
  head.appendChild(el("span", a.to, "stance direction " + a.to));
  li.appendChild(head);
  li.appendChild(el("div", a.message));
  li.appendChild(el("div", quoted(a.statement) + (a.speaker ? " (" + a.speaker + ")" : ""), "quote"));
  const links = el("div", null, "muted");
  const evidence = el("a", "Evidence on the " + a.party + " page");
  evidence.className = "evidence";
  evidence.href = "#/party/" + a.party + "?alert=" + encodeURIComponent(a.id);
  links.appendChild(evidence);
  if (a.url) {
    links.appendChild(document.createTextNode(" · "));
    links.appendChild(link(a.url, "source"));
  }
  li.appendChild(links);
  return li;
}

/* ---------- party page ---------- */

async function showParty(code, params) {
  state.view = "party";
  state.code = code;
  document.body.dataset.view = "party";
  document.title = "Parley: " + code;
  document.getElementById("party-title").textContent = code;
  let view;
  try {
    view = await api("/api/parties/" + encodeURIComponent(code));
  } catch (e) {
    if (e.status === 404) {
      document.getElementById("party-figures").replaceChildren(el("p", "No statements with a stance for " + code + " yet."));
      return;
    }
    throw e;
  }
  // The windows end at the party's latest statement, so an archive's party is not shown as silent today.
  view = await api("/api/parties/" + encodeURIComponent(code) + "?at=" + encodeURIComponent(view.lastStatementAt));
  state.parties.set(code, view);
  renderFigures(view);
  renderWindows(view);
  await drawPartyChart(view);
  const latest = await api("/api/statements?party=" + encodeURIComponent(code) + "&limit=500");
  const window = largestWindow(view);
  renderSpeakers(window, latest.statements);
  renderConditions(window);
  fillSpeakerFilter(view, latest.statements);
  const form = document.getElementById("filters");
  form.reset();
  let highlight = null;
  if (params.get("alert")) {
    const alerts = await api("/api/alerts?party=" + encodeURIComponent(code) + "&limit=1000");
    const alert = alerts.alerts.find(a => a.id === params.get("alert"));
    if (alert) {
      // The statement that raised the alert: the statements of its day, with it marked.
      const d = new Date(Date.parse(alert.statementAt));
      form.elements.since.value = day(d.toISOString());
      form.elements.until.value = day(new Date(d.getTime() + DAY).toISOString());
      highlight = alert.statement;
    }
  }
  state.highlight = highlight;
  await loadStatements(highlight);
}

function renderFigures(p) {
  const dl = document.getElementById("party-figures");
  dl.replaceChildren();
  const add = (term, value, cls) => {
    const d = el("div");
    d.appendChild(el("dt", term));
    d.appendChild(el("dd", value, cls));
    dl.appendChild(d);
  };
  add("Index ± band", signed(p.index) + " ± " + p.band.toFixed(2));
  add("Baseline", signed(p.baseline));
  add("Mean of all", p.direction, "stance " + p.direction);
  add("Week's trend", p.trend.change === null ? "–" : p.trend.direction + " " + signed(p.trend.change),
      p.trend.change === null ? "" : "stance " + p.trend.direction);
  add("Statements", String(p.statements));
  add("Latest", day(p.lastStatementAt));
}

function renderWindows(p) {
  const tbody = document.querySelector("#windows tbody");
  tbody.replaceChildren();
  for (const [name, w] of Object.entries(p.windows)) {
    const tr = el("tr");
    const th = el("th", name);
    th.scope = "row";
    th.title = day(w.from) + " to " + day(w.to);
    tr.appendChild(th);
    [w.statements, w.open, w.conditional, w.closed].forEach(n => tr.appendChild(el("td", String(n), "num")));
    tr.appendChild(el("td", signed(w.meanScore), "num"));
    tbody.appendChild(tr);
  }
}

/** The longest window with statements (the last one otherwise), for speakers and conditions. */
function largestWindow(p) {
  const entries = Object.entries(p.windows);
  const withStatements = entries.filter(([, w]) => w.statements > 0);
  const [name, w] = (withStatements.length ? withStatements : entries).at(-1);
  return {name, ...w};
}

/** An emptied list under a heading that names the window, with a line saying so when there is nothing to list. */
function windowList(id, window, items, empty) {
  document.getElementById(id + "-window").textContent = "(last " + window.name + ")";
  const list = document.getElementById(id);
  list.replaceChildren();
  if (items.length === 0) list.appendChild(el("li", empty, "muted"));
  return list;
}

function renderSpeakers(window, statements) {
  const list = windowList("speakers", window, window.speakers, "No statements in this window.");
  for (const s of window.speakers) {
    const li = el("li");
    li.dataset.speaker = s.speaker || "";
    const head = el("div");
    head.appendChild(el("strong", s.speaker || "Narration (no speaker)"));
    head.appendChild(document.createTextNode(" · " + s.statements + " statement" + (s.statements === 1 ? "" : "s")
        + " · mean " + signed(s.meanScore) + " · pull " + signed(s.pull)));
    li.appendChild(head);
    const theirs = statements.filter(x => (x.speaker || null) === s.speaker).slice(0, 2);
    theirs.forEach(x => {
      const q = el("div", null, "quote");
      q.appendChild(stanceLabel(x.stance));
      q.appendChild(document.createTextNode(" " + quoted(x.text) + " · " + day(x.publishedAt)));
      li.appendChild(q);
    });
    list.appendChild(li);
  }
}

function renderConditions(window) {
  const list = windowList("conditions", window, window.conditions, "No condition stated in this window.");
  for (const c of window.conditions) {
    const li = el("li");
    li.dataset.topic = c.topic;
    li.appendChild(el("strong", c.topic.replaceAll("_", " ")));
    li.appendChild(document.createTextNode(" · stated in " + c.statements + " statement" + (c.statements === 1 ? "" : "s")
        + ", last " + day(c.lastStatedAt)));
    const ev = el("ul");
    for (const e of c.evidence) {
      const item = el("li", null, "quote");
      item.appendChild(document.createTextNode(quoted(e.text) + " — " + (e.speaker || "narration") + ", " + day(e.publishedAt) + " "));
      if (e.url) item.appendChild(link(e.url, "source"));
      ev.appendChild(item);
    }
    li.appendChild(ev);
    list.appendChild(li);
  }
}

function fillSpeakerFilter(view, statements) {
  const select = document.querySelector("#filters select[name=speaker]");
  const names = new Set();
  Object.values(view.windows).forEach(w => w.speakers.forEach(s => s.speaker && names.add(s.speaker)));
  statements.forEach(s => s.speaker && names.add(s.speaker));
  select.replaceChildren(el("option", "anyone"));
  select.firstChild.value = "";
  [...names].sort().forEach(n => {
    const option = el("option", n);
    option.value = n;
    select.appendChild(option);
  });
}

async function drawPartyChart(p) {
  clearCharts();
  const box = document.getElementById("party-chart");
  box.replaceChildren();
  document.querySelectorAll("[data-range]").forEach(b => b.setAttribute("aria-pressed", String(Number(b.dataset.range) === state.range)));
  const to = new Date(Math.max(Date.parse(p.lastStatementAt), Date.parse(p.firstStatementAt) + DAY));
  const from = state.range === 0 ? new Date(p.firstStatementAt) : new Date(to.getTime() - state.range * DAY);
  const h = await history(p.code, from, to);
  const pts = h.points;
  const data = [
    pts.map(pt => Date.parse(pt.to) / 1000),
    pts.map(pt => pt.index),
    pts.map(pt => pt.index === null ? null : Math.min(1, pt.index + pt.band)),
    pts.map(pt => pt.index === null ? null : Math.max(-1, pt.index - pt.band)),
    pts.map(pt => pt.baseline),
    pts.map(pt => pt.statements),
  ];
  const chart = new uPlot({
    width: chartWidth(box), height: 300,
    scales: {y: {range: [-1, 1]}, n: {range: (u, min, max) => [0, Math.max(1, max) * 3]}},
    series: [
      {},
      {label: "index", stroke: PALETTE[0], width: 2, spanGaps: true, value: (u, v) => signed(v)},
      {label: "band high", stroke: "transparent", spanGaps: true, value: (u, v) => signed(v)},
      {label: "band low", stroke: "transparent", spanGaps: true, value: (u, v) => signed(v)},
      {label: "baseline", stroke: "#555", dash: [6, 4], width: 1.5, spanGaps: true, value: (u, v) => signed(v)},
      {label: "statements", scale: "n", stroke: "#999", fill: "rgba(150,150,150,.25)", paths: uPlot.paths.bars({size: [0.6, 8]})},
    ],
    bands: [{series: [2, 3], fill: PALETTE[0] + "26"}],
    axes: [{}, {values: (u, vals) => vals.map(v => v.toFixed(1))}, {scale: "n", side: 1, show: false}],
  }, data, box);
  state.charts.push(chart);
}

document.querySelectorAll("[data-range]").forEach(b => b.addEventListener("click", async () => {
  state.range = Number(b.dataset.range);
  if (state.code) await drawPartyChart(state.parties.get(state.code));
}));

async function loadStatements(highlight) {
  const form = document.getElementById("filters");
  const q = new URLSearchParams({party: state.code, limit: "200"});
  for (const name of ["stance", "speaker", "since", "until"]) {
    if (form.elements[name].value) q.set(name, form.elements[name].value);
  }
  // A live refresh and a view's own load can overlap; an answer that arrives after a newer request was made is dropped.
  const load = ++state.statementsLoad;
  const body = await api("/api/statements?" + q);
  if (load !== state.statementsLoad) return;
  const list = document.getElementById("statements");
  list.replaceChildren(...body.statements.map(renderStatement));
  document.getElementById("statements-count").textContent = body.statements.length + " statement"
      + (body.statements.length === 1 ? "" : "s") + (body.statements.length === 200 ? " (the latest 200)" : "");
  if (highlight) {
    const li = [...list.children].find(x => x.dataset.text === highlight);
    if (li) {
      li.classList.add("highlight");
      li.tabIndex = -1;
      li.scrollIntoView({block: "center"});
      li.focus();
    }
  }
  document.body.dataset.loaded = "true";
}

function renderStatement(s) {
  const li = el("li");
  li.dataset.id = s.id;
  li.dataset.stance = s.stance;
  li.dataset.speaker = s.speaker || "";
  li.dataset.text = s.text;
  const head = el("div");
  head.appendChild(stanceLabel(s.stance));
  head.appendChild(document.createTextNode(" " + signed(s.score)
      + (s.confidence !== null ? " · model " + Math.round(s.confidence * 100) + "%" : " · rules")
      + " · " + (s.speaker ? s.speaker + (s.speakerRole ? " (" + s.speakerRole.replaceAll("_", " ") + ")" : "") : "narration")
      + " · " + day(s.publishedAt)));
  li.appendChild(head);
  li.appendChild(el("div", quoted(s.text), "quote"));
  if (s.cues.length) {
    const cues = el("div", null, "cues");
    cues.appendChild(document.createTextNode("cues: "));
    s.cues.forEach(c => cues.appendChild(el("span", c)));
    li.appendChild(cues);
  }
  const src = el("div", null, "muted");
  src.appendChild(document.createTextNode(s.mentions.length > 1 ? s.mentions.length + " outlets: " : "source: "));
  s.mentions.forEach((m, i) => {
    if (i) src.appendChild(document.createTextNode(", "));
    src.appendChild(link(m.url, m.source || m.url));
  });
  li.appendChild(src);
  return li;
}

document.getElementById("filters").addEventListener("submit", ev => {
  ev.preventDefault();
  loadStatements(null).catch(showError);
});
document.getElementById("filters").addEventListener("reset", () => setTimeout(() => loadStatements(null).catch(showError)));

/* ---------- routing and live updates ---------- */

function showError(e) {
  setStatus("Could not load: " + e.message + " (retrying)");
}

async function route() {
  const m = (location.hash || "#/").match(/^#\/party\/([A-Za-z_-]{2,12})(?:\?(.*))?$/);
  document.getElementById("overview").hidden = Boolean(m);
  document.getElementById("party").hidden = !m;
  delete document.body.dataset.loaded;
  try {
    if (m) {
      await showParty(m[1].toUpperCase(), new URLSearchParams(m[2] || ""));
    } else {
      await showOverview();
    }
    document.body.dataset.loaded = "true";
  } catch (e) {
    showError(e);
    if (!/token/.test(e.message)) setTimeout(route, 3000);
  }
}

let source = null;

function connect() {
  if (source) source.close();
  const status = document.getElementById("status");
  source = new EventSource("/api/stream" + (state.token ? "?access_token=" + encodeURIComponent(state.token) : ""));
  source.onopen = () => status.classList.add("live");
  source.onerror = () => status.classList.remove("live");
  source.addEventListener("snapshot", ev => {
    const p = JSON.parse(ev.data);
    if (state.view === "overview") {
      state.parties.set(p.code, p);
      renderRow(p, null);
      const tr = state.rows.get(p.code);
      tr.classList.add("flash");
      setTimeout(() => tr.classList.remove("flash"), 1500);
    }
    state.dirty.add(p.code);
  });
  source.addEventListener("alert", ev => {
    if (state.view === "overview") {
      const list = document.getElementById("alerts");
      list.prepend(renderAlert(JSON.parse(ev.data)));
      while (list.children.length > 20) list.lastChild.remove();
    }
  });
}

// What needs more requests than the event carries (trends, charts, statements) is refreshed at most every few seconds.
setInterval(async () => {
  if (state.dirty.size === 0) return;
  const changed = [...state.dirty];
  state.dirty.clear();
  try {
    if (state.view === "overview") {
      await Promise.all(changed.map(code => refreshTrend(state.parties.get(code))));
      await drawOverviewChart([...state.parties.values()].sort((a, b) => b.statements - a.statements).slice(0, CHARTED));
      setStatus(state.parties.size + " parties · updated " + new Date().toLocaleTimeString());
    } else if (state.view === "party" && changed.includes(state.code)) {
      const fresh = await api("/api/parties/" + encodeURIComponent(state.code));
      const current = await api("/api/parties/" + encodeURIComponent(state.code) + "?at=" + encodeURIComponent(fresh.lastStatementAt));
      state.parties.set(state.code, current);
      renderFigures(current);
      renderWindows(current);
      await drawPartyChart(current);
      // A live refresh keeps the statement an alert led to marked.
      await loadStatements(state.highlight);
      setStatus(state.code + " · updated " + new Date().toLocaleTimeString());
    }
  } catch (e) {
    showError(e);
  }
}, 2000);

window.addEventListener("hashchange", () => {
  route();
  document.getElementById("main").focus({preventScroll: true});
});
connect();
route();
