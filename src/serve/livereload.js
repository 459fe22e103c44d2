// privacy-site serve: live reload and the error overlay (served in `serve` only).
// Long-polls /__privacy_site/version; reloads when the served output changed and
// shows the standing errors in an overlay built with DOM calls (no inline HTML, no
// style attribute, so the page's CSP holds).
(function () {
  "use strict";
  var script = document.currentScript;
  var match = script && /[?&]gen=(\d+)/.exec(script.src);
  var gen = match ? Number(match[1]) : -1;
  var seen = 0;

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    for (var k in style || {}) e.style[k] = style[k];
    return e;
  }

  // This page's errors and the site-wide ones (templates, config); the rest are
  // only counted. `words` are the overlay's words in the run's language.
  function show(all, words) {
    words = words || {};
    var say = function (key, english) { return words[key] || english; };
    var old = document.querySelector(".privacy-site-overlay");
    if (old) old.parentNode.removeChild(old);
    var here = location.pathname.replace(/index\.html$/, "");
    var errors = (all || []).filter(function (e) { return !e.page || e.page === here; });
    var elsewhere = (all || []).length - errors.length;
    if (errors.length === 0 && elsewhere === 0) return;
    var box = el("div", "", {
      position: "fixed", left: "1rem", right: "1rem", bottom: "1rem", maxHeight: "60vh", overflow: "auto",
      zIndex: "2147483647", background: "#fff5f5", color: "#1a1a1a", border: "3px solid #b00020",
      borderRadius: "6px", padding: "1rem", font: "14px/1.4 system-ui, sans-serif", boxShadow: "0 4px 16px rgba(0,0,0,.3)"
    });
    box.setAttribute("role", "alert");
    box.className = "privacy-site-overlay";
    var close = el("button", "×", { float: "right", fontSize: "1.4rem", border: "0", background: "transparent", cursor: "pointer" });
    close.setAttribute("aria-label", say("close", "Close"));
    close.addEventListener("click", function () { box.parentNode.removeChild(box); });
    box.appendChild(close);
    var title = say("here", "{n} error(s) on this page").replace("{n}", errors.length) +
      (elsewhere ? say("elsewhere", ", {m} on other pages (see the terminal)").replace("{m}", elsewhere) : "") +
      say("shown", ": the page shows the last version without them");
    box.appendChild(el("strong", title, { display: "block", marginBottom: ".5rem" }));
    var list = el("ul", "", { margin: "0", paddingLeft: "1.2rem" });
    errors.forEach(function (e) {
      var item = el("li", "", { marginBottom: ".5rem" });
      var where = e.file ? e.file + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "") : "";
      item.appendChild(el("code", where + (where ? " " : "") + "[" + e.rule + "]", { fontWeight: "bold" }));
      if (e.article) item.appendChild(el("span", " " + say("article", "GDPR Art.") + " " + e.article));
      item.appendChild(el("div", e.message));
      if (e.help) item.appendChild(el("div", say("help", "help") + ": " + e.help, { color: "#444" }));
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function poll() {
    fetch("/__privacy_site/version?since=" + seen, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (gen >= 0 && s.output !== gen) { location.reload(); return; }
        gen = s.output;
        seen = s.version;
        show(s.errors, s.words);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
