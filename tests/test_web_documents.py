"""The report and the brief in headless Chromium: an article carrying ``<script>``,
``<img onerror>`` and ``javascript:`` payloads renders as inert text.

Both files are written by the CLI (``sitrep report``, ``sitrep brief``) from a store holding
the hostile articles of tests/test_web.py, then opened via file://. Each file is checked as
written and again with its Content-Security-Policy removed, so that escaping alone is shown
to keep the payloads inert (the CSP would otherwise hide an escaping bug from the checks on
what ran). Browser skip/CI rules are those of tests/test_web.py. Screenshots go to
out/test-artifacts/.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api_fixtures import build_store
from sitrep.cli import main
from test_web import ARTIFACTS, WEB_ARTICLES, headless_chromium

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
# What the flag payload of tests/test_web.py shows when it stays text.
VISIBLE = ("<script>window.__sitrepPwned=1</script>",
           '<img src=x onerror="window.__sitrepPwned=2">',
           "javascript:window.__sitrepPwned=3")
COMMANDS = {
    "report": ["report", "-o"],
    "brief": ["brief", "--date", "2024-12-06", "--days", "7", "-o"],
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report and the brief of the hostile store, as the CLI writes them."""
    folder = tmp_path_factory.mktemp("documents")
    db = build_store(folder, WEB_ARTICLES)
    files = {}
    for name, args in COMMANDS.items():
        out = folder / f"{name}.html"
        result = CliRunner().invoke(main, [*args, str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        files[name] = out
    return files


def _variant(path: Path, csp: bool) -> Path:
    """``path`` as written, or a copy without its CSP meta element."""
    if csp:
        return path
    html, removed = CSP_META.subn("", path.read_text(encoding="utf-8"))
    assert removed == 1, f"{path.name}: expected one CSP meta element to remove"
    copy = path.with_name(f"{path.stem}-nocsp.html")
    copy.write_text(html, encoding="utf-8")
    return copy


def _expected_scripts(name: str) -> list[list[str | None]]:
    """The scripts each document carries by design: [type, id, text or None]."""
    if name == "brief":
        return []
    own = resources.files("sitrep.report").joinpath("report.js").read_text("utf-8")
    return [["application/json", "control-data", None], [None, None, own]]


@pytest.mark.parametrize("csp", [True, False], ids=["as-written", "no-csp"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_hostile_article_renders_inert(
    browser: Any, written: dict[str, Path], name: str, csp: bool
) -> None:
    from selenium.common.exceptions import (
        NoAlertPresentException,
        UnexpectedAlertPresentException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    path = _variant(written[name], csp)
    source = path.read_text(encoding="utf-8")
    assert "__sitrepPwned" in source, "the payload must reach the document to test anything"
    try:
        browser.get(path.resolve().as_uri())
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
    except UnexpectedAlertPresentException as e:
        pytest.fail(f"{name}: an alert opened while the page loaded ({e.alert_text})")
    time.sleep(0.5)  # give an injected handler (if any) the time to run
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.execute_script("return window.__sitrepPwned === undefined")
    assert browser.execute_script(
        "return [...document.querySelectorAll('img')].filter("
        "(i) => [...i.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length"
    ) == 0
    assert browser.execute_script(
        "return [...document.querySelectorAll('*')].filter("
        "(e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length"
    ) == 0
    assert browser.execute_script(
        "return [...document.querySelectorAll('[href]')].filter((e) =>"
        " e.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length"
    ) == 0
    scripts = browser.execute_script(
        "return [...document.scripts].map((s) => [s.getAttribute('type'), s.getAttribute('id'),"
        " s.getAttribute('type') ? null : s.textContent])")
    assert scripts == _expected_scripts(name)
    text = browser.execute_script("return document.body.innerText")
    for payload in VISIBLE:
        assert payload in text, f"{name}: {payload!r} is not shown as text"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}-inert-{'csp' if csp else 'nocsp'}.png"))
