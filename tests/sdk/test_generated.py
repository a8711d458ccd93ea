"""The SDKs in the repository are what `make sdk` generates from today's schema, and the
schema suits the mainstream generators on their default settings."""

import filecmp
import subprocess
from pathlib import Path

import yaml

from tests.conftest import ROOT

from .conftest import SDK


def differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    found = [f"only in {left}: {name}" for name in comparison.left_only]
    found += [f"only in {right}: {name}" for name in comparison.right_only]
    found += [f"differs: {left / name}" for name in comparison.diff_files]
    for name in comparison.common_dirs:
        found += differences(left / name, right / name)
    return found


def test_the_committed_schema_and_sdks_are_what_make_sdk_generates(tmp_path):
    # Generation prints nothing and fails on any generator warning (default settings).
    subprocess.run(
        [str(ROOT / "scripts" / "sdk.sh"), str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    stale = ["sdk/openapi.yml"] * (
        (tmp_path / "openapi.yml").read_text() != (SDK / "openapi.yml").read_text()
    )
    stale += differences(SDK / "python" / "storefront_api", tmp_path / "python" / "storefront_api")
    if (tmp_path / "time-zones.md").read_text() != (SDK / "time-zones.md").read_text():
        stale.append("sdk/time-zones.md")
    if (tmp_path / "typescript/src/schema.ts").read_text() != (
        SDK / "typescript/src/schema.ts"
    ).read_text():
        stale.append("sdk/typescript/src/schema.ts")
    assert not stale, f"run `make sdk` and commit the result: {stale}"


def test_every_operation_has_an_id_error_responses_and_its_idempotency_header():
    schema = yaml.safe_load((SDK / "openapi.yml").read_text())
    ids = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            ids.append(operation["operationId"])
            errors = {
                status: response
                for status, response in operation["responses"].items()
                if status.startswith(("4", "5"))
            }
            assert {"400", "401", "403", "429", "503"} <= set(errors), (method, path)
            for response in errors.values():
                schema_ref = response["content"]["application/json"]["schema"]
                assert schema_ref == {"$ref": "#/components/schemas/Error"}, (method, path)
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            if method == "post" and "/webhook-endpoints/" not in path:  # writes that apply once
                assert "Idempotency-Key" in headers, (method, path)
    assert len(ids) == len(set(ids))


def test_time_zones_are_a_documented_string_not_an_enum_of_every_name():
    schema = yaml.safe_load((SDK / "openapi.yml").read_text())
    timezone = schema["components"]["schemas"]["MemberCreateRequest"]["properties"]["timezone"]
    assert timezone["type"] == "string" and "enum" not in timezone
    assert "IANA" in timezone["description"]
    listed = (SDK / "time-zones.md").read_text()
    assert "`Europe/Berlin`" in listed and "`Asia/Shanghai`" in listed
    money = schema["components"]["schemas"]["Money"]
    assert money["required"] == ["amount", "currency"]
