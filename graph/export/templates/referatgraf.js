/* referatgraf explorer: draws the precomputed layout with sigma.js (WebGL) and wires up search,
   neighbourhoods, paths, the date filter, deep links and exports. Every text from the minutes
   goes on screen through textContent (or canvas fillText), never as markup. */
(function () {
  "use strict";
  var T0 = performance.now();
  var D = JSON.parse(document.getElementById("rg-data").textContent);
  (function () {  // ids come front-coded: [length shared with the previous id, the rest, ...]
    var fc = D.ids, ids = new Array(fc.length / 2), prev = "";
    for (var j = 0; j < fc.length; j += 2) { prev = prev.slice(0, fc[j]) + fc[j + 1]; ids[j / 2] = prev; }
    D.ids = ids;
  })();
  var N = D.ids.length, NE = D.edges.length / 3, CH = D.chunk;
  /* Where WebGL is drawn by the CPU (no GPU, or headless Chromium), far fewer nodes draw smoothly. */
  var glRenderer = (function () {
    try {
      var gl = document.createElement("canvas").getContext("webgl");
      var ext = gl && gl.getExtension("WEBGL_debug_renderer_info");
      var name = ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : "";
      var lose = gl && gl.getExtension("WEBGL_lose_context");
      if (lose) lose.loseContext();  // a probe only: give the context back
      return name;
    } catch (e) { return ""; }
  })();
  var softwareGL = /swiftshader|llvmpipe|software/i.test(glRenderer);
  if (softwareGL) { D.drawLimit = D.softwareDrawLimit; D.overviewBudget = D.softwareOverviewBudget; D.edgeBudget = D.softwareEdgeBudget; }
  var rg = {
    data: D, glRenderer: glRenderer, softwareGL: softwareGL, ready: false, stabilized: false, firstFrame: null,
    selected: -1, hops: 1, only: false, path: null, pathFrom: -1, pathError: "",
    dateFrom: "", dateTo: "", hiddenTypes: {}, focusSet: null, overview: N > D.drawLimit || NE > D.edgeBudget
  };
  window.referatgraf = rg;

  // ---------------------------------------------------------------- helpers
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function setStatus(text) { $("rg-status").textContent = text; }
  var typeOf = D.t, types = D.types;
  function typeName(i) { return types[typeOf[i]].type; }
  function iri(i) { return D.base + D.ids[i]; }
  var idIndex = null;
  rg.indexOf = function (id) {
    if (!idIndex) { idIndex = new Map(); for (var i = 0; i < N; i++) idIndex.set(D.ids[i], i); }
    if (D.base && id.indexOf(D.base) === 0) id = id.slice(D.base.length);
    var i = idIndex.get(id);
    return i === undefined ? -1 : i;
  };
  rg.iri = iri;
  /* The label on the canvas and in lists: near-identical labels (every meeting's "Punkt 1:
     Godkendelse af dagsorden") are told apart by their meeting's date. */
  function displayLabel(i) {
    var l = D.labels[i], d = D.dates[i], t = typeName(i);
    if (d && t !== "Meeting" && t !== "Case" && l.indexOf(d) < 0) l += " · " + d;
    return l;
  }
  rg.displayLabel = displayLabel;

  // Case, accents and Danish letters folded alike: "Okonomi", "Oekonomi", "økonomi" all match "Økonomi".
  function fold(s) {
    s = String(s).toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a");
    s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return s.replace(/aa/g, "a").replace(/oe/g, "o");
  }
  rg.fold = fold;

  // ------------------------------------------------------- adjacency (undirected)
  var deg = new Int32Array(N);
  for (var k = 0; k < NE; k++) { deg[D.edges[3 * k]]++; deg[D.edges[3 * k + 1]]++; }
  var adjStart = new Int32Array(N + 1);
  for (var i = 0; i < N; i++) adjStart[i + 1] = adjStart[i] + deg[i];
  var adjEdge = new Int32Array(2 * NE), fill = adjStart.slice(0, N);
  for (k = 0; k < NE; k++) {
    adjEdge[fill[D.edges[3 * k]]++] = k;
    adjEdge[fill[D.edges[3 * k + 1]]++] = k;
  }
  function other(k, i) { var s = D.edges[3 * k]; return s === i ? D.edges[3 * k + 1] : s; }
  rg.degree = function (i) { return deg[i]; };

  // ----------------------------------------------------------- details blocks
  var nodeChunks = {}, edgeChunks = {};
  function chunk(cache, cls, c, at) {  // a details block, its shared sources unpacked
    if (!(c in cache)) {
      var s = document.querySelector("script." + cls + '[data-chunk="' + c + '"]');
      var block = s ? JSON.parse(s.textContent) : { rows: [], spans: [], strings: [] };
      var str = block.strings, spans = block.spans.map(function (p) {
        return [p[0], p[1], p[2], p[3] < 0 ? "" : str[p[3]], p[4] < 0 ? "" : str[p[4]]];
      });
      block.rows.forEach(function (row) { if (row) row[at] = row[at].map(function (k) { return spans[k]; }); });
      cache[c] = block.rows;
    }
    return cache[c];
  }
  function nodeDetails(i) { return chunk(nodeChunks, "rg-node-details", Math.floor(i / CH), 2)[i % CH]; }
  function edgeDetails(k) { return chunk(edgeChunks, "rg-edge-details", Math.floor(k / CH), 1)[k % CH] || [[], []]; }
  rg.nodeDetails = nodeDetails; rg.edgeDetails = edgeDetails;

  // ------------------------------------------------------------------- graph
  var graph = new graphology.MultiDirectedGraph();
  rg.graph = graph;
  var drawn = new Uint8Array(N), EDGE_SIZE = N <= 3000 ? 1.5 : 0.7;  // 1 when the node is in the drawn graph
  var SIZE_SCALE = 1;  // smaller discs when many are drawn (they grow as one zooms in)
  function addNode(i) {
    if (drawn[i]) return;
    drawn[i] = 1;
    var ty = types[typeOf[i]];
    graph.addNode(String(i), {
      x: D.x[i], y: -D.y[i], label: displayLabel(i), color: ty.color,
      size: SIZE_SCALE * (ty.size + Math.min(6, Math.log2(1 + deg[i]) * 0.6))
    });
  }
  function addEdge(k) {
    var s = D.edges[3 * k], t = D.edges[3 * k + 1];
    if (!drawn[s] || !drawn[t] || graph.hasEdge("e" + k)) return;
    graph.addDirectedEdgeWithKey("e" + k, String(s), String(t), { rel: D.edges[3 * k + 2], size: EDGE_SIZE });
  }
  /* Add nodes and their edges to drawn nodes. In the overview the edges stop at edgeBudget (each
     edge costs the redraw when the camera stops), except those inside `must` (the focus), which
     are always drawn: a neighbourhood or a path is shown whole. */
  function drawSet(list, must) {
    list.forEach(addNode);
    if (must) must.forEach(function (i) {
      if (!drawn[i]) return;
      for (var p = adjStart[i]; p < adjStart[i + 1]; p++) {
        var k = adjEdge[p], o = D.edges[3 * k] === i ? D.edges[3 * k + 1] : D.edges[3 * k];
        if (must.has(o)) addEdge(k);
      }
    });
    var budget = rg.overview ? D.edgeBudget : Infinity;
    for (var j = 0; j < list.length && graph.size < budget; j++) {
      var i = list[j];
      for (var p = adjStart[i]; p < adjStart[i + 1] && graph.size < budget; p++) addEdge(adjEdge[p]);
    }
  }
  /* Big builds (more than drawLimit nodes): the page opens on an overview of the most telling
     types that fit in overviewBudget nodes together (bodies and meetings first: the time axis,
     then cases, people, ...) and draws the rest on demand: a neighbourhood, a path. */
  if (!rg.overview) {
    SIZE_SCALE = Math.max(0.4, Math.min(1, Math.sqrt(600 / Math.max(1, N))));
    for (i = 0; i < N; i++) addNode(i);
    for (k = 0; k < NE; k++) addEdge(k);
  } else {
    var count = {}, take = {}, budget = D.overviewBudget, base = [];
    for (i = 0; i < N; i++) count[typeName(i)] = (count[typeName(i)] || 0) + 1;
    D.overviewTypes.forEach(function (t) { if (count[t] && count[t] <= budget) { take[t] = 1; budget -= count[t]; } });
    for (i = 0; i < N; i++) if (N <= D.overviewBudget || take[typeName(i)]) base.push(i);  // few nodes, many edges: all nodes
    SIZE_SCALE = Math.max(0.4, Math.min(1, Math.sqrt(600 / Math.max(1, base.length))));
    drawSet(base);
    rg.overviewTypes = Object.keys(take);
  }
  rg.drawSet = drawSet;
  rg.isDrawn = function (i) { return !!drawn[i]; };

  // ---------------------------------------------------------- visibility state
  var visible = new Uint8Array(N).fill(1);
  function computeVisible() {
    var from = rg.dateFrom, to = rg.dateTo, dated = !!(from || to);
    var inRange = new Int8Array(N);  // 1 in range, -1 out of range, 0 undated
    for (var i = 0; i < N; i++) {
      var d = D.dates[i];
      if (d) inRange[i] = (from && d < from) || (to && d > to) ? -1 : 1;
    }
    for (i = 0; i < N; i++) {
      var v = !rg.hiddenTypes[typeName(i)];
      if (v && dated) {
        if (inRange[i] === -1) v = false;
        else if (inRange[i] === 0) {  // undated (a person, a policy): shown while linked to something in range, or to nothing dated
          var any = false, anyIn = false;
          for (var p = adjStart[i]; p < adjStart[i + 1]; p++) {
            var r = inRange[other(adjEdge[p], i)];
            if (r) { any = true; if (r === 1) { anyIn = true; break; } }
          }
          v = anyIn || !any;
        }
      }
      visible[i] = v ? 1 : 0;
    }
  }
  rg.isVisible = function (i) { return !!visible[i] && (!rg.only || !rg.focusSet || rg.focusSet.has(i)) && !!drawn[i]; };

  function neighbourhood(i, hops) {
    var seen = new Set([i]), frontier = [i];
    for (var h = 0; h < hops; h++) {
      var next = [];
      frontier.forEach(function (v) {
        for (var p = adjStart[v]; p < adjStart[v + 1]; p++) {
          var w = other(adjEdge[p], v);
          if (!seen.has(w) && visible[w]) { seen.add(w); next.push(w); }
        }
      });
      frontier = next;
    }
    return seen;
  }
  function computeFocus() {
    var set = null;
    if (rg.selected >= 0) set = neighbourhood(rg.selected, rg.hops);
    if (rg.path && rg.path.nodes.length) {
      set = set || new Set();
      rg.path.nodes.forEach(function (v) { set.add(v); });
    }
    rg.focusSet = set;
    if (rg.overview) drawOnDemand(set);
  }
  var onDemand = new Set(), onDemandFocus = null, baseDrawn = null;
  function sameSet(a, b) {
    if (!a || !b) return a === b;
    if (a.size !== b.size) return false;
    var same = true;
    a.forEach(function (v) { if (!b.has(v)) same = false; });
    return same;
  }
  function drawOnDemand(set) {  // overview mode: the asked-for nodes drawn, those asked before dropped
    if (!baseDrawn) { baseDrawn = new Set(); graph.forEachNode(function (k) { baseDrawn.add(+k); }); }
    var want = [];
    if (set) set.forEach(function (v) { if (!baseDrawn.has(v)) want.push(v); });
    if (want.length > D.overviewBudget) {
      want = want.slice(0, D.overviewBudget);
      setStatus("Showing " + D.overviewBudget + " of " + set.size + " nodes of this neighbourhood");
    }
    var keep = new Set(want), same = keep.size === onDemand.size && sameSet(set, onDemandFocus);
    if (same) keep.forEach(function (v) { if (!onDemand.has(v)) same = false; });
    if (same) return;
    onDemand = keep; onDemandFocus = set;
    // A new graph handed to sigma at once: one redraw, where node-by-node changes cost one each.
    var g = new graphology.MultiDirectedGraph();
    drawn.fill(0);
    graph = g; rg.graph = g;
    drawSet(Array.from(baseDrawn).concat(want), set);
    pendingGraph = g;  // handed to sigma with the next redraw, after the panel has been painted
  }
  var pendingGraph = null;

  var pathNodes = new Set(), pathEdges = new Set();
  var DIM_NODE = "#e3e7ec", DIM_EDGE = "#eef1f4", PATH = "#e53e3e";
  function nodeReducer(key, attrs) {
    var i = +key, res = Object.assign({}, attrs);
    if (!visible[i] || (rg.only && rg.focusSet && !rg.focusSet.has(i))) { res.hidden = true; return res; }
    if (pathNodes.has(i)) { res.color = attrs.color; res.forceLabel = true; res.size = attrs.size + 3; res.zIndex = 2; res.highlighted = i === rg.selected; }
    else if (rg.focusSet && !rg.focusSet.has(i)) { res.color = DIM_NODE; res.label = ""; res.zIndex = 0; }
    else if (rg.focusSet) { res.forceLabel = rg.focusSet.size <= 40; res.zIndex = 1; }
    if (i === rg.selected) { res.highlighted = true; res.forceLabel = true; res.zIndex = 3; }
    return res;
  }
  function edgeReducer(key, attrs) {
    var res = Object.assign({}, attrs), k = +key.slice(1);
    var s = D.edges[3 * k], t = D.edges[3 * k + 1];
    if (pathEdges.has(k)) { res.color = PATH; res.size = 3; res.zIndex = 2; return res; }
    if (rg.focusSet && !(rg.focusSet.has(s) && rg.focusSet.has(t))) { res.hidden = true; return res; }  // only the focus's edges
    else if (rg.focusSet) { res.color = "#718096"; res.size = 1.5; res.zIndex = 1; }
    return res;
  }

  // ------------------------------------------------------------------- sigma
  var container = $("rg-network");
  // Pan and zoom without edges: a frame is then cheap even where WebGL runs on the CPU (SwiftShader,
  // as in headless Chromium); the edges come back when the camera stops.
  var bigEdges = true;
  /* On CPU-drawn WebGL, sigma's default programs (instanced triangles) cost ~20 us per node and
     ~60 us per edge in every frame: SwiftShader runs each instance through its whole pipeline.
     Points and lines are drawn in one call: 1,500 nodes then take 1 ms instead of 35, 10,000 fit
     a 60 Hz frame (benchmarks/bench_explorer.py). They look plainer (no arrows, 1 px edges). */
  var plain = softwareGL && Sigma.rendering ? {
    nodeProgramClasses: { circle: Sigma.rendering.NodePointProgram },
    nodeHoverProgramClasses: { circle: Sigma.rendering.NodePointProgram },
    edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram, arrow: Sigma.rendering.EdgeLineProgram }
  } : {};
  var renderer = new Sigma(graph, container, Object.assign({
    nodeReducer: nodeReducer, edgeReducer: edgeReducer,  // no zIndex: its sort made a refresh 5x slower
    defaultEdgeType: graph.order <= 3000 ? "arrow" : "line", defaultEdgeColor: "#c3cad3",
    labelDensity: 0.5, labelGridCellSize: 140, labelRenderedSizeThreshold: 8,
    labelFont: "Helvetica, Arial, sans-serif", labelSize: 12, renderEdgeLabels: false,
    hideEdgesOnMove: bigEdges, hideLabelsOnMove: graph.order > 5000, enableEdgeEvents: graph.order <= 3000, minCameraRatio: 0.005, maxCameraRatio: 4, stagePadding: 40
  }, plain));
  rg.renderer = renderer;
  var camera = renderer.getCamera();
  // sigma drew the first frame inside its constructor; it is on screen after the next paint.
  requestAnimationFrame(function () {
    setTimeout(function () {
      rg.firstFrame = performance.now();
      rg.stabilized = true;  // nothing to settle: the positions come with the page
      setStatus(rg.overview ? "Overview: bodies and meetings (" + graph.order + " of " + N + " nodes); search or click to draw more"
                            : "Drawn in " + Math.round(rg.firstFrame - T0) + " ms");
      setTimeout(indexStep, 50);
    }, 0);
  });

  var refreshQueued = false;
  function refresh() {  // after the next paint, so a filled panel shows before the graph is redrawn
    if (refreshQueued) return;
    refreshQueued = true;
    requestAnimationFrame(function () {
      setTimeout(function () {
        refreshQueued = false;
        if (pendingGraph) { var g = pendingGraph; pendingGraph = null; renderer.setGraph(g); }
        renderer.refresh();
        rg.refreshed = performance.now();
        if (pendingFit) { var f = pendingFit; pendingFit = null; fitTo(f[0], f[1]); }
      }, 0);
    });
  }
  function applyState(opts) {
    opts = opts || {};
    computeVisible();
    computeFocus();
    pathNodes = new Set(rg.path ? rg.path.nodes : []);
    pathEdges = new Set(rg.path ? rg.path.edges : []);
    updateToolbar();
    refresh();
    if (!opts.keepHash) writeHash();
  }
  rg.applyState = applyState;

  // Positions of a node on screen, for tests and for the camera.
  rg.screenPosition = function (i) {
    var a = graph.getNodeAttributes(String(i));
    return renderer.graphToViewport({ x: a.x, y: a.y });
  };
  var pendingFit = null;
  function fitTo(set, animate) {
    if (pendingGraph || refreshQueued) { pendingFit = [set, animate]; return; }  // once the nodes are drawn
    var xs = [], ys = [];
    set.forEach(function (i) {
      var d = renderer.getNodeDisplayData(String(i));
      if (d) { xs.push(d.x); ys.push(d.y); }
    });
    if (!xs.length) return;
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var state = { x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio: Math.max(0.02, Math.max(x1 - x0, y1 - y0) * 1.25) };
    if (animate === false) camera.setState(state); else camera.animate(state, { duration: 300 });
  }
  rg.fit = function () {
    var set = rg.only && rg.focusSet ? rg.focusSet : null;
    if (set) fitTo(set); else camera.animatedReset({ duration: 300 });
  };

  // ------------------------------------------------------------------ panel
  var MAX_LINKS = 300;
  function docLabel(n) { var d = D.docs[n]; return d ? d[0] : "(unknown document)"; }
  function sourceItem(s, tag) {
    var li = el(tag || "li", null, "rg-source"), doc = D.docs[s[0]];
    var head = el("span", docLabel(s[0]), "rg-source-doc");
    li.appendChild(head);
    if (doc && doc[1]) li.appendChild(el("span", " · " + doc[1] + (doc[2] ? " · " + doc[2] : ""), "rg-source-date"));
    li.appendChild(el("span", " [" + s[1] + "–" + s[2] + "]", "rg-source-span"));
    if (doc && doc[3] && s[2] >= s[1]) {  // the document's own page beside graph.html, the quote marked in its text
      var open = el("a", "open in the document", "rg-source-open");
      open.href = doc[3] + "#" + s[1] + "-" + s[2];
      open.target = "_blank"; open.rel = "noopener";
      open.setAttribute("aria-label", "Open " + docLabel(s[0]) + " at characters " + s[1] + "–" + s[2]);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(open);
    }
    if (s[3]) li.appendChild(el("q", s[3], "rg-quote"));
    if (s[4]) {  // the sentence around the quote, the quote marked
      var div = el("div", null, "rg-sentence"), at = s[3] ? s[4].indexOf(s[3]) : -1;
      if (at >= 0) {
        div.appendChild(document.createTextNode(s[4].slice(0, at)));
        div.appendChild(el("mark", s[3]));
        div.appendChild(document.createTextNode(s[4].slice(at + s[3].length)));
      } else div.textContent = s[4];
      li.appendChild(div);
    }
    return li;
  }
  function nodeButton(i, prefix) {
    var b = el("button", displayLabel(i), "rg-link");
    b.type = "button";
    b.setAttribute("data-node", iri(i));
    b.setAttribute("aria-label", (prefix ? prefix + " " : "") + displayLabel(i) + " (" + types[typeOf[i]].en + ")");
    b.addEventListener("click", function () { rg.select(i, { camera: true }); });
    return b;
  }
  function fillPanel(i) {
    var det = nodeDetails(i), ty = types[typeOf[i]];
    $("rg-panel-label").textContent = det[0];
    $("rg-panel-type").textContent = (ty.da !== ty.en ? ty.en + " / " + ty.da : ty.en) + (D.dates[i] ? " · " + D.dates[i] : "");
    $("rg-panel-id").textContent = iri(i);
    var tbody = document.querySelector("#rg-panel-props tbody");
    clear(tbody);
    det[1].forEach(function (kv) {
      var tr = el("tr"); tr.appendChild(el("th", kv[0])); tr.appendChild(el("td", kv[1])); tbody.appendChild(tr);
    });
    if (!det[1].length) { var tr = el("tr"); tr.appendChild(el("td", "(none)")); tbody.appendChild(tr); }
    if (D.hubs[i]) { var trh = el("tr"); trh.appendChild(el("th", "hub")); trh.appendChild(el("td", D.hubs[i])); tbody.appendChild(trh); }
    var ol = $("rg-panel-sources");
    clear(ol);
    det[2].forEach(function (s) { ol.appendChild(sourceItem(s)); });
    if (!det[2].length) ol.appendChild(el("li", "(no source span)"));
    // Links: every edge, "relation →" outgoing and "← relation" incoming; a case's in time order.
    var links = [];
    for (var p = adjStart[i]; p < adjStart[i + 1]; p++) {
      var k = adjEdge[p], s = D.edges[3 * k], t = D.edges[3 * k + 1], rel = D.rels[D.edges[3 * k + 2]];
      var o = s === i ? t : s;
      links.push({ o: o, text: s === i ? rel + " →" : "← " + rel, date: D.dates[o] || "" });
    }
    var byDate = typeName(i) === "Case";
    links.sort(function (a, b) {
      return (byDate ? a.date.localeCompare(b.date) : 0) || a.text.localeCompare(b.text) ||
             a.date.localeCompare(b.date) || D.labels[a.o].localeCompare(D.labels[b.o]);
    });
    var ul = $("rg-panel-links");
    clear(ul);
    $("rg-panel-links-heading").textContent = byDate ? "Links (in time order)" : "Links";
    $("rg-panel-links-heading").hidden = links.length === 0;
    links.slice(0, MAX_LINKS).forEach(function (l) {
      var li = el("li");
      li.appendChild(el("span", l.text + " ", "rg-rel"));
      li.appendChild(nodeButton(l.o, l.text));
      ul.appendChild(li);
    });
    if (links.length > MAX_LINKS) ul.appendChild(el("li", "(+" + (links.length - MAX_LINKS) + " more: search to reach them)"));
    $("rg-path-to").hidden = !(rg.pathFrom >= 0 && rg.pathFrom !== i);
    $("rg-panel-actions").hidden = false;
    $("rg-panel-empty").hidden = true;
    $("rg-panel-body").hidden = false;
    rg.shown = iri(i);
  }
  function fillEdgePanel(k) {  // an edge: its relation, both ends, its props and sources
    var s = D.edges[3 * k], t = D.edges[3 * k + 1], rel = D.rels[D.edges[3 * k + 2]], det = edgeDetails(k);
    $("rg-panel-label").textContent = displayLabel(s) + " —" + D.relLabels[D.edges[3 * k + 2]] + "→ " + displayLabel(t);
    $("rg-panel-type").textContent = rel;
    $("rg-panel-id").textContent = iri(s) + " " + rel + " " + iri(t);
    var tbody = document.querySelector("#rg-panel-props tbody");
    clear(tbody);
    det[0].forEach(function (kv) { var tr = el("tr"); tr.appendChild(el("th", kv[0])); tr.appendChild(el("td", kv[1])); tbody.appendChild(tr); });
    if (!det[0].length) { var tr = el("tr"); tr.appendChild(el("td", "(none)")); tbody.appendChild(tr); }
    var ol = $("rg-panel-sources");
    clear(ol);
    det[1].forEach(function (x) { ol.appendChild(sourceItem(x)); });
    if (!det[1].length) ol.appendChild(el("li", "(no source span)"));
    var ul = $("rg-panel-links");
    clear(ul);
    $("rg-panel-links-heading").textContent = "Ends";
    $("rg-panel-links-heading").hidden = false;
    [["from", s], ["to", t]].forEach(function (p) {
      var li = el("li"); li.appendChild(el("span", p[0] + " ", "rg-rel")); li.appendChild(nodeButton(p[1], p[0])); ul.appendChild(li);
    });
    $("rg-panel-actions").hidden = true;
    $("rg-panel-empty").hidden = true;
    $("rg-panel-body").hidden = false;
    rg.shown = "e" + k;
  }
  rg.showEdge = function (k) { if (k < 0 || k >= NE) return false; fillEdgePanel(k); return true; };
  rg.showNode = function (i) { if (typeof i === "string") i = rg.indexOf(i); if (i < 0) return false; fillPanel(i); return true; };

  rg.select = function (i, opts) {
    opts = opts || {};
    if (typeof i === "string") i = rg.indexOf(i);
    if (i < 0 || i >= N) return false;
    if (rg.hiddenTypes[typeName(i)]) rg.setTypeVisible(typeName(i), true);
    if (!visible[i] && (rg.dateFrom || rg.dateTo)) { rg.dateFrom = rg.dateTo = ""; $("rg-from").value = $("rg-to").value = ""; }
    if (rg.pathFrom >= 0 && rg.pathFrom !== i && opts.fromClick) {
      var a = rg.pathFrom; rg.pathFrom = -1; rg.selected = i; rg.findPath(a, i); return true;
    }
    rg.selected = i;
    if (!opts.keepPath) rg.path = null;
    if (!rg.path) $("rg-path").hidden = true;
    fillPanel(i);
    applyState({ keepHash: opts.keepHash });
    if (opts.camera) fitTo(rg.focusSet && rg.focusSet.size <= 200 ? rg.focusSet : [i], opts.animate);
    return true;
  };
  rg.focusNode = function (id) { return rg.select(id, { camera: true }); };
  rg.clearSelection = function () {
    rg.selected = -1; rg.path = null; rg.only = false; rg.pathFrom = -1;
    $("rg-path").hidden = true; $("rg-panel-body").hidden = true; $("rg-panel-empty").hidden = false;
    applyState();
  };

  renderer.on("clickNode", function (e) { rg.select(+e.node, { fromClick: true }); });
  /* A click beside a node still picks it: sigma's GPU picking misses discs a pixel or two wide
     (many drawn nodes, or points on CPU-drawn WebGL), so the nearest drawn node within a few
     pixels is taken. One pass over the drawn nodes: under 2 ms for 6,000. */
  rg.nodeNear = function (x, y) {
    var best = -1, bestD = Infinity;
    graph.forEachNode(function (k) {
      var d = renderer.getNodeDisplayData(k);
      if (!d || d.hidden) return;
      var p = renderer.framedGraphToViewport(d), r = Math.max(6, renderer.scaleSize(d.size) + 4);
      var dist = Math.hypot(p.x - x, p.y - y);
      if (dist <= r && dist < bestD) { bestD = dist; best = +k; }
    });
    return best;
  };
  renderer.on("clickStage", function (e) {
    var i = rg.nodeNear(e.event.x, e.event.y);
    if (i >= 0) rg.select(i, { fromClick: true });
  });
  renderer.on("clickEdge", function (e) { rg.showEdge(+e.edge.slice(1)); });

  // ----------------------------------------------------------------- toolbar
  function updateToolbar() {
    var sel = rg.selected >= 0 || !!rg.path;
    $("rg-hops").setAttribute("aria-pressed", String(rg.hops === 2));
    $("rg-hops").textContent = rg.hops === 2 ? "1 hop" : "2 hops";
    $("rg-hops").setAttribute("aria-label", rg.hops === 2 ? "Neighbourhood: back to one hop" : "Neighbourhood: expand to two hops");
    $("rg-only").setAttribute("aria-pressed", String(rg.only));
    $("rg-only").textContent = rg.only ? "Show all" : "Show only this";
    $("rg-only").setAttribute("aria-label", rg.only ? "Show the whole graph again" : "Show only the neighbourhood");
    $("rg-hops").disabled = $("rg-only").disabled = $("rg-clear").disabled = !sel;
    var shown = 0;
    for (var i = 0; i < N; i++) if (rg.isVisible(i)) shown++;
    $("rg-view-status").textContent = shown + " of " + N + " nodes shown" + (rg.focusSet ? ", " + rg.focusSet.size + " in focus" : "");
  }
  $("rg-fit").addEventListener("click", function () { rg.fit(); });
  $("rg-zoom-in").addEventListener("click", function () { camera.animatedZoom({ duration: 200 }); });
  $("rg-zoom-out").addEventListener("click", function () { camera.animatedUnzoom({ duration: 200 }); });
  $("rg-hops").addEventListener("click", function () { rg.hops = rg.hops === 2 ? 1 : 2; applyState(); });
  $("rg-only").addEventListener("click", function () {
    rg.only = !rg.only; applyState();
    if (rg.only && rg.focusSet) fitTo(rg.focusSet); else camera.animatedReset({ duration: 300 });
  });
  $("rg-clear").addEventListener("click", function () { rg.clearSelection(); });
  function onDate() { rg.dateFrom = $("rg-from").value; rg.dateTo = $("rg-to").value; applyState(); }
  $("rg-from").addEventListener("change", onDate);
  $("rg-to").addEventListener("change", onDate);
  rg.setDateRange = function (from, to) { $("rg-from").value = from || ""; $("rg-to").value = to || ""; onDate(); };

  rg.setTypeVisible = function (type, visibleNow) {
    rg.hiddenTypes[type] = !visibleNow;
    var box = document.querySelector('.rg-type-filter[data-type="' + CSS.escape(type) + '"]');
    if (box) box.checked = !!visibleNow;
    applyState();
  };
  Array.prototype.forEach.call(document.querySelectorAll(".rg-type-filter"), function (box) {
    box.addEventListener("change", function () { rg.setTypeVisible(box.getAttribute("data-type"), box.checked); });
  });

  // ------------------------------------------------------------------ search
  var foldedText = [], indexedChunks = 0, NCHUNKS = Math.ceil(N / CH);
  var foldedLabels = new Array(N), foldedPlain = new Array(N), foldedKeys = new Array(N), labelsDone = 0;
  function labelStep(upTo) {  // labels (alone, and with journal number and date) folded, up to node upTo
    for (var i = labelsDone; i < upTo && i < N; i++) {
      foldedPlain[i] = fold(D.labels[i]);
      foldedKeys[i] = D.keys[i] ? fold(D.keys[i]) : "";
      foldedLabels[i] = foldedPlain[i] + " " + foldedKeys[i] + " " + fold(D.dates[i] || "");
    }
    labelsDone = Math.max(labelsDone, Math.min(upTo, N));
  }
  function labelIndex() {
    labelStep(N);
    return foldedLabels;
  }
  function indexChunk(c) {  // props and quotes of one block of nodes, folded
    var rows = chunk(nodeChunks, "rg-node-details", c, 2);
    for (var j = 0; j < rows.length; j++) {
      var r = rows[j], parts = [r[0]];
      r[1].forEach(function (kv) { if (kv[1].length < 400) parts.push(kv[1]); });
      r[2].forEach(function (s) { parts.push(s[3]); });
      foldedText[c * CH + j] = fold(parts.join(" \u0001 "));
    }
  }
  /* In the background after the first frame, one small block per task (so no long task): the
     labels folded, the properties and quotes folded, the path search's adjacency. What a search
     or a path needs before then is finished at once. */
  function indexStep() {
    if (labelsDone < N) labelStep(labelsDone + 5000);
    else if (indexedChunks < NCHUNKS) indexChunk(indexedChunks++);
    else if (!weightedViewStep(8000)) rg.indexed = true;
    if (!rg.indexed) setTimeout(indexStep, 0);
  }
  var TYPE_RANK = {};
  types.forEach(function (t, n) { TYPE_RANK[n] = n; });
  rg.searchResults = function (query, limit) {
    var q = fold((query || "").trim());
    if (!q) return [];
    while (indexedChunks < NCHUNKS) indexChunk(indexedChunks++);  // (the background goes on with the paths)
    var words = q.split(/\s+/), labels = labelIndex(), hits = [];
    for (var i = 0; i < N; i++) {
      var l = labels[i], score = -1;
      var fl = foldedPlain[i];
      if (fl === q) score = 0;  // the label itself, then a journal number, then the start of a label, ...
      else if (foldedKeys[i] === q) score = 1;  // (q is not empty)
      else if (fl.indexOf(q) === 0) score = 2;
      else if (words.every(function (w) { return l.indexOf(w) >= 0; })) score = 3;
      else if (foldedText[i] && words.every(function (w) { return foldedText[i].indexOf(w) >= 0; })) score = 4;
      if (score >= 0) hits.push([score, i]);
    }
    hits.sort(function (a, b) {
      return a[0] - b[0] || typeOf[a[1]] - typeOf[b[1]] || (D.dates[a[1]] || "").localeCompare(D.dates[b[1]] || "") ||
             D.labels[a[1]].localeCompare(D.labels[b[1]]) || a[1] - b[1];
    });
    rg.lastHitCount = hits.length;
    return hits.slice(0, limit || 50).map(function (h) { return h[1]; });
  };
  var results = $("rg-results");
  function showResults(list, total) {
    clear(results);
    list.forEach(function (i, n) {
      var li = el("li"); li.setAttribute("role", "presentation");
      var b = el("button", null, "rg-result"); b.type = "button"; b.setAttribute("role", "option");
      b.setAttribute("data-node", iri(i));
      b.appendChild(el("span", displayLabel(i), "rg-result-label"));
      b.appendChild(el("span", types[typeOf[i]].en + (D.dates[i] ? " · " + D.dates[i] : ""), "rg-result-meta"));
      b.addEventListener("click", function () { results.hidden = true; rg.select(i, { camera: true }); });
      b.addEventListener("keydown", function (ev) {
        var items = results.querySelectorAll("button");
        if (ev.key === "ArrowDown" && n + 1 < items.length) { items[n + 1].focus(); ev.preventDefault(); }
        if (ev.key === "ArrowUp") { (n ? items[n - 1] : $("rg-search")).focus(); ev.preventDefault(); }
        if (ev.key === "Escape") { results.hidden = true; $("rg-search").focus(); }
      });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = list.length === 0;
    $("rg-search-status").textContent = total === 0 ? "No match" : total + (total === 1 ? " match" : " matches");
  }
  rg.search = function (query) {  // Enter: list the matches and open the best one
    var list = rg.searchResults(query);
    if (!(query || "").trim()) { $("rg-search-status").textContent = ""; results.hidden = true; return []; }
    showResults(list, rg.lastHitCount);
    if (list.length) {
      rg.select(list[0], { camera: true });
      results.hidden = true;  // the best match is open; ↓ in the box lists the others
      if (rg.lastHitCount > 1) $("rg-search-status").textContent = rg.lastHitCount + " matches (↓ to list them)";
    }
    return list.map(iri);
  };
  var typing = null;
  $("rg-search").addEventListener("input", function () {
    clearTimeout(typing);
    var box = this;
    typing = setTimeout(function () {
      if (box.value.trim().length >= 2) showResults(rg.searchResults(box.value, 30), rg.lastHitCount);
      else { results.hidden = true; $("rg-search-status").textContent = ""; }
    }, 150);
  });
  $("rg-search").addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { var b = results.querySelector("button"); if (b) { results.hidden = false; b.focus(); ev.preventDefault(); } }
    if (ev.key === "Escape") results.hidden = true;
  });
  document.addEventListener("click", function (ev) {
    if (!$("rg-search-form").contains(ev.target)) results.hidden = true;
  });
  $("rg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(typing);
    rg.search($("rg-search").value);
  });

  // ------------------------------------------------------------------- paths
  /* The same search as `referatgraf path` (graph.query.paths.find_paths): networkx's
     bidirectional Dijkstra over the weighted view that graph.query.paths.weighted_view built (its
     neighbour order and edge weights come with the page), with networkx's tie-breaking (a heap of
     (distance, insertion count)). */
  var hAdj = null, hBuild = null;
  function weightedViewStep(rows) {  // build rows more of the adjacency; false once it is complete
    if (hAdj) return false;
    if (!hBuild) {
      var start = new Int32Array(N + 1);
      for (var r = 0; r < N; r++) start[r + 1] = start[r] + D.hCount[r];
      hBuild = { start: start, edge: new Int32Array(D.hNeighbours.length), number: new Map(), next: 0, row: 0 };
    }
    var b = hBuild, nb = D.hNeighbours, end = Math.min(N, b.row + rows);
    for (var i = b.row; i < end; i++) {  // edges numbered as first met, as the page data numbers their weights
      for (var p = b.start[i]; p < b.start[i + 1]; p++) {
        var j = nb[p], key = i < j ? i * N + j : j * N + i, e = b.number.get(key);
        if (e === undefined) { e = b.next++; b.number.set(key, e); }
        b.edge[p] = e;
      }
    }
    b.row = end;
    if (end < N) return true;
    hAdj = { start: b.start, nb: nb, edge: b.edge };
    hBuild = null;
    return false;
  }
  function weightedView() {
    while (weightedViewStep(N)) { /* finish what the background has not */ }
    return hAdj;
  }
  rg.rebuildPathView = function (rows) {  // for tests: the adjacency built anew, ``rows`` rows per step
    hAdj = null; hBuild = null;
    var steps = 1;
    while (weightedViewStep(rows)) steps++;
    return steps;
  };
  function Heap() { this.a = []; }
  Heap.prototype.less = function (x, y) { return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]); };
  Heap.prototype.push = function (x) {
    var a = this.a, n = a.length; a.push(x);
    while (n > 0) { var p = (n - 1) >> 1; if (!this.less(a[n], a[p])) break; var t = a[n]; a[n] = a[p]; a[p] = t; n = p; }
  };
  Heap.prototype.pop = function () {
    var a = this.a, top = a[0], last = a.pop();
    if (a.length) {
      a[0] = last; var n = 0, len = a.length;
      for (;;) {
        var l = 2 * n + 1, r = l + 1, m = n;
        if (l < len && this.less(a[l], a[m])) m = l;
        if (r < len && this.less(a[r], a[m])) m = r;
        if (m === n) break;
        var t = a[n]; a[n] = a[m]; a[m] = t; n = m;
      }
    }
    return top;
  };
  function bidirectionalDijkstra(source, target, weight) {
    if (source === target) return [source];
    var h = weightedView();
    var dists = [new Map(), new Map()], paths = [new Map([[source, [source]]]), new Map([[target, [target]]])];
    var fringe = [new Heap(), new Heap()], seen = [new Map([[source, 0]]), new Map([[target, 0]])];
    var c = 0, finalpath = [], finaldist = Infinity, dir = 1;
    fringe[0].push([0, c++, source]); fringe[1].push([0, c++, target]);
    while (fringe[0].a.length && fringe[1].a.length) {
      dir = 1 - dir;
      var top = fringe[dir].pop(), dist = top[0], v = top[2];
      if (dists[dir].has(v)) continue;
      dists[dir].set(v, dist);
      if (dists[1 - dir].has(v)) return finalpath;
      for (var p = h.start[v]; p < h.start[v + 1]; p++) {
        var w = h.nb[p], vw = dists[dir].get(v) + weight(h.edge[p]);
        if (dists[dir].has(w)) continue;
        if (!seen[dir].has(w) || vw < seen[dir].get(w)) {
          seen[dir].set(w, vw);
          fringe[dir].push([vw, c++, w]);
          paths[dir].set(w, paths[dir].get(v).concat([w]));
          if (seen[0].has(w) && seen[1].has(w)) {
            var total = seen[0].get(w) + seen[1].get(w);
            if (finalpath.length === 0 || finaldist > total) {
              finaldist = total;
              finalpath = paths[0].get(w).concat(paths[1].get(w).slice().reverse().slice(1));
            }
          }
        }
      }
    }
    return null;
  }
  var MAX_LENGTH = 12;
  rg.throughHubs = false;
  rg.shortestPath = function (a, b, throughHubs) {  // node numbers, or null
    var W = D.hWeights, H2 = D.hHubWeights;
    var p = bidirectionalDijkstra(a, b, throughHubs ? function (e) { var x = H2[e]; return x === undefined ? W[e] : x; }
                                                    : function (e) { return W[e]; });
    return p && p.length - 1 <= MAX_LENGTH ? p : null;
  };
  rg.pathIris = function (a, b, throughHubs) {
    var p = rg.shortestPath(typeof a === "string" ? rg.indexOf(a) : a, typeof b === "string" ? rg.indexOf(b) : b, throughHubs);
    return p ? p.map(iri) : null;
  };
  function stepEdge(a, b) {  // as graph.query.paths.explain_step: a non-skipped edge, forward first, then by relation
    var best = null, skip = {}; D.skip.forEach(function (r) { skip[r] = 1; });
    var cands = [];
    for (var p = adjStart[a]; p < adjStart[a + 1]; p++) {
      var k = adjEdge[p], s = D.edges[3 * k], t = D.edges[3 * k + 1];
      if ((s === a && t === b) || (s === b && t === a)) cands.push({ k: k, fwd: s === a, rel: D.rels[D.edges[3 * k + 2]], skip: !!skip[D.edges[3 * k + 2]] });
    }
    var useful = cands.filter(function (x) { return !x.skip; });
    (useful.length ? useful : cands).forEach(function (x) {
      if (!best || (x.fwd && !best.fwd) || (x.fwd === best.fwd && x.rel < best.rel)) best = x;
    });
    return best;
  }
  rg.findPath = function (a, b) {
    if (typeof a === "string") a = rg.indexOf(a);
    if (typeof b === "string") b = rg.indexOf(b);
    var nodes = rg.shortestPath(a, b, rg.throughHubs);
    rg.path = { a: a, b: b, nodes: nodes || [], edges: [] };
    var steps = [];
    if (nodes) for (var j = 0; j + 1 < nodes.length; j++) { var e = stepEdge(nodes[j], nodes[j + 1]); steps.push(e); rg.path.edges.push(e.k); }
    rg.selected = b;
    applyState();
    showPath(a, b, nodes, steps);
    fillPanel(b);
    if (nodes) fitTo(nodes);
    return nodes ? nodes.map(iri) : null;
  };
  function showPath(a, b, nodes, steps) {
    var sec = $("rg-path"), ol = $("rg-path-steps");
    clear(ol);
    sec.hidden = false;
    $("rg-path-title").textContent = "Path: " + displayLabel(a) + " → " + displayLabel(b);
    if (!nodes) { $("rg-path-summary").textContent = "No path of at most " + MAX_LENGTH + " steps connects them."; return; }
    var hubs = nodes.slice(1, -1).filter(function (v) { return D.hubs[v]; });
    $("rg-path-summary").textContent = (nodes.length - 1) + " steps" +
      (hubs.length ? "; through " + hubs.map(function (v) { return displayLabel(v) + " (" + D.hubs[v] + ")"; }).join(", ") : "; no hub on the way");
    steps.forEach(function (e, j) {
      var x = nodes[j], y = nodes[j + 1], src = e.fwd ? x : y, dst = e.fwd ? y : x;
      var li = el("li", null, "rg-step");
      li.appendChild(nodeButton(src));
      li.appendChild(el("span", " —" + D.relLabels[D.edges[3 * e.k + 2]] + "→ ", "rg-rel"));
      li.appendChild(nodeButton(dst));
      var det = edgeDetails(e.k);
      if (det[1] && det[1].length) li.appendChild(sourceItem(det[1][0], "div"));
      ol.appendChild(li);
    });
  }
  $("rg-through-hubs").addEventListener("change", function () {
    rg.throughHubs = this.checked;
    if (rg.path) rg.findPath(rg.path.a, rg.path.b);
  });
  $("rg-path-from").addEventListener("click", function () {
    rg.pathFrom = rg.selected;
    setStatus("Path from " + displayLabel(rg.selected) + ": now pick the other end (click a node, or search and press “Path to here”)");
    $("rg-path-to").hidden = true;
  });
  $("rg-path-to").addEventListener("click", function () {
    var a = rg.pathFrom; rg.pathFrom = -1; rg.findPath(a, rg.selected);
  });

  // ------------------------------------------------------------ URL hash
  var hashTimer = null, applyingHash = false;
  function writeHash() {
    if (applyingHash) return;
    clearTimeout(hashTimer);
    hashTimer = setTimeout(function () {
      var p = [];
      if (rg.path) {
        p.push("path=" + encodeURIComponent(D.ids[rg.path.a]) + "," + encodeURIComponent(D.ids[rg.path.b]));
        if (rg.throughHubs) p.push("hubs=1");
      } else if (rg.selected >= 0) p.push("node=" + encodeURIComponent(D.ids[rg.selected]));
      if (rg.hops === 2) p.push("hops=2");
      if (rg.only) p.push("only=1");
      if (rg.dateFrom) p.push("from=" + rg.dateFrom);
      if (rg.dateTo) p.push("to=" + rg.dateTo);
      var hidden = Object.keys(rg.hiddenTypes).filter(function (t) { return rg.hiddenTypes[t]; }).sort();
      if (hidden.length) p.push("hide=" + hidden.map(encodeURIComponent).join(","));
      var s = camera.getState();
      p.push("view=" + [s.x, s.y, s.ratio].map(function (v) { return +v.toFixed(5); }).join(","));
      var h = "#" + p.join("&");
      if (location.hash !== h) history.replaceState(null, "", h);
    }, 150);
  }
  rg.writeHash = writeHash;
  camera.on("updated", writeHash);
  rg.readHash = function (hash) {
    var q = {};
    (hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      var at = kv.indexOf("=");
      if (at > 0) q[kv.slice(0, at)] = kv.slice(at + 1);
    });
    applyingHash = true;
    try {
      rg.hops = q.hops === "2" ? 2 : 1;
      rg.only = q.only === "1";
      rg.dateFrom = q.from || ""; rg.dateTo = q.to || "";
      $("rg-from").value = rg.dateFrom; $("rg-to").value = rg.dateTo;
      rg.hiddenTypes = {};
      (q.hide ? q.hide.split(",") : []).forEach(function (t) { rg.hiddenTypes[decodeURIComponent(t)] = true; });
      Array.prototype.forEach.call(document.querySelectorAll(".rg-type-filter"), function (box) {
        box.checked = !rg.hiddenTypes[box.getAttribute("data-type")];
      });
      rg.path = null; rg.selected = -1;
      rg.throughHubs = q.hubs === "1"; $("rg-through-hubs").checked = rg.throughHubs;
      if (q.path) {
        var ends = q.path.split(",").map(function (s) { return rg.indexOf(decodeURIComponent(s)); });
        if (ends[0] >= 0 && ends[1] >= 0) rg.findPath(ends[0], ends[1]);
      } else if (q.node) {
        var i = rg.indexOf(decodeURIComponent(q.node));
        if (i >= 0) rg.select(i, { keepHash: true });
      }
      applyState({ keepHash: true });
      if (rg.selected < 0) { $("rg-panel-body").hidden = true; $("rg-panel-empty").hidden = false; $("rg-path").hidden = true; }
      if (q.view) {
        var v = q.view.split(",").map(Number);
        if (v.length === 3 && v.every(isFinite)) { pendingFit = null; camera.setState({ x: v[0], y: v[1], ratio: v[2] }); }
      }
    } finally { applyingHash = false; }
  };
  window.addEventListener("hashchange", function () { rg.readHash(location.hash); });

  // ----------------------------------------------------------------- exports
  function csvCell(v) { v = String(v); return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  rg.visibleCsv = function () {
    var nodes = ["id,label,type,date"], edges = ["source,target,relation"];
    for (var i = 0; i < N; i++) if (rg.isVisible(i)) nodes.push([iri(i), D.labels[i], typeName(i), D.dates[i]].map(csvCell).join(","));
    for (var k = 0; k < NE; k++) {
      var s = D.edges[3 * k], t = D.edges[3 * k + 1];
      if (rg.isVisible(s) && rg.isVisible(t)) edges.push([iri(s), iri(t), D.rels[D.edges[3 * k + 2]]].map(csvCell).join(","));
    }
    return { nodes: nodes.join("\r\n") + "\r\n", edges: edges.join("\r\n") + "\r\n" };
  };
  rg.downloads = [];
  function download(name, blob) {
    rg.downloads.push({ name: name, size: blob.size, blob: blob });
    var a = document.createElement("a"), url = URL.createObjectURL(blob);
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }
  $("rg-csv").addEventListener("click", function () {
    var c = rg.visibleCsv();
    download("graph-nodes.csv", new Blob(["\ufeff" + c.nodes], { type: "text/csv;charset=utf-8" }));
    download("graph-edges.csv", new Blob(["\ufeff" + c.edges], { type: "text/csv;charset=utf-8" }));
  });
  rg.pngDataUrl = function () {  // every layer of sigma drawn onto one white canvas, right after a render
    refreshQueued = false;
    if (pendingGraph) { renderer.setGraph(pendingGraph); pendingGraph = null; }
    renderer.refresh();
    var layers = renderer.getCanvases(), first = layers[Object.keys(layers)[0]];
    var out = document.createElement("canvas");
    out.width = first.width; out.height = first.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ["edges", "nodes", "edgeLabels", "labels", "hovers", "hoverNodes"].forEach(function (name) {
      if (layers[name]) ctx.drawImage(layers[name], 0, 0);
    });
    return out.toDataURL("image/png");
  };
  $("rg-png").addEventListener("click", function () {
    var url = rg.pngDataUrl(), bin = atob(url.split(",")[1]), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    download("graph.png", new Blob([bytes], { type: "image/png" }));
  });

  // ---------------------------------------------------------------- keyboard
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "/" && tag !== "INPUT") { $("rg-search").focus(); ev.preventDefault(); }
    if (ev.key === "Escape" && tag !== "INPUT" && rg.selected >= 0) rg.clearSelection();
  });

  if (location.hash.length > 1) rg.readHash(location.hash);
  else { computeVisible(); updateToolbar(); }
  rg.ready = true;
})();
