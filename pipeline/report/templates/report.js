(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var output = document.getElementById("filter-count");
  var docNotes = Array.prototype.slice.call(document.querySelectorAll("[data-doc-findings]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.doc"));
  function apply() {
    var severities = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"), function (box) {
      severities[box.value] = box.checked;
    });
    var rule = form.elements.rule.value;
    var doc = form.elements.doc.value;
    var shown = 0;
    var perDoc = {};
    sections.forEach(function (el) { el.hidden = doc !== "" && el.id !== doc; });
    findings.forEach(function (el) {
      var visible = severities[el.dataset.severity] !== false && (rule === "" || el.dataset.rule === rule)
        && (doc === "" || el.dataset.doc === doc);
      el.hidden = !visible;
      if (visible) { shown += 1; perDoc[el.dataset.doc] = (perDoc[el.dataset.doc] || 0) + 1; }
    });
    docNotes.forEach(function (el) {
      var n = perDoc[el.dataset.docFindings] || 0;
      var total = Number(el.dataset.total);
      el.textContent = n === total ? "" : ("showing " + n + " of " + total + " findings (filtered)");
    });
    output.textContent = shown + " of " + findings.length + " findings shown";
  }
  // ?severity=error,warning&rule=cross-source&doc=doc-<doc_id> in the address opens the report filtered
  var params = new URLSearchParams(window.location.search);
  if (params.has("severity")) {
    var wanted = params.get("severity").split(",");
    Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"), function (box) {
      box.checked = wanted.indexOf(box.value) >= 0;
    });
  }
  if (params.has("rule")) { form.elements.rule.value = params.get("rule"); }
  if (params.has("doc")) { form.elements.doc.value = params.get("doc"); }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
  window.addEventListener("load", function () {
    // when the page was ready (ms since navigation start): read by the tests that time the report
    document.documentElement.setAttribute("data-loaded-ms", String(Math.round(window.performance.now())));
  });
}());
