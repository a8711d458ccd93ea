"""The order of the apps holds (docs/architecture.md, "Layers"): the import-linter contracts are
kept, and no function hides an import of a higher app (the old way to dodge a cycle)."""

import ast
import configparser
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def layer_ranks() -> dict[str, int]:
    """App -> its layer's rank (0 the bottom), read from the contract in ``.importlinter``."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    lines = config["importlinter:contract:layers"]["layers"].split("\n")
    layers = [line.strip() for line in lines if line.strip()]
    ranks = {}
    for rank, layer in enumerate(reversed(layers)):
        for app in layer.split("|"):
            ranks[app.strip().strip("()")] = rank
    return ranks


def function_local_imports(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, imported app) of every ``apps.*`` import inside a function under ``root``."""
    found = []
    for path in sorted((root / "apps").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if name.startswith("apps."):
                        found.append((str(path.relative_to(root)), node.lineno, name.split(".")[1]))
    return found


def upward_function_local_imports(root: Path) -> list[tuple[str, int, str]]:
    ranks = layer_ranks()
    return [
        (path, line, app)
        for path, line, app in function_local_imports(root)
        if ranks[app] > ranks[Path(path).parts[1]]
    ]


def test_every_app_has_a_layer():
    apps = {path.parent.name for path in (ROOT / "apps").glob("*/apps.py")}
    assert apps <= set(layer_ranks())


def test_no_function_hides_an_import_of_a_higher_app():
    assert upward_function_local_imports(ROOT) == []


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_the_documented_order_is_the_contract_order():
    documented = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = documented.split("### Layers", 1)[1].split("\n## ", 1)[0]
    order = [line.strip() for line in section.split("```")[1].strip().splitlines()]
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    contract = [
        line.strip()
        for line in config["importlinter:contract:layers"]["layers"].split("\n")
        if line.strip()
    ]
    assert [line.split("  ")[0].strip() for line in order] == contract
