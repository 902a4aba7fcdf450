"""Read documents from files and folders: ``.txt``, ``.html``/``.htm`` and ``.jsonl``.

A bad document never stops a batch: ``read_inputs`` yields a ``Failure`` for it (with the
path and a one-line reason) and goes on with the next one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.errors import IngestError
from sitrep.models import Article, Failure
from sitrep.temporal import parse_date_text

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
SIDECAR_NAMES = {"meta.json"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    """What a feed or crawler hands over with a page."""

    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None


def content_hash(text: str) -> str:
    """A stable hash of a document's text, used for ids and to skip unchanged documents."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_meta(path: str | Path) -> dict[str, Meta]:
    """Read a metadata sidecar: a JSON object keyed by document id."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise IngestError(str(p), "metadata file not found") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise IngestError(str(p), f"metadata is not valid JSON: {e}") from e
    if not isinstance(data, dict):
        raise IngestError(str(p), "metadata must be a JSON object keyed by document id")
    out: dict[str, Meta] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if not isinstance(value, dict):
            raise IngestError(str(p), f"metadata for {key!r} must be an object")
        out[key] = _meta_from_mapping(value, where=f"{p} [{key}]")
    return out


def _meta_from_mapping(value: Mapping[str, Any], *, where: str) -> Meta:
    published = None
    raw_pub = value.get("published") or value.get("date")
    if raw_pub:
        published = parse_date_text(str(raw_pub))
        if published is None:
            raise IngestError(where, f"unreadable published date {raw_pub!r}")

    def text(key: str) -> str | None:
        v = value.get(key)
        return str(v).strip() or None if v is not None else None

    return Meta(
        published=published,
        outlet=text("outlet"),
        title=text("title"),
        author=text("author"),
        url=text("url"),
    )


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into document files, in a stable order."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUPPORTED
                    and child.name not in SIDECAR_NAMES
                    and not any(part.startswith(".") for part in child.relative_to(p).parts)
                ):
                    yield child
        else:
            yield p


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise IngestError(str(path), "empty file")
    sample = data[:8192]
    if b"\x00" in sample:
        raise IngestError(str(path), "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise IngestError(
            str(path), f"invalid UTF-8 at byte {e.start}; re-encode the file as UTF-8"
        ) from e
    controls = len(_CONTROL_CHARS.findall(text, 0, 8192))
    if controls > 0.05 * min(len(text), 8192):
        raise IngestError(str(path), "binary file (too many control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _html_article(
    path: str, doc_id: str, html: str, meta: Meta, *, url: str | None = None
) -> Article:
    from sitrep.htmltext import extract_html  # trafilatura is imported only for HTML

    extracted = extract_html(html, source=path)
    return Article(
        doc_id=doc_id,
        raw=extracted.text,
        source_path=path,
        url=meta.url or url or extracted.url,
        published=meta.published or extracted.published,
        outlet=meta.outlet or extracted.outlet,
        title=meta.title or extracted.title,
        author=meta.author or extracted.author,
        html=True,
    )


def read_file(
    path: Path, *, meta: Mapping[str, Meta], max_bytes: int
) -> Iterator[Article | Failure]:
    """Read one input file into articles; a ``.jsonl`` file may hold many."""
    spath = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        yield Failure(path=spath, reason=f"cannot read: {e.strerror or e}")
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield Failure(
            path=spath, reason=f"unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl"
        )
        return
    if size > max_bytes and suffix not in JSONL_SUFFIXES:
        yield Failure(
            path=spath,
            reason=f"file too large ({size / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB)",
        )
        return
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, meta=meta, max_bytes=max_bytes)
            return
        text = _decode(path, path.read_bytes())
        doc_id = path.stem
        m = meta.get(doc_id, Meta())
        if suffix in HTML_SUFFIXES:
            yield _html_article(spath, doc_id, text, m)
        else:
            yield Article(
                doc_id=doc_id,
                raw=text,
                source_path=spath,
                url=m.url,
                published=m.published,
                outlet=m.outlet,
                title=m.title,
                author=m.author,
            )
    except IngestError as e:
        yield Failure(path=e.path, reason=e.reason, doc_id=path.stem)
    except OSError as e:
        yield Failure(path=spath, reason=f"cannot read: {e.strerror or e}")


def _read_jsonl(path: Path, *, meta: Mapping[str, Meta], max_bytes: int) -> Iterator[Article | Failure]:
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if not line.strip():
                continue
            if len(line) > max_bytes:
                yield Failure(path=where, reason=f"line too large ({len(line) / 1e6:.1f} MB)")
                continue
            try:
                obj = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                yield Failure(path=where, reason="invalid UTF-8 in line")
                continue
            except json.JSONDecodeError as e:
                yield Failure(path=where, reason=f"line is not JSON ({e.msg} at column {e.colno})")
                continue
            if not isinstance(obj, dict):
                yield Failure(path=where, reason="line is not a JSON object")
                continue
            body = obj.get("text")
            html = obj.get("html")
            if not (isinstance(body, str) and body.strip()) and not (
                isinstance(html, str) and html.strip()
            ):
                yield Failure(path=where, reason="object has neither 'text' nor 'html'")
                continue
            try:
                line_meta = _meta_from_mapping(obj, where=where)
            except IngestError as e:
                yield Failure(path=e.path, reason=e.reason)
                continue
            doc_id = str(obj.get("id") or obj.get("doc_id") or "") or content_hash(
                body if isinstance(body, str) and body.strip() else str(html)
            )
            side = meta.get(doc_id)
            if side is not None:
                line_meta = Meta(
                    published=side.published or line_meta.published,
                    outlet=side.outlet or line_meta.outlet,
                    title=side.title or line_meta.title,
                    author=side.author or line_meta.author,
                    url=side.url or line_meta.url,
                )
            try:
                if isinstance(body, str) and body.strip():
                    article = Article(
                        doc_id=doc_id,
                        raw=body.replace("\r\n", "\n").replace("\r", "\n"),
                        source_path=where,
                        url=line_meta.url,
                        published=line_meta.published,
                        outlet=line_meta.outlet,
                        title=line_meta.title,
                        author=line_meta.author,
                    )
                else:
                    article = _html_article(where, doc_id, str(html), line_meta, url=line_meta.url)
            except IngestError as e:
                yield Failure(path=e.path, reason=e.reason, doc_id=doc_id)
                continue
            yield article


def read_inputs(
    inputs: Iterable[str | Path],
    *,
    meta: Mapping[str, Meta] | None = None,
    max_bytes: int = 10_000_000,
) -> Iterator[Article | Failure]:
    """Yield an ``Article`` per readable document and a ``Failure`` per bad one."""
    meta = meta or {}
    for path in iter_paths(inputs):
        if not path.exists():
            yield Failure(path=str(path), reason="no such file or folder")
            continue
        yield from read_file(path, meta=meta, max_bytes=max_bytes)

