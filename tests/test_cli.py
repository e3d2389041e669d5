"""The command line: every command registered, documented in README.md's usage section, listed by
`--help` without importing any command's heavy dependencies."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from extractor import commands as commands_pkg
from extractor.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pyarrow", "pandas", "duckdb", "spacy", "playa", "pydantic", "numpy")


def _usage_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Use\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert m, "README.md has no '## Use' section"
    return m.group(1)


def test_every_command_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(commands_pkg.__path__)}
    assert {module.rsplit(".", 1)[1] for module, _ in COMMANDS.values()} == modules


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_registered_name_resolves_to_its_command(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command) and command.name == name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented_in_the_readme_usage(name: str) -> None:
    assert re.search(rf"\bextractor {name}\b", _usage_section()), (
        f"README.md '## Use' lacks `extractor {name}`"
    )


def test_help_lists_every_command_with_its_line() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for name, (_, line) in COMMANDS.items():
        assert re.search(rf"^\s+{name}\s+{re.escape(line)}", result.output, re.MULTILINE), name


def test_unknown_command_is_a_usage_error() -> None:
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


def test_help_imports_no_heavy_dependency() -> None:
    code = (
        "import sys\n"
        "from extractor.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='extractor')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('imported:', [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "series" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "imported: []"
