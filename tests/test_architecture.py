"""Imports run one way: the import-linter contracts hold, and they bite.

The contracts live in pyproject.toml ([tool.importlinter]); ``make lint``
runs them. These tests run the same check on a temporary copy of the code,
once as it is and once with a forbidden import planted, so a contract that
has quietly stopped checking anything would be noticed.
"""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
PACKAGES = CONFIG["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def copy_of_the_code(destination: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own virtualenv's lint-imports
        [str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def plant(module: Path, line: str) -> None:
    """Add an import inside a function, where it is easiest to miss in review."""
    module.write_text(module.read_text() + f"\n\ndef _planted():\n    {line}\n")


def test_the_code_as_it_is_keeps_every_contract(tmp_path):
    result = lint_imports(copy_of_the_code(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        (
            "articles/workflow.py",
            "from reader import page_cache",
            "The domain imports no page, desk, format or project code",
        ),
        (
            "articles/models/article.py",
            "import newsroom.settings",
            "The domain imports no page, desk, format or project code",
        ),
        (
            "reader/views.py",
            "from desk import previews",
            "The reader's site never imports the desk",
        ),
        (
            "newsroom/context_processors.py",
            "from articles.models import Tag",
            "The project package imports no app but in its root URLconf",
        ),
        (
            "distribution/feeds.py",
            "from desk import autosave",
            "Apps are layered: each imports only the layers below it",
        ),
    ],
)
def test_a_planted_forbidden_import_breaks_its_contract(tmp_path, module, planted, contract):
    copy = copy_of_the_code(tmp_path)
    plant(copy / module, planted)

    result = lint_imports(copy)

    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(line.startswith(contract) for line in broken), result.stdout


def test_cross_app_model_lookups_are_imports_the_linter_sees():
    """``apps.get_model`` hides a dependency from import-linter: only migrations,
    which must use the historical models, may look models up by name."""
    lookups = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
        for match in re.finditer(r"get_model\(\s*['\"](\w+)['\"]", path.read_text())
        if match.group(1) != path.relative_to(ROOT).parts[0]
        and match.group(1) not in {"auth", "contenttypes"}
    ]
    assert lookups == []
