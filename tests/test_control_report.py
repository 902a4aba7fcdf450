"""The report draws control from the timeline: territory per day and key corridors."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from sitrep.models import ControlChange, Place, PlaceLevel, SourceRef, TimeSpan
from sitrep.report import render_report
from sitrep.theater import load_theater


def test_syria_report_has_territory_per_map_and_corridor_status() -> None:
    pytest.importorskip("shapely")
    syria = load_theater("syria")
    hama = ControlChange(
        change_id="c1", place=Place(id="gn:170017", name="Hama", level=PlaceLevel.SETTLEMENT),
        to_actor="hts", from_actor="syria-gov", time=TimeSpan.exact(date(2024, 11, 28)),
        sources=(SourceRef(doc_id="d1", start=0, end=4, quote="Hama"),),
    )
    page = render_report(title="t", theater=syria, documents=(), events=(), control=(hama,),
                         relations=(), generated=datetime(2024, 12, 9, tzinfo=UTC))
    groups = re.findall(r'<g class="terr" data-days="([\d ]+)"', page)
    assert groups == ["0 1", "2"]  # the map before and after Hama changes hands
    row = re.search(r"<tr><th>Damascus - Aleppo \(syria-gov\)</th>(.*?)</tr>", page)
    assert row is not None
    assert re.findall(r"<td[^>]*>([^<]+)</td>", row.group(1)) == ["open", "open", "cut: Hama"]
