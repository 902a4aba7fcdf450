"""The web page in headless Chromium (selenium): map, slider, filters, documents, graph,
claims, downloads, tiles, and article markup that stays inert.

Skips with a message when selenium, chromium or chromedriver is missing, except under
CI=true, where a missing browser fails the run (``.ci/run`` installs Debian's packages).
Screenshots go to out/test-artifacts/.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import struct
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from api_fixtures import ARTICLES, MORE_ARTICLES, build_store

IN_CI = os.environ.get("CI") == "true"
ARTIFACTS = Path(__file__).resolve().parents[1] / "out" / "test-artifacts"
HAMA = "gn:170017"
# Each part would set the flag if the page ever let article text act as markup.
FLAG_XSS = ('<script>window.__sitrepPwned=1</script> <img src=x onerror="window.__sitrepPwned=2">'
            ' <a href="javascript:window.__sitrepPwned=3">open</a>')
WEB_ARTICLES = {
    **ARTICLES,
    **MORE_ARTICLES,
    "h_flag": f"Russian warplanes bombed Saraqib on Tuesday, a resident wrote {FLAG_XSS} later.\n",
    # two chains of relations for the graph layout (one through the government, one through
    # the SDF), so that a layout with every node on one circle can be told apart
    "i_allies": (
        "Russia supports the Syrian government.\n\n"
        "Hezbollah fighters fought alongside the Syrian army near Qusayr on Friday.\n\n"
        "Iran supports Hezbollah.\n\n"
        "The SNA fought the Kurdish-led SDF near Tal Rifaat on Saturday.\n\n"
        "The US-backed SDF moved into Deir ez-Zor on Friday.\n"
    ),
}


def _require(ok: object, message: str) -> None:
    if ok:
        return
    if IN_CI:
        pytest.fail(f"browser tests cannot run: {message} (CI=true: they must; see .ci/run)")
    pytest.skip(f"browser tests skipped: {message}")


def _browser_paths() -> tuple[str, str]:
    chromium = next((p for n in ("chromium", "chromium-browser", "google-chrome")
                     if (p := shutil.which(n))), None)
    _require(chromium, "no chromium on PATH (apt-get install chromium)")
    driver = shutil.which("chromedriver")
    _require(driver, "no chromedriver on PATH "
                     "(apt-get install chromium-driver)")
    return str(chromium), str(driver)


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1 (an ephemeral port) in a thread; yield its URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _png() -> bytes:
    """A 1x1 light-green PNG, as a tile."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = zlib.compress(b"\x00\xa0\xe0\xa0")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


@contextlib.contextmanager
def tile_server() -> Iterator[tuple[str, list[str]]]:
    """A local tile server on 127.0.0.1; yields its URL template and the paths it served."""
    served: list[str] = []
    body = _png()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png", served
    finally:
        httpd.shutdown()
        httpd.server_close()


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


# --------------------------------------------------------------------------- fixtures


@contextlib.contextmanager
def headless_chromium() -> Iterator[Any]:
    """A selenium driver for headless Chromium; skips (fails under CI=true) without one."""
    chromium, chromedriver = _browser_paths()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _require(False, "selenium is not installed "
                        "(pip install -e '.[serve]')")
        raise
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--window-size=1400,1800"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with headless_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"), WEB_ARTICLES)


@pytest.fixture(scope="module")
def site(store: Path, driver: Any) -> Iterator[str]:
    try:
        from sitrep.api import create_app
    except ImportError:  # pragma: no cover - the serve extra
        _require(False, "the serve extra (fastapi, uvicorn) is missing")
        raise
    with serving(create_app(store)) as url:
        yield url


def _open(driver: Any, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))


def _wait(driver: Any, check: Any, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: check(d))


def _shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"web-{name}.png"))


def _css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- tests


def test_the_map_shows_the_events_of_the_store(driver: Any, site: str) -> None:
    _open(driver, site + "/")
    events = _get(site + "/events?limit=1000")["events"]
    placed = {e["event_id"] for e in events if e["place"] and e["place"]["lat"] is not None}
    assert len(placed) >= 4
    markers = {m.get_attribute("data-event") for m in _css(driver, "#event-markers rect")}
    assert markers == placed
    listed = {li.get_attribute("data-event") for li in _css(driver, "#events > li")}
    assert listed == {e["event_id"] for e in events}
    assert _css(driver, "#outline path"), "the theater's outline is drawn"
    assert not _css(driver, "#tiles image"), "no tiles unless --tiles is given"
    assert driver.find_element("id", "theater-name").text == "syria"
    _shot(driver, "map")


def test_the_day_slider_changes_the_control_colours(driver: Any, site: str) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(driver, site + "/")
    def hama(d: Any) -> tuple[str, str]:
        # Read in one script: the slider redraws the towns, so element handles go stale.
        found = d.execute_script(
            "const c = document.querySelector(arguments[0]);"
            " return c ? [c.getAttribute('data-holder'), c.getAttribute('fill')] : null",
            f'#towns circle[data-place="{HAMA}"]')
        return (found[0], found[1]) if found else ("", "")

    holder_after, fill_after = hama(driver)
    assert holder_after == "hts"
    driver.find_element("id", "day").send_keys(Keys.HOME)
    _wait(driver, lambda d: hama(d)[0] == "syria-gov")
    assert hama(driver)[1] != fill_after
    assert driver.find_element("id", "day-label").text == _get(site + "/theater")["start"]
    _shot(driver, "slider-first-day")


def test_a_filter_narrows_the_list_and_the_downloads(driver: Any, site: str) -> None:
    from selenium.webdriver.support.ui import Select

    _open(driver, site + "/")
    before = len(_css(driver, "#events > li"))
    Select(driver.find_element("id", "f-type")).select_by_value("Battles")
    _wait(driver, lambda d: len(_css(d, "#events > li")) < before)
    types = {li.get_attribute("data-type") for li in _css(driver, "#events > li")}
    assert types == {"Battles"}
    href = driver.find_element("id", "dl-csv").get_attribute("href")
    assert "event_type=Battles" in href
    with urllib.request.urlopen(href, timeout=30) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert len(rows) == len(_css(driver, "#events > li"))
    assert {r["event_type"] for r in rows} == {"Battles"}
    geo = _get(driver.find_element("id", "dl-geojson").get_attribute("href"))
    assert {f["properties"]["event_type"] for f in geo["features"]} == {"Battles"}
    _shot(driver, "filtered")


def test_a_click_on_a_quote_opens_its_document_with_the_quote_marked(
    driver: Any, site: str
) -> None:
    _open(driver, site + "/")
    (event,) = _get(site + "/events?doc_id=a_hama")["events"]
    source = event["sources"][0]
    link = _css(driver, f'#events li[data-event="{event["event_id"]}"] a.doc-link')[0]
    link.click()
    _wait(driver, lambda d: d.find_element("id", "doc-panel").is_displayed())
    mark = driver.find_element("id", "quote")
    assert mark.text == source["quote"]
    assert driver.execute_script("return document.getElementById('quote').textContent") \
        == source["quote"]
    _shot(driver, "document")


def test_article_markup_renders_inert(driver: Any, site: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    (event,) = _get(site + "/events?doc_id=h_flag")["events"]
    source = event["sources"][0]
    assert "<script>" in source["quote"], "the payload must reach the page to test anything"
    _open(driver, site + "/#doc=d_xss&start=0&end=40")
    _wait(driver, lambda d: d.find_element("id", "doc-panel").is_displayed())
    assert "javascript:alert(4)" in driver.find_element("id", "doc-meta").text  # its URL, as text
    assert not _css(driver, "#doc-meta a")
    driver.execute_script("window.location.hash = arguments[0]",
                          f"doc=h_flag&start={source['start']}&end={source['end']}")
    _wait(driver, lambda d: "__sitrepPwned" in d.execute_script(
        "const q = document.getElementById('quote'); return q ? q.textContent : ''"))
    time.sleep(0.5)  # give an injected handler (if any) the time to run
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    assert driver.execute_script("return window.__sitrepPwned === undefined")
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    scripts = driver.execute_script(
        "return [...document.scripts].map((s) => s.getAttribute('src'))")
    assert scripts == ["/static/app.js"]
    assert driver.execute_script(
        "return document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
    assert driver.execute_script(
        "return document.querySelectorAll('[onerror],[onload],[onclick]').length") == 0
    assert "<img src=x onerror=" in driver.find_element("id", "doc-text").text
    quote_texts = [q.text for q in _css(driver, "#events blockquote")]
    assert any("<script>alert(1)</script>" in t for t in quote_texts)
    _shot(driver, "inert-markup")


_GRAPH_NODES = """
return [...document.querySelectorAll('#graph-nodes .node')].map((g) => {
  const c = g.querySelector('circle');
  return [g.getAttribute('data-actor'), +c.getAttribute('cx'), +c.getAttribute('cy'),
          +c.getAttribute('r'), +g.getAttribute('data-events'),
          g.querySelector('text').textContent];
});
"""


def _fit_circle(points: list[tuple[float, float]]) -> tuple[tuple[float, float], float]:
    """The least-squares circle through ``points`` (Kasa): its centre and radius."""
    # x^2 + y^2 + a x + b y + c = 0, linear in (a, b, c): solve the 3x3 normal equations
    rows = [(x, y, 1.0, -(x * x + y * y)) for x, y in points]
    m = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    v = [sum(r[i] * r[3] for r in rows) for i in range(3)]
    def det(q: list[list[float]]) -> float:
        return (q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1])
                - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0])
                + q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]))
    d = det(m)
    a, b, c = (det([[v[i] if j == k else m[i][j] for j in range(3)] for i in range(3)]) / d
               for k in range(3))
    centre = (-a / 2, -b / 2)
    return centre, max(centre[0] ** 2 + centre[1] ** 2 - c, 0.0) ** 0.5


def test_the_actor_graph_draws_the_relations(driver: Any, site: str) -> None:
    _open(driver, site + "/")
    relations = {(r["subject"], r["relation"], r["object"]) for r in _get(site + "/relations")}
    assert len(relations) >= 6, "the fixture must give relations to draw"
    edges = {(e.get_attribute("data-subject"), e.get_attribute("data-relation"),
              e.get_attribute("data-object")) for e in _css(driver, "#graph-edges .edge")}
    assert edges == relations
    labels = {e.text for e in _css(driver, "#graph-edges .edge text")}
    assert labels == {r[1].replace("_", " ") for r in relations}
    legend = {li.get_attribute("data-relation") for li in _css(driver, "#graph-legend li")}
    assert legend - {None} == {r[1] for r in relations}
    colours = {e.get_attribute("data-relation"): e.find_element("css selector", "path")
               .get_attribute("stroke") for e in _css(driver, "#graph-edges .edge")}
    assert len(set(colours.values())) == len(colours), "one colour per relation type"
    nodes = {n.get_attribute("data-actor") for n in _css(driver, "#graph-nodes .node")}
    assert nodes == {a for r in relations for a in (r[0], r[2])}
    _css(driver, '#graph-nodes .node[data-actor="hts"] circle')[0].click()
    _wait(driver, lambda d: d.find_element("id", "f-actor").get_attribute("value") == "hts")
    _wait(driver, lambda d: "actor=hts" in d.find_element("id", "dl-csv").get_attribute("href"))
    _shot(driver, "graph")


def test_the_actor_graph_is_laid_out_by_forces_not_on_a_circle(driver: Any, site: str) -> None:
    _open(driver, site + "/")
    drawn = driver.execute_script(_GRAPH_NODES)
    at = {a: (x, y) for a, x, y, _, _, _ in drawn}
    radius = {a: r for a, _, _, r, _, _ in drawn}
    assert len(at) >= 6
    # not all on one circle: the best-fitting circle misses some node by a good margin
    centre, r = _fit_circle(list(at.values()))
    off = max(abs(((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5 - r) for x, y in at.values())
    assert off > 0.15 * r, f"nodes lie on a circle of radius {r:.0f} (within {off:.1f})"
    # springs: linked actors end up closer than unlinked ones
    linked = {frozenset((r["subject"], r["object"])) for r in _get(site + "/relations")}
    def gap(a: str, b: str) -> float:
        return float(((at[a][0] - at[b][0]) ** 2 + (at[a][1] - at[b][1]) ** 2) ** 0.5)
    pairs = [(a, b) for a in at for b in at if a < b]
    near = [gap(a, b) for a, b in pairs if frozenset((a, b)) in linked]
    far = [gap(a, b) for a, b in pairs if frozenset((a, b)) not in linked]
    assert sum(near) / len(near) < 0.7 * sum(far) / len(far)
    # inside the picture, and no circle on top of another
    _, _, width, height = map(float, driver.execute_script(
        "return document.getElementById('graph').getAttribute('viewBox')").split())
    for a, (x, y) in at.items():
        assert radius[a] <= x <= width - radius[a] and radius[a] <= y <= height - radius[a], a
    for a, b in pairs:
        assert gap(a, b) > radius[a] + radius[b], (a, b)
    # circle size follows the events naming the actor
    counts = {a["id"]: a["events"] for a in _get(site + "/theater")["actors"]}
    assert {a: e for a, _, _, _, e, _ in drawn} == {a: counts.get(a, 0) for a in at}
    most, least = max(at, key=lambda a: counts.get(a, 0)), min(at, key=lambda a: counts.get(a, 0))
    assert counts.get(most, 0) > counts.get(least, 0) and radius[most] > radius[least]
    # names are text; the same store gives the same picture
    names = {a["id"]: a["name"] for a in _get(site + "/theater")["actors"]}
    assert {a: t for a, _, _, _, _, t in drawn} == {a: names.get(a, a) for a in at}
    _shot(driver, "graph-layout")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.find_element("id", "graph-panel").screenshot(str(ARTIFACTS / "web-graph-panel.png"))
    _open(driver, site + "/")
    assert driver.execute_script(_GRAPH_NODES) == drawn


def test_the_claims_panel_flags_contradictions(driver: Any, site: str) -> None:
    _open(driver, site + "/")
    groups = _get(site + "/claims")
    assert any(g["disagree"] for g in groups)
    shown = _css(driver, "#claims > li.disputed")
    assert len(shown) == sum(g["disagree"] for g in groups)
    assert "20 km" in shown[0].text and "5 km" in shown[0].text
    shown[0].find_elements("css selector", "a.doc-link")[0].click()
    _wait(driver, lambda d: d.find_element("id", "doc-panel").is_displayed())
    assert "km" in driver.find_element("id", "quote").text
    _shot(driver, "claims")


def test_tiles_load_under_the_outline_and_fall_back_offline(driver: Any, store: Path) -> None:
    from sitrep.api import create_app

    with tile_server() as (template, served), serving(create_app(store, tiles=template)) as url:
        _open(driver, url + "/")
        images = _css(driver, "#tiles image")
        assert images
        assert images[0].get_attribute("href").startswith(template.split("{z}")[0])
        _wait(driver, lambda d: "tiled" in d.find_element("id", "map").get_attribute("class"))
        assert served and all(p.endswith(".png") for p in served)
        _shot(driver, "tiles")
    # A tile server that cannot be reached: the outline is drawn filled, as offline.
    with serving(create_app(store, tiles=template)) as url:
        _open(driver, url + "/")
        _wait(driver, lambda d: not _css(d, "#tiles image"))
        assert "tiled" not in (driver.find_element("id", "map").get_attribute("class") or "")
        fill = driver.execute_script(
            "return getComputedStyle(document.querySelector('#outline path')).fill")
        assert fill not in ("none", "")
        _shot(driver, "tiles-offline")
