"""Installing: the wheel puts one package, `extractor`, into site-packages and works from a folder
whose own `schemas.py`, `parsers/` and `corpus.py` would shadow generic names; every declared
dependency is one the product imports."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.pdfgen import Line, Page, write_pdf

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("extractor", "parsers", "schemas", "corpus")
# extras for working on the project, not for using it: their packages need not be imported by it
TOOLING_EXTRAS = {"dev", "bench"}
SHADOW = 'raise ImportError("imported {name} from the folder, not from extractor")\n'


def _pyproject() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _distribution(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


def _product_imports() -> set[str]:
    """Top-level names of every module the product's source imports."""
    found: set[str] = set()
    for folder in PRODUCT:
        for path in (ROOT / folder).rglob("*.py"):
            if "samples" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module.split(".")[0])
    return found


def test_every_declared_dependency_is_imported_by_the_product() -> None:
    project = _pyproject()["project"]
    declared = list(project["dependencies"])
    for extra, requirements in project.get("optional-dependencies", {}).items():
        if extra not in TOOLING_EXTRAS:
            declared.extend(requirements)
    imported_by = {}  # distribution -> the import names it provides that the product uses
    for module, distributions in packages_distributions().items():
        for dist in distributions:
            imported_by.setdefault(_distribution(dist), set()).add(module)
    used = _product_imports()
    unused = [req for req in declared if not imported_by.get(_distribution(req), set()) & used]
    assert unused == [], f"declared but never imported by the product: {unused}"


def test_dependencies_are_ranges_and_constraints_pin_them() -> None:
    project = _pyproject()["project"]
    pins = {
        _distribution(line): line.split("==", 1)[1]
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    requirements = [*project["dependencies"], *sum(project["optional-dependencies"].values(), [])]
    for req in requirements:
        assert "==" not in req, f"{req}: a range, not one version (exact versions go in constraints.txt)"
        name = _distribution(req)
        if name != _distribution(project["name"]):
            assert name in pins, f"{req} has no exact version in constraints.txt"


def test_the_wheel_installs_one_package_and_imports_beside_generic_names(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("*.whl")
    top = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in top if not t.endswith(".dist-info")} == {"extractor"}

    # a fresh environment holding only the wheel; the dependencies are borrowed from this one
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q"]
    subprocess.run([*install, str(wheel)], check=True, capture_output=True)

    notebook = tmp_path / "notebook"
    (notebook / "parsers").mkdir(parents=True)
    for shadow in (notebook / "schemas.py", notebook / "corpus.py", notebook / "parsers" / "__init__.py"):
        shadow.write_text(SHADOW.format(name=shadow.name), encoding="utf-8")
    write_pdf(notebook / "note.pdf", [Page([Line("Budget monitoring"), Line("The forecast is £1.2m.")])])
    code = (
        "import extractor\n"
        "assert extractor.__file__.startswith(sys.argv[1]), extractor.__file__\n"
        "doc = extractor.extract('note.pdf')\n"
        "print(doc.source.pages, [f.value_gbp_m for f in doc.figures])\n"
    )
    run = subprocess.run(
        [str(python), "-c", "import sys\n" + code, site],
        cwd=notebook,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},  # only what the venv holds
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["1", "[1.2]"]
