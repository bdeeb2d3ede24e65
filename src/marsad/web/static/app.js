// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  var root = document.documentElement;
  function remember(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function recall(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }

  var langs = ["both-langs", "only-en", "only-ar"];
  function setLang(cls) { langs.forEach(function (c) { root.classList.remove(c); }); root.classList.add(cls); remember("marsad-lang", cls); }
  if (recall("marsad-lang")) { setLang(recall("marsad-lang")); }
  var langBtn = document.getElementById("lang-switch");
  if (langBtn) {
    langBtn.addEventListener("click", function () {
      var cur = langs.findIndex(function (c) { return root.classList.contains(c); });
      setLang(langs[(cur + 1) % langs.length]);
    });
  }
  if (recall("marsad-large") === "1") { root.classList.add("large"); }
  var sizeBtn = document.getElementById("text-size");
  if (sizeBtn) {
    // A toggle button: screen readers announce whether large text is on.
    sizeBtn.setAttribute("aria-pressed", root.classList.contains("large") ? "true" : "false");
    sizeBtn.addEventListener("click", function () {
      root.classList.toggle("large");
      var large = root.classList.contains("large");
      sizeBtn.setAttribute("aria-pressed", large ? "true" : "false");
      remember("marsad-large", large ? "1" : "0");
    });
  }

  // "Show removed text" without a reload.
  var toggle = document.getElementById("removed-toggle");
  if (toggle) {
    toggle.addEventListener("click", function (ev) {
      ev.preventDefault();
      var shown = toggle.getAttribute("aria-pressed") === "true";
      document.querySelectorAll(".article .removed").forEach(function (el) { el.hidden = shown; });
      toggle.setAttribute("aria-pressed", shown ? "false" : "true");
      toggle.textContent = shown ? "Show removed text · إظهار النص المحذوف" : "Hide removed text · إخفاء النص المحذوف";
    });
  }

  // Review actions: JSON posts to the API, then reload to show the new state.
  var status = document.getElementById("review-status");
  var reviewer = document.getElementById("reviewer");
  if (reviewer && recall("marsad-reviewer")) { reviewer.value = recall("marsad-reviewer"); }
  function post(url, body) {
    var who = reviewer ? reviewer.value.trim() : "";
    if (!who) { status.textContent = "Enter your name as reviewer first. · أدخل اسمك أولًا."; reviewer.focus(); return; }
    remember("marsad-reviewer", who);
    body.reviewer = who;
    var note = document.getElementById("note");
    if (note && note.value.trim()) { body.note = note.value.trim(); }
    var headers = { "Content-Type": "application/json" };
    var token = document.getElementById("token");
    if (token && token.value) { headers["X-Marsad-Token"] = token.value; }
    status.textContent = "Saving… · جارٍ الحفظ";
    fetch(url, { method: "POST", headers: headers, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = "Error: " + (typeof res.data.detail === "string" ? res.data.detail : JSON.stringify(res.data.detail)); return; }
        var target = res.data.incident || null;
        status.textContent = "Saved. · تم الحفظ.";
        if (target && location.pathname.indexOf(target) === -1) { location.href = "/incidents/" + encodeURIComponent(target); }
        else { location.reload(); }
      })
      .catch(function (e) { status.textContent = "Error: " + e; });
  }
  document.querySelectorAll("button.act").forEach(function (btn) {
    btn.addEventListener("click", function () { post(btn.dataset.url, {}); });
  });
  var correct = document.getElementById("correct-form");
  if (correct) {
    correct.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var field = correct.elements.field.value, value = correct.elements.value.value.trim();
      var parsed = value;
      if (field === "fatalities") { parsed = parseInt(value, 10); }
      if ((field === "actor1" || field === "actor2") && value === "") { parsed = null; }
      post(correct.dataset.url, { field: field, value: parsed });
    });
  }
  var merge = document.getElementById("merge-form");
  if (merge) {
    merge.addEventListener("submit", function (ev) {
      ev.preventDefault();
      post(merge.dataset.url, { other: merge.elements.other.value.trim() });
    });
  }
})();
