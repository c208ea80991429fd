"""`make run` installs only requirements.txt: everything the site imports outside its tests
must come from a distribution pinned there, or a fresh clone fails to start."""

import ast
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_RUNTIME = {".venv", "tests", "migrations", "node_modules", ".cache", "staticfiles", "media"}


def runtime_modules():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & NOT_RUNTIME or path.name == "conftest.py":
            continue
        yield path


def imported_top_levels(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def pinned_distributions():
    names = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(line.split("==")[0].strip().lower().replace("_", "-"))
    return names


def test_every_runtime_import_is_pinned_in_requirements_txt():
    ours = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    distributions = packages_distributions()
    pinned = pinned_distributions()
    missing = {}
    for path in runtime_modules():
        for name in imported_top_levels(path):
            if name in ours or name in sys.stdlib_module_names:
                continue
            providers = {d.lower().replace("_", "-") for d in distributions.get(name, [])}
            if not providers & pinned:
                missing.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert not missing, f"imported at runtime but not pinned in requirements.txt: {missing}"
