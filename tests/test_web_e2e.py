"""The analyst web app in a real browser: Playwright driving Debian's Chromium against
`uvicorn` on a loopback port, over a store ingested by the real pipeline from `examples/` plus one
article of our own that carries markup meant to run.

Covers what the TestClient tests cannot: the pages' JavaScript (review form posting JSON, text-size
switch), keyboard focus and the skip link, a browser download of the ACLED CSV, and that a hostile
article runs nothing once a browser parses the page (escaping first, the Content-Security-Policy
behind it: a CSP report would mean the escaping failed).

Chromium comes from the system (`apt-get install chromium`; `.ci/run` installs it), never from
`playwright install`.  Without it, or without the `playwright` package, these tests skip locally
and FAIL under `CI=true`."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
TIMEOUT_MS = 15_000
REVIEWER = "E2E Reviewer"
# Fatalities no example reports, so the export can only show it through the correction.
CORRECTED_FATALITIES = 17
HOSTILE_OUTLET = "موقع مجهول"
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE = {"id": "hostile-page", "url": "https://hostile.example.org/news/1", "date": "2024-04-02",
           "outlet": HOSTILE_OUTLET, "title": HOSTILE_SCRIPT + " قصف على كفرنبل",
           "text": f"{HOSTILE_SCRIPT} {HOSTILE_IMG} قتل ثلاثة مدنيين في قصف مدفعي على بلدة كفرنبل "
                   "في ريف إدلب يوم الإثنين، بحسب الدفاع المدني."}


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run: {reason}; CI=true requires them "
                    "(.ci/run installs Debian's chromium and the test extras)", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (apt-get install chromium; pip install -e '.[test]')")


def chromium_path() -> str | None:
    given = os.environ.get("MARSAD_CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium executable (looked for $MARSAD_CHROMIUM, `chromium`, `chromium-browser`)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"the playwright package is not installed ({exc})")
    with sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, timeout=30_000)
        except PlaywrightError as exc:  # broken install, missing shared libraries
            _unavailable(f"{path} does not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


class Server:
    """The app under uvicorn in a thread, on a socket we bound (no port race)."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, store_pipeline):
    from marsad.store import ingest

    root = tmp_path_factory.mktemp("e2e")
    hostile = root / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    url = f"sqlite:///{root / 'e2e.db'}"
    summary = ingest([EXAMPLES, hostile], url, pipeline=store_pipeline)
    assert summary.failed == 0 and summary.incidents >= 3, summary
    return url


@pytest.fixture
def site(corpus, tmp_path):
    """A fresh copy of the ingested store behind a running server (tests edit it)."""
    from marsad.web import create_app

    src = Path(corpus.removeprefix("sqlite:///"))
    shutil.copy(src, tmp_path / "site.db")
    app = create_app(f"sqlite:///{tmp_path / 'site.db'}", assets_dir=tmp_path / "no-assets")
    with Server(app) as server:
        yield server
    app.state.store.engine.dispose()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site.url, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.csp_reports, pg.dialogs = [], []
    pg.on("console", lambda m: "Content Security Policy" in m.text and pg.csp_reports.append(m.text))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def api(page, path, **params):
    r = page.request.get(path, params=params or None)
    assert r.ok, (path, r.status, r.text())
    return r.json() if "json" in r.headers.get("content-type", "") else r.text()


def download_csv(page) -> list[dict]:
    with page.expect_download() as info:
        page.get_by_role("link", name="ACLED CSV").click()
    return list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))


def csv_row(rows, incident_id) -> dict:
    found = [r for r in rows if f"marsad_id={incident_id}" in r["tags"]]
    assert len(found) == 1, (incident_id, rows)
    return found[0]


def test_filter_open_highlight_correct_and_export(page):
    everything = api(page, "/api/incidents")["total"]
    countries = api(page, "/api/facets")["country"]
    country = "Iraq"
    assert country in countries and len(countries) > 1
    expected = api(page, "/api/incidents", country=country)["total"]
    assert 0 < expected < everything

    # Filter by country through the form.
    page.goto("/incidents")
    page.get_by_label("Country").select_option(country)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(f"**/incidents?*country={country}*")
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == expected
    for i in range(expected):
        assert rows.nth(i).locator("td").nth(3).inner_text().endswith(country)
    before = download_csv(page)
    assert len(before) == expected and {r["country"] for r in before} == {country}

    # Open an incident, then its article with the evidence highlighted right to left.
    rows.first.locator("td a").first.click()
    page.wait_for_url("**/incidents/INC-*")
    incident_id = page.url.rsplit("/", 1)[1]
    assert csv_row(before, incident_id)["fatalities"] != str(CORRECTED_FATALITIES)
    page.get_by_role("link", name="Article with highlights").first.click()
    page.wait_for_url("**/documents/*mention=*")
    article = page.locator("article.article")
    assert article.get_attribute("dir") == "rtl"
    focused = article.locator("mark.evidence.focus")
    assert focused.count() >= 1 and focused.first.is_visible()
    assert incident_id in focused.first.get_attribute("title")
    # Highlight colour differs from the page background: the mark is actually shown.
    assert focused.first.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)",
                                                                                       "rgb(255, 255, 255)")

    # Correct the fatalities through the review form (JavaScript posts JSON, then reloads).
    page.goto(f"/incidents/{incident_id}")
    page.locator("#reviewer").fill(REVIEWER)
    form = page.locator("#correct-form")
    form.locator("select[name=field]").select_option("fatalities")
    form.locator("input[name=value]").fill(str(CORRECTED_FATALITIES))
    with page.expect_navigation():
        form.get_by_role("button", name="Save").click()
    fatalities_row = page.locator("table.fields tr", has=page.get_by_role("rowheader", name="Fatalities"))
    assert fatalities_row.locator("td").inner_text().startswith(str(CORRECTED_FATALITIES))
    assert "machine:" in fatalities_row.inner_text()
    history = page.locator("table.history tbody tr")
    assert history.count() == 1 and REVIEWER in history.first.inner_text()

    # The download of the same filter now carries the correction; other rows are untouched.
    page.goto(f"/incidents?country={country}")
    after = download_csv(page)
    assert csv_row(after, incident_id)["fatalities"] == str(CORRECTED_FATALITIES)
    others = [r for r in before if f"marsad_id={incident_id}" not in r["tags"]]
    assert [r for r in after if f"marsad_id={incident_id}" not in r["tags"]] == others
    assert page.dialogs == [] and page.csp_reports == []


def test_hostile_article_runs_nothing(page):
    hits = api(page, "/api/incidents", outlet=HOSTILE_OUTLET)["items"]
    assert hits, "the hostile article produced no incident"
    incident = api(page, f"/api/incidents/{hits[0]['id']}")
    doc_id = incident["mentions"][0]["document"]["id"]
    for path in ("/incidents", f"/incidents?outlet={HOSTILE_OUTLET}", f"/incidents/{hits[0]['id']}",
                 f"/documents/{doc_id}", f"/documents/{doc_id}?removed=1"):
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    # Shown as text, not dropped and not parsed into elements.
    page.goto(f"/documents/{doc_id}")
    text = page.locator("article.article").inner_text()
    assert HOSTILE_SCRIPT in text and HOSTILE_IMG in text
    assert HOSTILE_SCRIPT in page.locator("h1").inner_text()
    assert page.locator("main script, main img, main [onerror]").count() == 0
    # Nothing was blocked by the CSP either: the escaping alone kept the markup inert.
    assert page.dialogs == [] and page.csp_reports == []


def test_skip_link_focus_and_text_size_by_keyboard(page):
    page.goto("/incidents")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and skip.is_visible()
    style = skip.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
    assert style == ["solid", "3px"]
    page.keyboard.press("Enter")
    # Following an in-page link is asynchronous in Chromium: wait for it instead of racing it.
    page.wait_for_function("() => location.hash === '#main' && document.activeElement.id === 'main'",
                           timeout=10_000)

    # The text-size switch, reached and pressed with the keyboard, persists across pages.
    size = "() => getComputedStyle(document.documentElement).fontSize"
    assert page.evaluate(size) == "16px"
    switch = page.locator("#text-size")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({size})() === '20px'", timeout=10_000)
    assert switch.get_attribute("aria-pressed") == "true"
    page.goto("/timeline")
    assert page.evaluate(size) == "20px" and switch.get_attribute("aria-pressed") == "true"
    switch.focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"() => ({size})() === '16px'", timeout=10_000)
    assert switch.get_attribute("aria-pressed") == "false"


# WCAG 2.1 contrast of every visible text element against its nearest opaque background
# (large text: 3, otherwise 4.5).  SVG text (timeline axis) is left out: its fill is not `color`.
CONTRAST_JS = """() => {
  const rgb = s => { const m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                                                        if (c.a > 0) return c; }
                     return {r: 255, g: 255, b: 255, a: 1}; };
  const bad = [], seen = new Set(), walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || !el.getClientRects().length || el.closest("svg")) continue;
    const l1 = lum(rgb(st.color)), l2 = lum(bg(el));
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const px = parseFloat(st.fontSize), large = px >= 24 || (parseInt(st.fontWeight) >= 700 && px >= 18.66);
    if (!(ratio >= (large ? 3 : 4.5))) bad.push(`${el.tagName}.${el.className} ${ratio.toFixed(2)}: ${n.textContent.trim().slice(0, 40)}`);
  }
  return bad;
}"""


def test_text_contrast_passes_wcag_aa(page):
    item = api(page, "/api/incidents", country="Iraq")["items"][0]
    mention = api(page, f"/api/incidents/{item['id']}")["mentions"][0]
    for path in ("/incidents", f"/incidents/{item['id']}",
                 f"/documents/{mention['document']['id']}?removed=1&mention={mention['id']}",
                 "/timeline", "/map", "/articles/new"):
        page.goto(path)
        assert page.evaluate(CONTRAST_JS) == [], path


def test_filter_form_with_blank_fields_is_no_filter(corpus, tmp_path):
    """What the filter form sends when only the country is chosen (no browser needed): blank
    dates and text fields mean "no limit", not a 422."""
    import warnings

    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    app = create_app(corpus, assets_dir=tmp_path / "no-assets")
    blank = dict.fromkeys(["since", "until", "admin1", "type", "actor", "outlet", "q"], "")
    try:
        with TestClient(app) as c:
            plain = c.get("/api/incidents", params={"country": "Iraq"}).json()
            form = c.get("/api/incidents", params={**blank, "country": "Iraq", "review": "any"})
            assert form.status_code == 200, form.text
            assert form.json()["total"] == plain["total"] > 0
            assert c.get("/incidents", params={**blank, "country": "Iraq"}).status_code == 200
            assert c.get("/api/incidents", params={"since": "soon"}).status_code == 422
    finally:
        app.state.store.engine.dispose()
