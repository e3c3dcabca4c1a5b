// The live page: one tile per camera (latest overlay, health, class areas per window), fed by
// server-sent events from /events. Plain JavaScript, no build step.
"use strict";

const page = {
  labelSets: {},
  requested: [],          // cameras asked for (URL ?camera=a,b or the viewer's --camera)
  fleet: null,            // camera ids the postprocessor knows, once health has arrived
  tiles: new Map(),       // camera id → tile elements
  chartPoints: {},        // camera id → windows drawn, for tests
  delays: [],             // ms from mask published to its picture shown
  renderDelays: [],       // ms from mask published to its tile rendered on the server
};
window.segstream = page;

const params = new URLSearchParams(location.search);
if (params.get("camera")) {
  page.requested = params.get("camera").split(",").map(s => s.trim()).filter(Boolean);
}

const events = new EventSource("/events");
const connection = document.getElementById("connection");
events.onopen = () => setBadge(connection, "live", "live");
events.onerror = () => setBadge(connection, "lost", "connection lost, retrying…");

events.addEventListener("hello", e => {
  const hello = JSON.parse(e.data);
  page.labelSets = hello.labelSets;
  page.windowSeconds = hello.windowSeconds;
  if (page.requested.length === 0) {
    page.requested = hello.cameras;
  }
  page.requested.forEach(tileOf);
  if (!hello.stats) {
    showBanner("No postprocessor configured: pictures only, no health or charts.");
  }
});

events.addEventListener("tile", e => {
  const t = JSON.parse(e.data);
  if (!wanted(t.camera)) {
    return;
  }
  const tile = tileOf(t.camera);
  tile.root.classList.toggle("panorama", t.projection === "EQUIRECTANGULAR");
  tile.azimuth.hidden = t.projection !== "EQUIRECTANGULAR";
  tile.meta.textContent = `#${t.sequence} · ${t.width}×${t.height} · ${t.labelSet}`;
  setNotice(tile, t.notice);
  if (t.image) {
    keep(page.renderDelays, t.renderedMs - t.publishedMs);
    load(tile, t.image, t.publishedMs, t.sequence);
  }
  tile.labelSet = t.labelSet;
  checkUnknown();
});

events.addEventListener("health", e => {
  const fleet = JSON.parse(e.data);
  page.fleet = new Set(fleet.map(c => c.camera));
  for (const c of fleet) {
    if (!page.tiles.has(c.camera)) {
      continue;
    }
    const tile = page.tiles.get(c.camera);
    const state = c.state || "NO STATUS";
    setBadge(tile.state, state, state + (c.fps ? ` · ${c.fps.toFixed(1)} fps` : "")
      + (c.dropped ? ` · ${c.dropped} dropped` : ""));
    tile.state.title = c.lastError || "";
  }
  checkUnknown();
});

events.addEventListener("windows", e => {
  const w = JSON.parse(e.data);
  if (!page.tiles.has(w.camera)) {
    return;
  }
  const tile = page.tiles.get(w.camera);
  if (w.notice) {
    tile.caption.textContent = w.notice;
    return;
  }
  drawChart(tile, w);
});

events.addEventListener("notice", e => {
  const text = JSON.parse(e.data).text;
  text ? showBanner(text) : hideBanner();
});

function keep(list, value) {
  list.push(value);
  if (list.length > 10000) {
    list.shift();
  }
}

function wanted(camera) {
  return page.requested.length === 0 || page.requested.includes(camera);
}

function tileOf(camera) {
  if (page.tiles.has(camera)) {
    return page.tiles.get(camera);
  }
  const root = document.getElementById("tile-template").content.firstElementChild.cloneNode(true);
  root.dataset.camera = camera;
  const tile = {
    root,
    name: root.querySelector(".name"),
    state: root.querySelector(".state"),
    meta: root.querySelector(".meta"),
    img: root.querySelector("img"),
    azimuth: root.querySelector(".azimuth"),
    notice: root.querySelector(".notice"),
    chart: root.querySelector(".chart"),
    caption: root.querySelector(".chart-caption"),
    legend: root.querySelector(".legend"),
    loading: false,
    pending: null,
  };
  tile.name.textContent = camera;
  setBadge(tile.state, "", "waiting for masks");
  page.tiles.set(camera, tile);
  const all = [...page.tiles.keys()].sort();
  const main = document.getElementById("tiles");
  main.insertBefore(root, main.children[all.indexOf(camera)] || null);
  return tile;
}

// Loads the next picture off-screen and swaps it in, so the tile never flashes; while one loads,
// only the newest of the pictures announced meanwhile is kept.
function load(tile, url, publishedMs, sequence) {
  if (tile.loading) {
    tile.pending = [url, publishedMs, sequence];
    return;
  }
  tile.loading = true;
  const next = new Image();
  next.onload = () => {
    tile.img.src = next.src;
    tile.img.dataset.sequence = sequence;
    keep(page.delays, Date.now() - publishedMs);
    done();
  };
  next.onerror = () => {
    setNotice(tile, `picture ${url} could not be loaded`);
    done();
  };
  next.src = url;
  function done() {
    tile.loading = false;
    if (tile.pending) {
      const [u, p, s] = tile.pending;
      tile.pending = null;
      load(tile, u, p, s);
    }
  }
}

// Stacked areas: the mean share of the picture of each class per window, oldest on the left.
function drawChart(tile, w) {
  const canvas = tile.chart;
  const ctx = canvas.getContext("2d");
  const labels = page.labelSets[w.labelSet || tile.labelSet];
  const points = w.points;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  page.chartPoints[w.camera] = points.length;
  tile.caption.textContent = `class area per ${w.windowSeconds} s window · last ${points.length}`;
  if (points.length === 0 || !labels) {
    return;
  }
  const classes = [...new Set(points.flatMap(p => Object.keys(p.areas)))].map(Number).sort((a, b) => a - b);
  const step = points.length > 1 ? canvas.width / (points.length - 1) : canvas.width;
  const base = new Array(points.length).fill(0);
  for (const cls of classes) {
    const top = points.map((p, i) => base[i] + (p.areas[cls] || 0));
    ctx.beginPath();
    points.forEach((p, i) => ctx.lineTo(i * step, canvas.height * (1 - top[i])));
    for (let i = points.length - 1; i >= 0; i--) {
      ctx.lineTo(i * step, canvas.height * (1 - base[i]));
    }
    ctx.closePath();
    const [r, g, b] = labels.palette[cls] || [0, 0, 0];
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fill();
    top.forEach((v, i) => { base[i] = v; });
  }
  tile.legend.replaceChildren(...classes.map(cls => {
    const item = document.createElement("li");
    const swatch = document.createElement("i");
    const [r, g, b] = labels.palette[cls] || [0, 0, 0];
    swatch.style.background = `rgb(${r}, ${g}, ${b})`;
    item.append(swatch, labels.classes[cls] || `class-${cls}`);
    return item;
  }));
}

// A requested camera that neither publishes masks nor is in the fleet is unknown: say so on its tile.
function checkUnknown() {
  if (!page.fleet) {
    return;
  }
  for (const camera of page.requested) {
    const tile = tileOf(camera);
    if (!page.fleet.has(camera) && !tile.img.dataset.sequence) {
      setBadge(tile.state, "unknown", "unknown camera");
      setNotice(tile, `unknown camera "${camera}": it is not in the fleet and has published no masks`);
    }
  }
}

function setBadge(el, cls, text) {
  el.className = el.className.split(" ").filter(c => c === "badge" || c === "state").join(" ") + (cls ? " " + cls : "");
  el.textContent = text;
}

function setNotice(tile, text) {
  tile.notice.hidden = !text;
  tile.notice.textContent = text || "";
}

function showBanner(text) {
  const banner = document.getElementById("banner");
  banner.textContent = text;
  banner.hidden = false;
}

function hideBanner() {
  document.getElementById("banner").hidden = true;
}
