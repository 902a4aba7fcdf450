"""The sitrep command: exit codes, one-line failure messages, exports, report, help text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sitrep.cli import main

GOOD = {
    "hama": "Fighters of Hayat Tahrir al-Sham captured Hama on Thursday after a long push.\n",
    "idlib": "Russian airstrikes hit Idlib on Wednesday, killing at least 12 people.\n",
}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "meta.json").write_text(
        json.dumps({n: {"published": "2024-12-06"} for n in GOOD}), encoding="utf-8"
    )
    return folder


def _invoke(*args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _run(inputs: Path, db: Path, *extra: str | Path):  # type: ignore[no-untyped-def]
    meta = inputs.parent / "meta.json"
    return _invoke("run", inputs, "--meta", meta, "--db", db, "--theater", "syria", "--workers", "1",
                   *extra)


def test_run_ok(inputs: Path, tmp_path: Path) -> None:
    result = _run(inputs, tmp_path / "s.db")
    assert result.exit_code == 0, result.output
    assert "read 2 documents: 2 processed" in result.stdout
    assert result.stderr == ""


def test_run_with_failure_exits_1_with_one_line(inputs: Path, tmp_path: Path) -> None:
    bad = inputs / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = _run(inputs, tmp_path / "s.db")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"sitrep: {bad}: empty file"]
    assert "2 processed" in result.stdout and "1 failed" in result.stdout
    listed = _invoke("failures", "--db", tmp_path / "s.db")
    assert listed.stdout.strip() == f"{bad}\tempty file"


def test_run_bad_settings_exits_2(inputs: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("colour = 'blue'\n", encoding="utf-8")
    result = _run(inputs, tmp_path / "s.db", "--config", cfg)
    assert result.exit_code == 2
    assert result.stderr.startswith("sitrep: error:") and "colour" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "s.db").exists()


def test_export_exchange_and_report(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert _run(inputs, db).exit_code == 0
    out = tmp_path / "exchange"
    result = _invoke("export", "--db", db, "--format", "exchange", out)
    assert result.exit_code == 0, result.output
    names = {"events.jsonl", "control.jsonl", "relations.jsonl", "mentions.jsonl", "documents.jsonl"}
    assert {p.name for p in out.iterdir()} == names
    events = [json.loads(x) for x in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(events) == 2
    docs = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == 2

    html = tmp_path / "r" / "report.html"
    result = _invoke("report", "--db", db, "-o", html)
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html") and "</html>" in text


def test_export_missing_db_is_usage_error(tmp_path: Path) -> None:
    result = _invoke("export", "--db", tmp_path / "absent.db", tmp_path / "out")
    assert result.exit_code == 2


def _commands() -> list[str]:
    assert isinstance(main, click.Group)
    return sorted(main.commands)


@pytest.mark.parametrize("command", ["", *_commands()])
def test_every_command_help_ends_with_example(command: str) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args, terminal_width=200)
    assert result.exit_code == 0
    last = result.stdout.strip().splitlines()
    # click prints options after the docstring: find the example at the end of the description
    description = result.stdout.split("Options:")[0].strip().splitlines()
    assert description[-1].strip().startswith("Example: sitrep"), (command, last)


def test_every_option_is_documented() -> None:
    assert isinstance(main, click.Group)
    for name, cmd in sorted(main.commands.items()):
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"sitrep {name} {param.opts[0]} has no help text"


def test_console_script(inputs: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "sitrep"
    if not exe.exists():
        pytest.skip("the sitrep console script is not installed in this environment")
    done = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "Example: sitrep" in done.stdout
    done = subprocess.run(
        [str(exe), "run", str(inputs / "nowhere.txt"), "--db", str(tmp_path / "x.db"),
         "--theater", "syria"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"sitrep: {inputs / 'nowhere.txt'}: no such file or folder"
