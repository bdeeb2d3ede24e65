// "Add articles": read the chosen files, post everything as JSON to /api/articles (JSON keeps the
// write endpoints out of reach of other sites' forms), and show the result. Every piece of
// returned text goes into the page through textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("add-form");
  if (!form) { return; }
  var status = document.getElementById("add-status");
  var failuresBox = document.getElementById("add-failures");
  var results = document.getElementById("add-results");

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function base64(file) {
    return file.arrayBuffer().then(function (buf) {
      var bytes = new Uint8Array(buf), out = "", chunk = 0x8000;
      for (var i = 0; i < bytes.length; i += chunk) {
        out += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
      }
      return { name: file.name, content_base64: btoa(out) };
    });
  }
  function show(data) {
    failuresBox.textContent = ""; results.textContent = "";
    failuresBox.className = "";
    if (data.failures.length) {
      failuresBox.className = "failures";
      failuresBox.appendChild(el("h2", "Not added · لم يُضف"));
      var ul = el("ul");
      data.failures.forEach(function (f) { ul.appendChild(el("li", f.source + ": " + f.reason)); });
      failuresBox.appendChild(ul);
    }
    data.documents.forEach(function (d) {
      var box = el("section", null, { "class": "added" });
      box.appendChild(el("h2", (d.title || d.source) + " — " + d.status));
      box.appendChild(el("p", [d.outlet, d.publication_date, d.url].filter(Boolean).join(" · ")));
      if (d.document_id) {
        var p = el("p"); p.appendChild(el("a", "Article with highlights · المقال مع التظليل", { href: "/documents/" + encodeURIComponent(d.document_id) }));
        box.appendChild(p);
      }
      if (d.incidents.length) {
        box.appendChild(el("h3", "Incidents · الحوادث"));
        var ul = el("ul");
        d.incidents.forEach(function (inc) {
          var li = el("li");
          li.appendChild(el("a", inc.type + " — " + ((inc.location || {}).name || "?") + (inc.date ? ", " + inc.date : ""),
                            { href: "/incidents/" + encodeURIComponent(inc.id) }));
          li.appendChild(document.createTextNode(" · " + (inc.country || "") + (inc.fatalities_best !== null ? " · fatalities " + inc.fatalities_best : "")));
          ul.appendChild(li);
        });
        box.appendChild(ul);
      } else if (d.events.length) {
        box.appendChild(el("h3", "Events (not stored) · أحداث (غير محفوظة)"));
        var ol = el("ul");
        d.events.forEach(function (ev) {
          var li = el("li", ev.type + " — " + (ev.location || "?") + (ev.date ? ", " + ev.date : "") +
                      (ev.fatalities !== null && ev.fatalities !== undefined ? " · fatalities " + ev.fatalities : ""));
          if (ev.evidence) { var q = el("blockquote", ev.evidence, { lang: "ar", dir: "rtl" }); li.appendChild(q); }
          ol.appendChild(li);
        });
        box.appendChild(ol);
      } else {
        box.appendChild(el("p", "No event found. · لم يُعثر على حدث."));
      }
      results.appendChild(box);
    });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var files = Array.prototype.slice.call(form.elements.files.files || []);
    status.textContent = "Reading and extracting… · جارٍ الاستخراج";
    Promise.all(files.map(base64)).then(function (uploaded) {
      var body = { text: form.elements.text.value || null, files: uploaded, store: form.elements.store.checked };
      ["title", "date", "url", "outlet"].forEach(function (k) { if (form.elements[k].value.trim()) { body[k] = form.elements[k].value.trim(); } });
      var headers = { "Content-Type": "application/json" };
      var token = document.getElementById("token");
      if (token && token.value) { headers["X-Marsad-Token"] = token.value; }
      return fetch(form.dataset.url, { method: "POST", headers: headers, body: JSON.stringify(body) });
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      if (!res.ok) {
        var d = res.data.detail;
        status.textContent = "Error: " + (typeof d === "string" ? d : (d || []).map(function (e) { return (e.loc || []).slice(1).join(".") + ": " + e.msg; }).join("; "));
        return;
      }
      status.textContent = res.data.documents.length + " article(s) processed, " + res.data.failures.length + " failed. · تمت المعالجة.";
      show(res.data);
    }).catch(function (e) { status.textContent = "Error: " + e; });
  });
})();
