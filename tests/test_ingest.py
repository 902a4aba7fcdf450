"""Reading documents: formats, ids, metadata, and a Failure (not a crash) for bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import IngestError
from sitrep.ingest import Meta, content_hash, load_meta, read_inputs
from sitrep.models import Article, Failure

BODY = "Fighters entered the northern town before dawn.\nShops stayed shut all day.\n"

HTML = """<html><head><title>Town changes hands</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Town changes hands</h1>
<p>Armed groups pushed into the market district of the northern town early on Monday,
according to several residents reached by telephone who described heavy gunfire.</p>
<p>Local officials said the water station had stopped working and that families were
leaving toward the villages further east, carrying what they could on foot.</p>
<p>A spokesman for the council said talks with the elders would continue into the night,
while the clinic asked volunteers to bring blood and bandages as soon as possible.</p>
</article>
<footer>Copyright Example Media. All rights reserved. Cookie settings.</footer>
</body></html>
"""


def _read(*paths: Path, **kw: object) -> tuple[list[Article], list[Failure]]:
    items = list(read_inputs(paths, **kw))  # type: ignore[arg-type]
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Failure)],
    )


def test_txt_file_id_is_stem(tmp_path: Path) -> None:
    p = tmp_path / "town-report.txt"
    p.write_text(BODY, encoding="utf-8")
    arts, fails = _read(p)
    assert fails == []
    assert [a.doc_id for a in arts] == ["town-report"]
    assert arts[0].raw == BODY
    assert arts[0].source_path == str(p)
    assert not arts[0].html


def test_crlf_is_normalised(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"First line.\r\nSecond line.\r\n")
    arts, _ = _read(p)
    assert arts[0].raw == "First line.\nSecond line.\n"


def test_html_main_text_without_navigation(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    arts, fails = _read(p)
    assert fails == []
    (art,) = arts
    assert art.doc_id == "page"
    assert art.html
    assert "market district" in art.raw
    assert "water station" in art.raw
    assert "Cookie settings" not in art.raw
    assert "Sport" not in art.raw


def test_jsonl_fields(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    rows = [
        {
            "id": "a1",
            "text": "The bridge was closed to traffic on Tuesday.",
            "url": "https://example.org/a1",
            "published": "2024-12-03",
            "outlet": "Example Wire",
            "title": "Bridge closed",
        },
        {"id": "a2", "html": HTML, "published": "2024-12-04"},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    arts, fails = _read(p)
    assert fails == []
    a1, a2 = arts
    assert a1.doc_id == "a1"
    assert a1.url == "https://example.org/a1"
    assert a1.published == date(2024, 12, 3)
    assert a1.outlet == "Example Wire"
    assert a1.title == "Bridge closed"
    assert a2.doc_id == "a2"
    assert a2.html and "market district" in a2.raw
    assert a2.published == date(2024, 12, 4)


def test_jsonl_without_id_gets_stable_content_hash(tmp_path: Path) -> None:
    text = "Convoys were seen heading south along the main road."
    p = tmp_path / "noid.jsonl"
    p.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    first, _ = _read(p)
    second, _ = _read(p)
    assert first[0].doc_id == content_hash(text) == second[0].doc_id
    assert len(first[0].doc_id) == 16
    assert content_hash(text + " ") != content_hash(text)


def test_folder_is_read_recursively_in_stable_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Second document body.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First document body.\n", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("Third document body.\n", encoding="utf-8")
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")  # a sidecar, not a document
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("Hidden.\n", encoding="utf-8")
    arts, fails = _read(tmp_path)
    assert fails == []
    assert [a.doc_id for a in arts] == ["a", "b", "c"]


def test_metadata_sidecar(tmp_path: Path) -> None:
    (tmp_path / "r1.txt").write_text(BODY, encoding="utf-8")
    side = tmp_path / "meta.json"
    side.write_text(
        json.dumps({"r1": {"published": "2024-11-29", "outlet": "Daily Example", "author": "A. B"}}),
        encoding="utf-8",
    )
    meta = load_meta(side)
    assert meta["r1"] == Meta(published=date(2024, 11, 29), outlet="Daily Example", author="A. B")
    arts, _ = _read(tmp_path, meta=meta)
    assert arts[0].published == date(2024, 11, 29)
    assert arts[0].outlet == "Daily Example"


def test_bad_sidecar_raises_ingest_error(tmp_path: Path) -> None:
    side = tmp_path / "m.json"
    side.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(IngestError, match="JSON object"):
        load_meta(side)
    with pytest.raises(IngestError, match="not found"):
        load_meta(tmp_path / "absent.json")


# -- bad input: a Failure with the path and a reason, and the batch goes on -----------------


def _one_failure(bad: Path, tmp_path: Path, **kw: object) -> Failure:
    good = tmp_path / "zz-good.txt"
    good.write_text(BODY, encoding="utf-8")
    arts, fails = _read(bad, good, **kw)
    assert [a.doc_id for a in arts] == ["zz-good"], "the batch must go on after a bad file"
    (fail,) = fails
    assert str(bad) in fail.path
    assert "\n" not in fail.reason and fail.reason
    return fail


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n", encoding="utf-8")
    assert "empty" in _one_failure(p, tmp_path).reason


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "blob.txt"
    p.write_bytes(b"PK\x03\x04\x00\x00binary\x00stuff")
    assert "binary" in _one_failure(p, tmp_path).reason


def test_invalid_utf8(tmp_path: Path) -> None:
    p = tmp_path / "latin.txt"
    p.write_bytes("Caf\u00e9 near the square.".encode("latin-1"))
    reason = _one_failure(p, tmp_path).reason
    assert "UTF-8" in reason and "byte 3" in reason


def test_over_size_limit(tmp_path: Path) -> None:
    p = tmp_path / "long.txt"
    p.write_text("word " * 100, encoding="utf-8")
    assert "too large" in _one_failure(p, tmp_path, max_bytes=100).reason


def test_real_50mb_file_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        chunk = b"The convoy moved slowly along the road. " * 25_000  # ~1 MB
        for _ in range(50):
            fh.write(chunk)
    assert p.stat().st_size >= 50_000_000
    read = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self != p, "an over-size file is refused on its size, never read"
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    fail = _one_failure(p, tmp_path)
    assert "too large" in fail.reason and "50.0 MB" in fail.reason


def test_html_without_body(tmp_path: Path) -> None:
    p = tmp_path / "shell.html"
    p.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    assert "no readable body" in _one_failure(p, tmp_path).reason


def test_jsonl_bad_line_others_still_read(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_text(
        json.dumps({"id": "ok1", "text": "A first report."})
        + "\n{not json at all\n"
        + json.dumps({"id": "ok2", "text": "A second report."})
        + "\n",
        encoding="utf-8",
    )
    arts, fails = _read(p)
    assert [a.doc_id for a in arts] == ["ok1", "ok2"]
    (fail,) = fails
    assert fail.path == f"{p}:2"
    assert "not JSON" in fail.reason


def test_jsonl_line_without_text_or_html(tmp_path: Path) -> None:
    p = tmp_path / "notext.jsonl"
    p.write_text(json.dumps({"id": "x", "title": "only a title"}) + "\n", encoding="utf-8")
    _, fails = _read(p)
    assert len(fails) == 1 and "neither" in fails[0].reason


def test_unsupported_extension(tmp_path: Path) -> None:
    p = tmp_path / "scan.pdf"
    p.write_bytes(b"%PDF-1.4 something")
    assert "unsupported file type .pdf" in _one_failure(p, tmp_path).reason


def test_missing_path(tmp_path: Path) -> None:
    p = tmp_path / "nowhere.txt"
    assert "no such file" in _one_failure(p, tmp_path).reason
