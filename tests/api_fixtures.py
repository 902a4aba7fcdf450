"""A small store built by running the pipeline on sentences written for these tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sitrep.pipeline import run_pipeline
from sitrep.settings import Settings

XSS = "<script>alert(1)</script> <img src=x onerror=alert(2)> javascript:alert(3)"
ARTICLES = {
    "a_hama": "Fighters of Hayat Tahrir al-Sham captured Hama on Thursday after a long push.\n",
    "b_idlib": "Russian airstrikes hit Idlib on Wednesday, killing at least 12 people.\n",
    "c_homs": "Thousands fled Homs on Thursday as the fighting neared the city.\n",
    "d_xss": (
        f"Headline {XSS}\n\n"
        f"Russian warplanes bombed Aleppo on Monday, residents said in posts {XSS} online.\n"
    ),
}
# For the web page: relations for the actor graph and two distance claims that disagree.
MORE_ARTICLES = {
    "e_claim_hts": "Hayat Tahrir al-Sham said on Friday its fighters were 20 km from Homs.\n",
    "f_claim_sohr": (
        "The Syrian Observatory for Human Rights said on Friday the rebels were 5 km from Homs.\n"
    ),
    "g_backers": (
        "The Turkish-backed SNA moved east of Manbij on Sunday.\n\n"
        "Hayat Tahrir al-Sham is considered a terrorist organisation by the US.\n"
    ),
}
PUBLISHED = "2024-12-06"


def build_store(folder: Path, articles: Mapping[str, str] = ARTICLES) -> Path:
    """Run the pipeline on ``articles`` (name: text) into ``folder/api.db``; return its path."""
    inputs = folder / "in"
    inputs.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (inputs / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = {name: {"published": PUBLISHED, "outlet": "Test Wire",
                   "url": "javascript:alert(4)" if name == "d_xss" else None}
            for name in articles}
    meta = {k: {f: v for f, v in m.items() if v is not None} for k, m in meta.items()}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    db = folder / "api.db"
    run_pipeline([inputs], db=db, settings=Settings(theater="syria", workers=1),
                 meta_path=folder / "meta.json")
    return db
