"""Company details and pages sit just above core: they import no shop domain, and core does not
import them (the demo app, above every app, runs their demo installer)."""

import ast

from tests.conftest import ROOT


def imported_apps(package: str) -> set[str]:
    found = set()
    for path in (ROOT / "apps" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found |= {name.split(".")[1] for name in names if name.startswith("apps.")}
    return found


def test_site_content_imports_only_core():
    assert imported_apps("sitecontent") <= {"core", "sitecontent"}


def test_core_does_not_import_site_content():
    assert "sitecontent" not in imported_apps("core")
