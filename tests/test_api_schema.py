"""Property tests from the API's own OpenAPI schema (schemathesis over ASGI, no network):
whatever query and path parameters the schema admits (positive) or breaks (negative), no GET
answers 5xx.

schemathesis' own pytest plugin (``from_fixture``) does not run under pytest 9, so each GET
operation's case strategy drives a plain hypothesis test. Bounded: a fixed number of cases
per operation and mode, derandomized, so the file runs in seconds.
"""

from __future__ import annotations

from typing import Any

import pytest

from api_fixtures import ARTICLES, build_store

schemathesis = pytest.importorskip("schemathesis", reason="the serve extra (schemathesis)")
pytest.importorskip("fastapi", reason="the serve extra (fastapi)")
from hypothesis import HealthCheck, given, settings  # noqa: E402

EXAMPLES = 25
# Every GET path of /openapi.json; test_every_get_path_is_covered keeps this list whole.
GET_PATHS = ("/events", "/events.csv", "/events.geojson", "/events/{event_id}", "/control",
             "/theater", "/actors", "/relations", "/claims", "/documents/{doc_id}")
# The paths with query parameters a case can break (negative mode); free-text path
# parameters and parameterless paths admit anything, so negative cases cannot exist there.
BREAKABLE = ("/events", "/events.csv", "/events.geojson", "/control", "/relations", "/claims")
CASES = [*((p, "positive") for p in GET_PATHS), *((p, "negative") for p in BREAKABLE)]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from sitrep.api import create_app

    store = build_store(tmp_path_factory.mktemp("schema"), ARTICLES)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(store))


def test_every_get_path_is_covered(api_schema: Any) -> None:
    gets = {p: ops["get"] for p, ops in api_schema.raw_schema["paths"].items() if "get" in ops}
    assert set(gets) == set(GET_PATHS)
    queried = {p for p, op in gets.items()
               if any(x["in"] == "query" for x in op.get("parameters", []))}
    assert queried == set(BREAKABLE)


@pytest.mark.parametrize(("path", "mode"), CASES)
def test_no_get_answers_a_server_error(api_schema: Any, path: str, mode: str) -> None:
    operation = api_schema[path]["GET"]
    seen: list[int] = []

    @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode)))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        response = case.call()
        seen.append(response.status_code)
        assert response.status_code < 500, (
            f"{response.status_code} for {case.as_curl_command()}: {response.text[:300]}")

    check()
    assert seen, f"{path}: no case was generated"
