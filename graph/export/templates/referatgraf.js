/* referatgraf view: builds the vis-network from the JSON block and wires up
   search, type filter and the details panel. Text goes in via textContent only,
   so labels and quotes from the minutes can never become markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("rg-network");
  var statusEl = document.getElementById("rg-status");
  var rg = {
    data: data, nodes: nodes, edges: edges, details: data.details,
    stabilized: false, shown: null, hiddenTypes: {}
  };
  window.referatgraf = rg;

  function setStatus(text) { statusEl.textContent = text; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  rg.network = network;

  // Settle the layout once, then freeze it: big graphs stop jiggling and stay cheap.
  function freeze() {
    if (rg.stabilized) return;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });  // the settled layout is wider than the first view
    rg.stabilized = true;
    setStatus("Layout settled (physics frozen)");
  }
  network.on("stabilizationProgress", function (p) {
    setStatus("Laying out… " + Math.round(100 * p.iterations / p.total) + "%");
  });
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (data.nodes.length === 0) freeze();

  // --- details panel -------------------------------------------------------
  var panelBody = document.getElementById("rg-panel-body");
  var panelEmpty = document.getElementById("rg-panel-empty");

  function fillPanel(id, info, links) {
    document.getElementById("rg-panel-label").textContent = info.label;
    document.getElementById("rg-panel-type").textContent = info.typeLabel;
    document.getElementById("rg-panel-id").textContent = id;
    var tbody = document.querySelector("#rg-panel-props tbody");
    clear(tbody);
    info.props.forEach(function (kv) {
      var tr = el("tr");
      tr.appendChild(el("th", kv[0]));
      tr.appendChild(el("td", kv[1]));
      tbody.appendChild(tr);
    });
    if (info.props.length === 0) {
      var tr = el("tr"); tr.appendChild(el("td", "(none)")); tbody.appendChild(tr);
    }
    var ol = document.getElementById("rg-panel-sources");
    clear(ol);
    info.sources.forEach(function (s) {
      var li = el("li");
      li.appendChild(el("span", s.doc + " [" + s.start + "–" + s.end + "]", "rg-source-doc"));
      if (s.quote) li.appendChild(el("q", s.quote, "rg-quote"));
      if (s.sentence && s.sentence !== s.quote) li.appendChild(el("div", s.sentence, "rg-sentence"));
      ol.appendChild(li);
    });
    if (info.sources.length === 0) ol.appendChild(el("li", "(no source span)"));
    var ul = document.getElementById("rg-panel-links");
    clear(ul);
    document.getElementById("rg-panel-links-heading").hidden = links.length === 0;
    links.forEach(function (l) {
      var li = el("li");
      li.appendChild(document.createTextNode(l.text + " "));
      var a = el("a", l.label);
      a.setAttribute("data-node", l.id);
      a.addEventListener("click", function () { rg.focusNode(l.id); });
      li.appendChild(a);
      ul.appendChild(li);
    });
    panelEmpty.hidden = true;
    panelBody.hidden = false;
  }

  function nodeLabel(id) {
    var info = rg.details.nodes[id];
    return info ? info.label : id;
  }

  rg.showNode = function (id) {
    var info = rg.details.nodes[id];
    if (!info) return false;
    var links = [];
    edges.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
      if (e.from === id) links.push({ text: e.label + " →", id: e.to, label: nodeLabel(e.to) });
      if (e.to === id) links.push({ text: "← " + e.label, id: e.from, label: nodeLabel(e.from) });
    });
    links.sort(function (a, b) { return (a.text + a.label).localeCompare(b.text + b.label); });
    fillPanel(id, info, links);
    rg.shown = id;
    return true;
  };

  rg.showEdge = function (id) {
    var info = rg.details.edges[id];
    if (!info) return false;
    var e = edges.get(id);
    fillPanel(id, info, [
      { text: "from", id: e.from, label: nodeLabel(e.from) },
      { text: "to", id: e.to, label: nodeLabel(e.to) }
    ]);
    rg.shown = id;
    return true;
  };

  network.on("click", function (params) {
    if (params.nodes.length) rg.showNode(params.nodes[0]);
    else if (params.edges.length) rg.showEdge(params.edges[0]);
  });

  // --- search --------------------------------------------------------------
  rg.focusNode = function (id) {
    var n = nodes.get(id);
    if (!n) return false;
    if (n.hidden) rg.setTypeVisible(n.rgType, true);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    rg.showNode(id);
    return true;
  };

  var lastQuery = null, lastHits = [], hitIndex = 0;
  rg.search = function (query) {
    var q = (query || "").trim().toLocaleLowerCase();
    var status = document.getElementById("rg-search-status");
    if (!q) { status.textContent = ""; return []; }
    if (q !== lastQuery) {
      var exact = [], partial = [];
      Object.keys(rg.details.nodes).sort().forEach(function (id) {
        var label = rg.details.nodes[id].label.toLocaleLowerCase();
        if (label === q) exact.push(id);
        else if (label.indexOf(q) >= 0) partial.push(id);
      });
      lastQuery = q; lastHits = exact.concat(partial); hitIndex = 0;
    } else if (lastHits.length) {
      hitIndex = (hitIndex + 1) % lastHits.length;  // Enter again: next match
    }
    if (!lastHits.length) { status.textContent = "No match"; return []; }
    rg.focusNode(lastHits[hitIndex]);
    status.textContent = (hitIndex + 1) + " of " + lastHits.length;
    return lastHits;
  };
  var datalist = document.getElementById("rg-labels");
  var seen = {};
  Object.keys(rg.details.nodes).map(function (id) { return rg.details.nodes[id].label; })
    .sort().forEach(function (label) {
      if (seen[label]) return;
      seen[label] = true;
      var o = document.createElement("option");
      o.value = label;
      datalist.appendChild(o);
    });
  document.getElementById("rg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    rg.search(document.getElementById("rg-search").value);
  });

  // --- type filter ----------------------------------------------------------
  rg.setTypeVisible = function (type, visible) {
    rg.hiddenTypes[type] = !visible;
    var box = document.querySelector('.rg-type-filter[data-type="' + CSS.escape(type) + '"]');
    if (box) box.checked = visible;
    nodes.update(nodes.get({ filter: function (n) { return n.rgType === type; } })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
    // An edge shows only while both its ends do.
    edges.update(edges.get().map(function (e) {
      var hide = !!(nodes.get(e.from).hidden || nodes.get(e.to).hidden);
      return { id: e.id, hidden: hide };
    }));
  };
  Array.prototype.forEach.call(document.querySelectorAll(".rg-type-filter"), function (box) {
    box.addEventListener("change", function () {
      rg.setTypeVisible(box.getAttribute("data-type"), box.checked);
    });
  });

  setStatus(data.nodes.length > 0 ? "Laying out…" : "Empty graph");
  rg.ready = true;
})();
