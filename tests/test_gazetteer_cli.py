"""``sitrep gazetteer add|list|remove`` on small dumps the tests write; builds read the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.geo import Gazetteer
from sitrep.theater import load_theater


def _row(gid: str, name: str, alt: str, fclass: str = "P", fcode: str = "PPL") -> str:
    return "\t".join([gid, name, name, alt, "36.10", "37.00", fclass, fcode, "SY", "", "09",
                      "", "", "", "800", "", "400", "Asia/Damascus", "2024-05-01"])


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "SY.txt"
    path.write_text(
        "\n".join([
            _row("98000001", "Khirbat Zaytunah", "Khirbet Zeitouneh,خربة زيتونة"),
            "98000002\tno tabs enough",
            _row("98000003", "Jisr Zaytunah", "", "S", "BDG"),
            _row("98000004", "Wadi Zaytunah", "", "T", "VAL"),  # not kept
        ]) + "\n",
        encoding="utf-8",
    )
    return path


def test_add_list_build_remove(dump: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SITREP_CACHE", str(cache))
    runner = CliRunner()
    result = runner.invoke(main, ["gazetteer", "add", str(dump)])
    assert result.exit_code == 1  # one bad row: reported, the rest registered
    assert f"sitrep: {dump}:2: 2 fields" in result.stderr
    assert "registered SY.txt: 2 rows, 1 bad row skipped" in result.stdout
    stored = cache / "geonames" / "SY.txt"
    assert stored.read_text(encoding="utf-8").count("\n") == 2

    listed = runner.invoke(main, ["gazetteer", "list"])
    assert listed.exit_code == 0 and listed.stdout.startswith(f"SY.txt\t2\t{stored}")

    # a later run builds its gazetteer with the registered dump, by default
    theater = load_theater("syria")
    gaz = Gazetteer.build(theater)
    assert gaz.lookup("Khirbet Zeitouneh")[0].id == "gn:98000001"
    assert gaz.lookup("خربة زيتونة")[0].id == "gn:98000001"
    assert gaz.lookup("Jisr Zaytunah")[0].id == "feat:gn-98000003"
    assert gaz.lookup("Wadi Zaytunah") == []
    hits = gaz.scan("Fighters reached Khirbat Zaytunah at dawn.")
    assert [h.ids[0] for h in hits] == ["gn:98000001"]

    removed = runner.invoke(main, ["gazetteer", "remove", "SY"])
    assert removed.exit_code == 0 and not stored.exists()
    assert not list(cache.glob("gazetteer-*.pickle"))  # the built gazetteer is dropped
    assert "no dumps registered" in runner.invoke(main, ["gazetteer", "list"]).stdout


def test_cache_dir_option_and_errors(dump: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    cache = tmp_path / "elsewhere"
    ok = runner.invoke(main, ["gazetteer", "add", str(dump), "--cache-dir", str(cache)])
    assert ok.exit_code == 1 and (cache / "geonames" / "SY.txt").is_file()

    empty = tmp_path / "XX.txt"
    empty.write_text("1\tonly\ttwo\n", encoding="utf-8")
    bad = runner.invoke(main, ["gazetteer", "add", str(empty), "--cache-dir", str(cache)])
    assert bad.exit_code == 2
    assert f"sitrep: error: {empty}: no usable row" in bad.stderr
    assert not (cache / "geonames" / "XX.txt").exists()

    missing = runner.invoke(main, ["gazetteer", "add", str(tmp_path / "nope.txt"),
                                   "--cache-dir", str(cache)])
    assert missing.exit_code == 2 and "nope.txt: cannot open GeoNames dump" in missing.stderr

    unknown = runner.invoke(main, ["gazetteer", "remove", "ZZ", "--cache-dir", str(cache)])
    assert unknown.exit_code == 2
    assert "ZZ: no such registered dump (registered: SY.txt)" in unknown.stderr


def test_every_gazetteer_command_documents_an_example() -> None:
    from sitrep.geo.cli import gazetteer_group

    for command in [gazetteer_group, *gazetteer_group.commands.values()]:
        assert "Example: sitrep gazetteer" in (command.help or "")
