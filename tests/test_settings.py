"""Settings: defaults < file < environment < overrides; bad input raises SettingsError."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import SettingsError
from sitrep.settings import Settings, load_settings


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no stray ./sitrep.toml
    for key in ("THEATER", "WORKERS", "MAX_BYTES", "CACHE_DIR", "PARALLEL_THRESHOLD"):
        monkeypatch.delenv(f"SITREP_{key}", raising=False)


def test_defaults() -> None:
    assert load_settings() == Settings()


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "custom.toml"
    f.write_text('[sitrep]\ntheater = "from-file"\nworkers = 3\nmax_bytes = 500\n', encoding="utf-8")
    s = load_settings(f)
    assert (s.theater, s.workers, s.max_bytes) == ("from-file", 3, 500)
    assert s.parallel_threshold == Settings().parallel_threshold
    monkeypatch.setenv("SITREP_WORKERS", "5")
    monkeypatch.setenv("SITREP_MAX_BYTES", "700")
    s = load_settings(f)
    assert (s.theater, s.workers, s.max_bytes) == ("from-file", 5, 700)
    s = load_settings(f, workers=7, theater=None)
    assert (s.theater, s.workers, s.max_bytes) == ("from-file", 7, 700)


def test_default_file_in_cwd(tmp_path: Path) -> None:
    (tmp_path / "sitrep.toml").write_text("workers = 4\n", encoding="utf-8")
    assert load_settings().workers == 4


def test_unknown_key(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text("wokers = 2\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting 'wokers'"):
        load_settings(f)


def test_bad_value_in_file_env_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "s.toml"
    f.write_text('workers = "many"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="workers"):
        load_settings(f)
    monkeypatch.setenv("SITREP_MAX_BYTES", "ten")
    with pytest.raises(SettingsError, match="max_bytes"):
        load_settings()
    monkeypatch.delenv("SITREP_MAX_BYTES")
    with pytest.raises(SettingsError, match="workers"):
        load_settings(workers="lots")


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text("workers = = 2\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(f)
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "absent.toml")


@pytest.mark.parametrize(("raw", "expected"), [("0", False), ("false", False), ("yes", True),
                                                ("1", True), ("True", True)])
def test_a_yes_no_setting_from_the_environment_reads_the_word(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, raw: str, expected: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SITREP_EMBED", raw)
    assert load_settings().embed is expected


def test_a_yes_no_setting_that_is_neither_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SITREP_EMBED", "maybe")
    with pytest.raises(SettingsError, match="embed"):
        load_settings()
