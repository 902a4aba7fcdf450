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


def test_report_of_a_store_without_a_theater_names_the_store(tmp_path: Path) -> None:
    from sitrep.store import Store

    db = tmp_path / "bare.db"
    Store(db).close()  # a valid store that no run has written
    result = _invoke("report", "--db", db, "-o", tmp_path / "r.html")
    assert result.exit_code == 2
    assert "bare.db" in result.output and "--theater" in result.output
    assert not (tmp_path / "r.html").exists()


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


# --------------------------------------------------------------------------- control commands

_PACK = {
    "theater.toml": 'name = "toy"\ncountry = "iso:XX"\ncapital = "gn:1"\nstart = 2024-01-01\n'
                    "bbox = [35.0, 32.0, 38.0, 37.0]\n"
                    '[control]\ncapitals = { reb = "gn:5" }\n',
    "actors.toml": '[[actor]]\nid = "gov"\nname = "Government"\ntype = "state"\n'
                   'country = "iso:XX"\n'
                   '[[actor]]\nid = "reb"\nname = "Rebels"\ntype = "rebel"\n',
    "relations.csv": "subject,relation,object,note\n",
    "control.csv": "place_id,place_name,actor,lat,lon\n"
                   "gn:1,Capitol,gov,33.0,36.0\ngn:2,Midway,gov,34.0,36.0\n"
                   "gn:3,Harbour,gov,35.0,35.5\ngn:4,Northgate,gov,36.0,36.5\n"
                   "gn:5,Rebhold,reb,36.5,36.0\n",
    "roads.csv": "road,a,a_name,b,b_name,km\nR1,gn:1,Capitol,gn:2,Midway,100\n"
                 "R1,gn:2,Midway,gn:3,Harbour,100\nR2,gn:2,Midway,gn:4,Northgate,200\n"
                 "R2,gn:4,Northgate,gn:5,Rebhold,50\n",
    "places.csv": "id,name,level,lat,lon,admin1,country,aliases\n",
    "admin1.csv": "id,name,geonames_code,capital,aliases\n",
}


@pytest.fixture
def toy(tmp_path: Path) -> tuple[Path, Path]:
    """A five-town pack and a store where the rebels take Midway on 2024-01-10."""
    from datetime import date

    from sitrep.models import ControlChange, Place, PlaceLevel, SourceRef, TimeSpan
    from sitrep.store import Store

    pack = tmp_path / "toy"
    pack.mkdir()
    for name, text in _PACK.items():
        (pack / name).write_text(text, encoding="utf-8")
    db = tmp_path / "toy.db"
    capture = ControlChange(
        change_id="c1", place=Place(id="gn:2", name="Midway", level=PlaceLevel.SETTLEMENT),
        to_actor="reb", from_actor="gov", time=TimeSpan.exact(date(2024, 1, 10)),
        sources=(SourceRef(doc_id="d1", start=0, end=5, quote="taken"),),
    )
    with Store(db) as store:
        store.replace_fused(events=[], control=[capture], relations=[])
    return pack, db


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def test_control_json_one_object_per_town(toy: tuple[Path, Path]) -> None:
    pack, db = toy
    result = _invoke("control", "--db", db, "--theater", pack, "--date", "2024-01-10", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["place_name"]: r for r in _lines(result.stdout)}
    assert set(rows) == {"Capitol", "Midway", "Harbour", "Northgate", "Rebhold"}
    assert rows["Midway"] == {
        "place": "gn:2", "place_name": "Midway", "actor": "reb", "state": "changed",
        "since": "2024-01-10",
        "sources": [{"doc_id": "d1", "start": 0, "end": 5, "quote": "taken"}],
    }
    assert rows["Capitol"]["state"] == "held" and rows["Capitol"]["since"] == "2024-01-01"


def test_corridor_json_and_what_if(toy: tuple[Path, Path]) -> None:
    pack, db = toy
    base = ("corridor", "--db", db, "--theater", pack, "--from", "Capitol", "--to", "gn:3",
            "--actor", "gov", "--json")
    open_ = _invoke(*base, "--date", "2024-01-09")
    assert _lines(open_.stdout) == [{"connected": True, "route": ["gn:1", "gn:2", "gn:3"],
                                     "cut": []}]
    cut = _invoke(*base, "--date", "2024-01-10")
    assert _lines(cut.stdout) == [{"connected": False, "route": [], "cut": ["gn:2"]}]
    what_if = _invoke(*base, "--date", "2024-01-09", "--assume", "midway=reb")
    assert _lines(what_if.stdout) == _lines(cut.stdout)
    text = _invoke(*base[:-1], "--date", "2024-01-10")
    assert text.stdout.strip() == "cut by Midway (on Capitol > Midway > Harbour)"


def test_cutoff_lists_stranded_towns(toy: tuple[Path, Path]) -> None:
    pack, db = toy
    result = _invoke("cutoff", "--db", db, "--theater", pack, "--actor", "gov",
                     "--date", "2024-01-12", "--json", "--lost")
    assert result.exit_code == 0, result.output
    assert [(r["place"], r["status"], r["cut"]) for r in _lines(result.stdout)] == [
        ("gn:3", "cut", ["gn:2"]), ("gn:4", "cut", ["gn:2"]), ("gn:2", "lost", []),
    ]
    # the pack names the rebels' seat: their new town lies beyond a government one
    rebels = _invoke("cutoff", "--db", db, "--theater", pack, "--actor", "reb",
                     "--date", "2024-01-12")
    assert rebels.exit_code == 0
    assert rebels.stdout == "Midway\tcut off from Rebhold by Northgate\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("corridor", "--from", "Qwertzville", "--to", "Capitol", "--actor", "gov"),
         "unknown place 'Qwertzville'"),
        (("corridor", "--from", "Capitol", "--to", "Harbour", "--actor", "nobody"),
         "unknown actor 'nobody'"),
        (("control", "--assume", "Capitol"), "write PLACE=ACTOR"),
        (("cutoff", "--actor", "gov", "--capital", "Nowhere"), "unknown place 'Nowhere'"),
    ],
)
def test_control_commands_fail_in_one_line_with_exit_2(
    toy: tuple[Path, Path], args: tuple[str, ...], message: str
) -> None:
    pack, db = toy
    result = CliRunner().invoke(main, [*args, "--db", str(db), "--theater", str(pack),
                                       "--date", "2024-01-05"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_control_date_before_baseline_exits_2(toy: tuple[Path, Path]) -> None:
    pack, db = toy
    result = CliRunner().invoke(main, ["control", "--db", str(db), "--theater", str(pack),
                                       "--date", "2023-12-31"])
    assert result.exit_code == 2 and "before the theater's baseline" in result.stderr
