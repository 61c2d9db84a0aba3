// Review page behaviour: evidence highlight on focus, copy buttons, keyboard shortcuts, clickable queue rows.
// Loaded from our own origin only (CSP script-src 'self'); never evaluates page or mail content.
(function () {
  "use strict";

  function highlightText(pre, text) {
    pre.querySelectorAll("mark").forEach(function (m) { m.replaceWith(document.createTextNode(m.textContent)); });
    pre.normalize();
    if (!text) return null;
    var node = pre.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE) return null;
    var at = node.data.indexOf(text);
    if (at < 0) return null;
    var range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    var mark = document.createElement("mark");
    range.surroundContents(mark);
    return mark;
  }

  function showEvidence(row) {
    document.querySelectorAll("tr.field.focused").forEach(function (r) { r.classList.remove("focused"); });
    document.querySelectorAll(".highlight").forEach(function (h) { h.hidden = true; });
    row.classList.add("focused");
    var anchor = row.dataset.anchor;
    if (!anchor) return;
    if (anchor === "body" || anchor === "html" || anchor === "subject") {
      var pre = document.getElementById("body");
      if (pre) {
        // Evidence text is normalised (spacing, colons); fall back to the value as stored.
        var field = row.querySelector("input, select, textarea");
        var mark = highlightText(pre, row.dataset.text) || (field && field.value ? highlightText(pre, field.value) : null);
        if (mark) mark.scrollIntoView({ block: "center", behavior: "smooth" });
      }
      return;
    }
    var figure = document.getElementById(anchor);
    if (!figure) return;
    var box = (row.dataset.box || "").split(",").map(Number);
    var hl = figure.querySelector(".highlight");
    if (box.length === 4 && box.every(isFinite)) {
      hl.style.left = box[0] + "%";
      hl.style.top = box[1] + "%";
      hl.style.width = box[2] + "%";
      hl.style.height = box[3] + "%";
      hl.hidden = false;
      hl.scrollIntoView({ block: "center", behavior: "smooth" });
    } else {
      figure.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }

  document.querySelectorAll("tr.field").forEach(function (row) {
    row.addEventListener("focusin", function () { showEvidence(row); });
    row.addEventListener("click", function () { showEvidence(row); });
  });

  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      if (!field) return;
      var value = field.tagName === "SELECT" ? (field.selectedOptions[0] ? field.selectedOptions[0].text : "") : field.value;
      var done = function () { button.classList.add("done"); button.textContent = "Copié"; setTimeout(function () { button.classList.remove("done"); button.textContent = "Copier"; }, 1200); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value).then(done, function () {});
      } else {
        field.select && field.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* nothing to do */ }
      }
    });
  });

  document.querySelectorAll("tr[data-href]").forEach(function (row) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a")) return;
      window.location.href = row.dataset.href;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
    var key = event.key.toLowerCase();
    if (key === "n" || key === "j") {
      var next = document.getElementById("next-draft") || document.querySelector("tr[data-href] a");
      if (next) window.location.href = next.href;
    } else if (key === "c") {
      var form = document.getElementById("confirm-form");
      if (!form) return;
      var ack = document.getElementById("dde-ack");
      if (ack && !ack.checked) { ack.focus(); return; }
      form.requestSubmit();
    } else if (key === "q") {
      window.location.href = "/";
    }
  });
})();
