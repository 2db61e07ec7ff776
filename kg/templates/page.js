/* kg: interactive view of a knowledge graph. All text from the graph is inserted with textContent (never
   innerHTML), and only http(s) URLs become links. */
(function () {
  "use strict";

  /* Milliseconds since navigation start, for benchmarks and tests: script start, data parsed, data sets
     built, network built, first draw, ready (physics settled and switched off, or at once when static). */
  var timings = { script: performance.now() };
  window.kgTimings = timings;

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  timings.data = performance.now();
  var isStatic = data.layout === "static";
  var typeInfo = {};
  var relationInfo = {};
  var nodeById = {};
  var edgeById = {};
  var DIM_NODE = { background: "rgba(200,200,200,0.35)", border: "rgba(170,170,170,0.45)" };
  var DIM_FONT = "rgba(80,80,80,0.3)";
  var DIM_EDGE = "rgba(190,190,190,0.25)";
  var CARD_LIMIT = 5;
  /* Drawn labels are cut after this many characters (the hover card and the search show the whole name):
     a sentence mistaken for a meeting name would otherwise cover its neighbours. */
  var LABEL_LIMIT = 30;

  data.types.forEach(function (t) { typeInfo[t.type] = t; });
  data.relations.forEach(function (r) { relationInfo[r.relation] = r; });
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  /* Long node labels wrap every LINE_CHARS characters. vis-network could wrap them (widthConstraint), but
     Chinese has no spaces, so it would measure every label one character at a time: a third of the load
     time of a 2,000-node corpus view. */
  var LINE_CHARS = 10;

  function shortLabel(text) {
    var chars = Array.from(String(text));
    return chars.length > LABEL_LIMIT ? chars.slice(0, LABEL_LIMIT - 1).join("") + "…" : String(text);
  }

  function nodeLabel(text) {
    var chars = Array.from(shortLabel(text));
    var lines = [];
    for (var i = 0; i < chars.length; i += LINE_CHARS) { lines.push(chars.slice(i, i + LINE_CHARS).join("")); }
    /* a last line of one character (often the ellipsis) joins the line before */
    if (lines.length > 1 && Array.from(lines[lines.length - 1]).length === 1) { lines[lines.length - 2] += lines.pop(); }
    return lines.join("\n");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(url) {
    var u = typeof url === "string" ? url.trim() : "";
    return /^https?:\/\/[^\s]+$/i.test(u) ? u : null;
  }

  function section(card, heading, items, limit, render) {
    if (!items || items.length === 0) { return; }
    var box = el("div", "kg-card-section");
    box.appendChild(el("h3", null, heading));
    var list = el("ul");
    var shown = Math.min(items.length, limit);
    for (var i = 0; i < shown; i++) {
      var li = el("li");
      render(li, items[i]);
      list.appendChild(li);
    }
    box.appendChild(list);
    if (items.length > shown) {
      box.appendChild(el("div", "kg-card-more", "…另有 " + (items.length - shown) + " 条"));
    }
    card.appendChild(box);
  }

  function typeName(type) {
    var t = typeInfo[type];
    return t ? t.name : type;
  }

  function nodeCard(n, limit) {
    var card = el("div", "kg-card");
    var t = typeInfo[n.type];
    var head = el("div", "kg-card-type", typeName(n.type) + (t && t.name !== n.type ? " · " + n.type : ""));
    if (t) { head.style.color = t.border; }
    card.appendChild(head);
    card.appendChild(el("div", "kg-card-title", n.label));
    if (n.label_hans && n.label_hans !== n.label) {
      card.appendChild(el("div", "kg-card-line", "简体：" + n.label_hans));
    }
    if (n.label_hant && n.label_hant !== n.label) {
      card.appendChild(el("div", "kg-card-line", "繁體：" + n.label_hant));
    }
    var aliases = n.aliases.filter(function (a) { return a !== n.label && a !== n.label_hans && a !== n.label_hant; });
    if (aliases.length) { card.appendChild(el("div", "kg-card-line", "别名：" + aliases.join("、"))); }
    if (n.kind) { card.appendChild(el("div", "kg-card-line", "类别：" + n.kind)); }
    if (n.policy_type) { card.appendChild(el("div", "kg-card-line", "政策类型：" + n.policy_type)); }
    if (n.date) { card.appendChild(el("div", "kg-card-line", "日期：" + n.date)); }
    if (n.place) { card.appendChild(el("div", "kg-card-line", "地点：" + n.place)); }
    var url = safeUrl(n.url);
    if (url) {
      var line = el("div", "kg-card-line", "原文：");
      var link = el("a", null, url);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      line.appendChild(link);
      card.appendChild(line);
    } else if (n.url) {
      card.appendChild(el("div", "kg-card-line", "原文：" + n.url));
    }
    section(card, "职务", n.posts, limit, function (li, post) {
      var text = post.title || "（职务）";
      if (post.org) { text += " · " + post.org; }
      if (post.former) { text += "（原）"; }
      li.appendChild(el("span", null, text));
      var first = post.first_seen || "";
      var last = post.last_seen || "";
      if (first || last) {
        li.appendChild(el("span", "kg-card-date", " " + (first === last || !last ? first : !first ? last : first + " – " + last)));
      }
    });
    section(card, "来源", n.sources, limit, function (li, source) {
      var name = source.title || source.url || source.id || "（未命名）";
      var url = safeUrl(source.url);
      if (url) {
        var a = el("a", null, name);
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", null, name));
      }
      if (source.date) { li.appendChild(el("span", "kg-card-date", " " + source.date)); }
    });
    section(card, "证据", n.evidence, limit, function (li, sentence) {
      li.className = "kg-card-evidence";
      li.textContent = sentence;
    });
    return card;
  }

  function edgeCard(e) {
    var card = el("div", "kg-card");
    var r = relationInfo[e.relation];
    card.appendChild(el("div", "kg-card-type", (r ? r.name : e.relation) + " · " + e.relation));
    card.appendChild(el("div", "kg-card-title", e.label + (e.former ? "（原）" : "")));
    var from = nodeById[e.from];
    var to = nodeById[e.to];
    card.appendChild(el("div", "kg-card-line", (from ? from.label : e.from) + " → " + (to ? to.label : e.to)));
    if (e.evidence) {
      var box = el("div", "kg-card-section");
      box.appendChild(el("h3", null, "证据"));
      box.appendChild(el("div", "kg-card-evidence", e.evidence));
      card.appendChild(box);
    }
    return card;
  }

  function edgeColor(e) {
    var r = relationInfo[e.relation];
    return { color: r.color, highlight: "#333333", hover: "#555555", inherit: false };
  }

  function edgeFont(e, keep) {
    return { color: keep ? "#444444" : "rgba(0,0,0,0)", strokeWidth: keep ? 3 : 0 };
  }

  function nodeFont(n, color) {
    return { color: color, size: n.font_size || 14 };
  }

  function nodeColor(n) {
    var t = typeInfo[n.type];
    return {
      background: t.color, border: t.border,
      highlight: { background: t.color, border: "#222222" },
      hover: { background: t.color, border: "#222222" }
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var t = typeInfo[n.type];
    var item = {
      id: n.id, label: nodeLabel(n.label), type: n.type, shape: t.shape, size: n.size,
      color: nodeColor(n), font: nodeFont(n, "#222222"), title: nodeCard(n, CARD_LIMIT), hidden: false
    };
    if (isStatic) {
      item.x = n.x;
      item.y = n.y;
    } else {
      /* The physics keeps node bodies apart but knows nothing of labels: a heavier node repels more, so
         nodes with long names get room for them. */
      item.mass = 1 + Math.min(Array.from(n.label).length, LABEL_LIMIT) / 10;
    }
    return item;
  }));

  var edges = new vis.DataSet(data.edges.map(function (e) {
    var r = relationInfo[e.relation];
    /* No title (hover card) yet: a corpus view has tens of thousands of edges, so each edge's card is built
       when the mouse first reaches it (see hoverEdge below); the label font is the global one. */
    var item = { id: e.id, from: e.from, to: e.to, relation: e.relation, dashes: r.dashes, color: edgeColor(e) };
    if (r.show_label) {
      item.label = shortLabel(e.label);
    } else {
      item.length = 130; /* a longer spring: an article's many mentions spread around it instead of piling up */
    }
    if (e.curve) { item.smooth = { enabled: true, type: "curvedCW", roundness: e.curve }; }
    return item;
  }));

  timings.datasets = performance.now();

  var labelThreshold = isStatic ? 9 : 5;
  var options = {
    autoResize: true,
    nodes: {
      borderWidth: 1,
      font: { face: data.font, size: 14, color: "#222222", strokeWidth: 3, strokeColor: "#ffffff" },
      /* In a big (static) graph, labels smaller than about 8 px on screen are not drawn: zoomed out, it
         shows only its hubs' names, and drawing thousands of unreadable labels would make every frame slow. */
      scaling: { label: { drawThreshold: labelThreshold } }
    },
    edges: {
      width: 1,
      arrows: { to: { enabled: !isStatic, scaleFactor: 0.5 } },
      font: { face: data.font, size: 11, align: "middle", color: "#444444", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: labelThreshold } },
      smooth: isStatic ? false : { enabled: true, type: "continuous", roundness: 0.2 }
    },
    interaction: {
      hover: true, tooltipDelay: 150, hideEdgesOnDrag: isStatic, hideEdgesOnZoom: isStatic,
      navigationButtons: false, keyboard: false
    },
    layout: isStatic ? { improvedLayout: false } : { randomSeed: 7, improvedLayout: data.nodes.length <= 100 },
    physics: isStatic ? { enabled: false } : {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -70, centralGravity: 0.015, springLength: 100, springConstant: 0.05,
        avoidOverlap: 1 },
      stabilization: { enabled: true, iterations: data.stabilization_iterations, updateInterval: 25, fit: true }
    }
  };

  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var status = document.getElementById("kg-status");
  timings.network = performance.now();
  network.once("afterDrawing", function () {
    timings.firstDraw = performance.now();
    document.body.setAttribute("data-kg-drawn", "true");
  });

  function markReady() {
    timings.ready = performance.now();
    status.textContent = "";
    document.body.setAttribute("data-kg-ready", "true");
    window.kgReady = true;
  }

  /* Arrow heads cost about as much to draw as everything else in a big graph and cannot be seen when it is
     zoomed out, so a static (big) graph draws them only from ARROW_SCALE on. */
  var ARROW_SCALE = 0.6;
  var arrowsOn = !isStatic;

  function arrowsForScale() {
    var want = network.getScale() >= ARROW_SCALE;
    if (want !== arrowsOn) {
      arrowsOn = want;
      network.setOptions({ edges: { arrows: { to: { enabled: want, scaleFactor: 0.5 } } } });
    }
  }

  if (isStatic || data.nodes.length === 0) {
    network.fit();
    if (isStatic) {
      arrowsForScale();
      network.on("zoom", arrowsForScale);
    }
    markReady();
  } else {
    status.textContent = "布局计算中…";
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      markReady();
    });
  }

  /* ---- filters ---------------------------------------------------------------------------------- */

  var typeOn = {};
  var relationOn = {};
  var typeBoxes = document.querySelectorAll("input.kg-type-toggle");
  var relationBoxes = document.querySelectorAll("input.kg-relation-toggle");

  function readToggles() {
    Array.prototype.forEach.call(typeBoxes, function (box) { typeOn[box.value] = box.checked; });
    Array.prototype.forEach.call(relationBoxes, function (box) { relationOn[box.value] = box.checked; });
  }

  function applyFilters() {
    readToggles();
    var nodeHidden = {};
    var shownNodes = 0;
    var shownEdges = 0;
    nodes.update(data.nodes.map(function (n) {
      var hidden = typeOn[n.type] === false;
      nodeHidden[n.id] = hidden;
      if (!hidden) { shownNodes++; }
      return { id: n.id, hidden: hidden };
    }));
    edges.update(data.edges.map(function (e) {
      var hidden = relationOn[e.relation] === false || nodeHidden[e.from] || nodeHidden[e.to];
      if (!hidden) { shownEdges++; }
      return { id: e.id, hidden: hidden };
    }));
    var visible = document.getElementById("kg-visible");
    var all = shownNodes === data.nodes.length && shownEdges === data.edges.length;
    visible.textContent = all ? "" : "（显示 " + shownNodes + " 个节点 · " + shownEdges + " 条边）";
  }

  Array.prototype.forEach.call(typeBoxes, function (box) { box.addEventListener("change", applyFilters); });
  Array.prototype.forEach.call(relationBoxes, function (box) { box.addEventListener("change", applyFilters); });

  /* ---- neighbourhood highlight and details -------------------------------------------------------- */

  var highlighted = null;

  function highlight(id) {
    highlighted = id;
    var keepNodes = {};
    var keepEdges = {};
    keepNodes[id] = true;
    network.getConnectedNodes(id).forEach(function (other) { keepNodes[other] = true; });
    network.getConnectedEdges(id).forEach(function (edge) { keepEdges[edge] = true; });
    nodes.update(data.nodes.map(function (n) {
      var keep = keepNodes[n.id] === true;
      return { id: n.id, color: keep ? nodeColor(n) : DIM_NODE, font: nodeFont(n, keep ? "#222222" : DIM_FONT) };
    }));
    edges.update(data.edges.map(function (e) {
      var keep = keepEdges[e.id] === true;
      return {
        id: e.id, color: keep ? edgeColor(e) : { color: DIM_EDGE, highlight: DIM_EDGE, hover: DIM_EDGE },
        font: edgeFont(e, keep)
      };
    }));
  }

  function clearHighlight() {
    if (highlighted === null) { return; }
    highlighted = null;
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, color: nodeColor(n), font: nodeFont(n, "#222222") };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, color: edgeColor(e), font: edgeFont(e, true) };
    }));
  }

  var details = document.getElementById("kg-details");

  function showDetails(id) {
    var n = nodeById[id];
    if (!n) { return; }
    details.textContent = "";
    var close = el("button", "kg-close", "×");
    close.type = "button";
    close.title = "关闭";
    close.addEventListener("click", function () {
      network.unselectAll();
      clearHighlight();
      hideDetails();
    });
    details.appendChild(close);
    details.appendChild(nodeCard(n, Infinity));
    var links = data.edges.filter(function (e) { return e.from === id || e.to === id; });
    section(details, "关系（" + links.length + "）", links, 100, function (li, e) {
      var otherId = e.from === id ? e.to : e.from;
      var other = nodeById[otherId];
      li.appendChild(el("span", null, (e.from === id ? "→ " : "← ") + e.label + " "));
      var button = el("button", "kg-neighbour", other ? other.label : otherId);
      button.type = "button";
      button.addEventListener("click", function () { selectNode(otherId); });
      li.appendChild(button);
    });
    details.hidden = false;
  }

  function hideDetails() {
    details.hidden = true;
    details.textContent = "";
  }

  var edgeCardBuilt = {};

  function ensureEdgeCard(id) {
    if (edgeCardBuilt[id] !== true && edgeById[id]) {
      edgeCardBuilt[id] = true;
      edges.update({ id: id, title: edgeCard(edgeById[id]) });
    }
  }

  /* vis-network shows a title tooltipDelay ms after the last mouse move, so a card built on hover is there. */
  network.on("hoverEdge", function (params) { ensureEdgeCard(params.edge); });

  network.on("click", function (params) {
    if (params.nodes.length > 0) {
      highlight(params.nodes[0]);
      showDetails(params.nodes[0]);
    } else if (params.edges.length === 0) {
      clearHighlight();
      hideDetails();
    }
  });

  function selectNode(id) {
    var n = nodeById[id];
    if (!n) { return; }
    if (typeOn[n.type] === false) {
      Array.prototype.forEach.call(typeBoxes, function (box) { if (box.value === n.type) { box.checked = true; } });
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    highlight(id);
    showDetails(id);
  }

  /* ---- search ------------------------------------------------------------------------------------ */

  function fold(text) {
    var s = String(text || "");
    if (s.normalize) { s = s.normalize("NFKC"); }
    return s.toLowerCase().replace(/\s+/g, "");
  }

  var searchIndex = data.nodes.map(function (n) {
    var keys = [n.label, n.label_hans, n.label_hant].concat(n.aliases).filter(function (k) { return k; });
    return { id: n.id, keys: keys, folded: keys.map(fold) };
  });

  function search(query) {
    var q = fold(query);
    if (!q) { return []; }
    var hits = [];
    searchIndex.forEach(function (entry) {
      var best = null;
      for (var i = 0; i < entry.folded.length; i++) {
        var key = entry.folded[i];
        var rank = key === q ? 0 : key.indexOf(q) === 0 ? 1 : key.indexOf(q) > 0 ? 2 : -1;
        if (rank >= 0 && (best === null || rank < best.rank)) { best = { rank: rank, key: entry.keys[i] }; }
      }
      if (best) { hits.push({ id: entry.id, rank: best.rank, key: best.key }); }
    });
    hits.sort(function (a, b) {
      var la = nodeById[a.id].label;
      var lb = nodeById[b.id].label;
      return a.rank - b.rank || la.length - lb.length || (la < lb ? -1 : la > lb ? 1 : 0);
    });
    return hits.slice(0, 20);
  }

  var searchBox = document.getElementById("kg-search");
  var results = document.getElementById("kg-search-results");

  function showResults() {
    results.textContent = "";
    if (!fold(searchBox.value)) { return; }
    var hits = search(searchBox.value);
    if (hits.length === 0) {
      results.appendChild(el("li", "kg-empty-result", "无匹配节点"));
      return;
    }
    hits.forEach(function (hit) {
      var n = nodeById[hit.id];
      var li = el("li");
      var button = el("button", null, n.label);
      button.type = "button";
      var note = typeName(n.type);
      if (hit.key !== n.label) { note = hit.key + " · " + note; }
      button.appendChild(el("span", "kg-note", note));
      button.addEventListener("click", function () { selectNode(hit.id); });
      li.appendChild(button);
      results.appendChild(li);
    });
  }

  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var hits = search(searchBox.value);
      if (hits.length > 0) { selectNode(hits[0].id); }
      event.preventDefault();
    }
  });

  readToggles();

  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgData = data;
  window.kgSearch = search;
  window.kgSelectNode = selectNode;
  window.kgEdgeCard = ensureEdgeCard;
})();
