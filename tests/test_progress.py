"""Progress on stderr: drawn only on a terminal and without --quiet; the pipeline's callback."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import main
from sitrep.pipeline import run_pipeline
from sitrep.progress import Progress
from sitrep.settings import Settings


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def write_docs(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"d{i}.txt").write_text(
            f"Report {i}. Rebel fighters captured the town of Saraqib on 1 December 2024.\n",
            encoding="utf-8",
        )
    return folder


def test_counter_line_is_drawn_on_a_terminal_and_erased() -> None:
    tty = Terminal()
    with Progress("documents", stream=tty, use_tqdm=False) as progress:
        progress(1, 4)
        progress(4, 4)
    text = tty.getvalue()
    assert "\rdocuments 1/4  25%" in text and "\rdocuments 4/4 100%" in text
    assert text.endswith("\r")  # the last frame is blanked out for the summary line


def test_nothing_is_drawn_off_a_terminal_or_when_quiet() -> None:
    cases = ((io.StringIO(), None), (io.StringIO(), True), (Terminal(), False))
    for stream, enabled in cases:
        with Progress("documents", stream=stream, enabled=enabled, use_tqdm=False) as p:
            p(1, 2)
            p.write("sitrep: a.txt: unreadable")
        assert stream.getvalue() == "sitrep: a.txt: unreadable\n"


def test_write_clears_the_line_before_a_message() -> None:
    tty = Terminal()
    progress = Progress("documents", stream=tty, use_tqdm=False)
    progress(1, 3)
    progress.write("sitrep: b.txt: too big")
    progress(2, 3)
    progress.close()
    lines = tty.getvalue().split("\n")
    assert lines[0].startswith("\rdocuments 1/3")
    assert lines[0].endswith("\rsitrep: b.txt: too big")  # on the erased line, at column 0
    assert lines[1].startswith("\rdocuments 2/3")


def test_run_pipeline_reports_each_new_document(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "in", 3)
    (docs / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    seen: list[tuple[int, int]] = []
    settings = Settings(theater="syria", workers=1)
    run_pipeline([docs], db=tmp_path / "s.db", settings=settings,
                 on_progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == list(
        range(1, len(seen) + 1))
    assert seen[-1][1] in (3, 4)  # the undecodable file fails on reading or in processing
    again: list[tuple[int, int]] = []
    run_pipeline([docs], db=tmp_path / "s.db", settings=settings,
                 on_progress=lambda done, total: again.append((done, total)))
    assert again == []  # unchanged documents are skipped, not counted


def test_cli_help_documents_the_exit_status() -> None:
    res = CliRunner().invoke(main, ["--help"])
    assert res.exit_code == 0
    assert "Exit status: 0 success; 1 some documents" in " ".join(res.output.split())
    assert "--quiet" in res.output


def test_cli_run_draws_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "in", 2)
    res = CliRunner().invoke(main, ["run", str(docs), "--db", str(tmp_path / "s.db"),
                                    "--theater", "syria", "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "\r" not in res.output and "read 2 documents: 2 processed" in res.output
