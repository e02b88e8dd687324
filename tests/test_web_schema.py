"""A bounded schemathesis run over the API's own OpenAPI document (/api/openapi.json) against the real app and node:
for every operation, examples that fit the schema and examples that do not, sent over HTTP by a signed-in admin
(session cookie and X-CSRF-Token). It fails on any 5xx, on a status, content type, header or body the document
does not declare, and on a response without the security headers.

Bounded and reproducible: a fixed number of examples per operation and mode from a fixed seed (`derandomize`), no
shrinking; well under a minute on two cores. Two of schemathesis's checks are left out as wrong for this API: "valid
input is accepted" (a query the language cannot parse is a valid string for the schema, and answers 400) and
"invalid input is rejected" (on the wire every query value is a string: `lang=60.0` is a valid language filter
that matches nothing, not a number where a string belongs). Malformed values are still sent, and must not break
anything above; tests/test_web_hardening.py checks that the ones that matter answer 400."""

# ruff: noqa: F811 - the tests take the imported `web` fixture as a parameter
from __future__ import annotations

import pytest
import schemathesis  # a dev dependency (pyproject.toml): missing, this test fails rather than being skipped
from test_web import SECURITY_HEADERS
from test_web import web  # noqa: F401 - the shared server fixture (tests take it as `web`)

pytestmark = pytest.mark.integration
EXAMPLES = 20  # per operation and mode
SLOW = {"/api/export": 6}  # exports write a whole bundle each time


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
            response_schema_conformance]  # fmt: skip


def test_the_api_keeps_to_its_openapi_document(web):
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode

    client = web.login("admin")
    spec = client.get("/api/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    cookies = {"imt_session": client.cookies.get("imt_session")}
    headers = {"x-csrf-token": web.csrf(client)}
    checks = _checks()
    failures, sent = [], {"n": 0}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            examples = SLOW.get(operation.path, EXAMPLES)

            @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))  # fmt: skip
            @given(case=operation.as_strategy(generation_mode=mode))
            def exercise(case):
                response = case.call(base_url=web.url, headers=headers, cookies=cookies, timeout=120)
                sent["n"] += 1
                case.validate_response(response, checks=checks)
                missing = [name for name, value in SECURITY_HEADERS.items()
                           if value not in response.headers.get(name, [""])[0]]  # fmt: skip
                assert not missing, f"{case.method} {case.formatted_path}: no {missing} on a {response.status_code}"

            try:
                exercise()
            except Unsatisfiable:
                continue  # nothing malformed can be made for an operation without parameters
            except Exception as exc:  # noqa: BLE001 - every operation is run, then all failures are reported
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}):\n{exc}")
    assert sent["n"] > 100
    assert not failures, "\n\n".join(failures)
