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


def _help(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="extractor")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_shows_an_example(name: str) -> None:
    assert re.search(rf"Example:\n(\s+extractor {name} .*\n)+", _help(name)), f"{name} --help has no example"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_shared_options_are_spelled_alike(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    for param in command.params:
        if param.name == "output":
            assert param.opts[:2] == ["-o", "--output"], name
        if param.name == "fmt":
            assert param.opts[:2] == ["-f", "--format"], name
        if param.name == "db":
            assert param.opts == ["--db"], name


def test_the_cli_reference_is_generated_from_the_help() -> None:
    from extractor.reference import CLI_REFERENCE, cli_reference

    assert CLI_REFERENCE.read_text(encoding="utf-8") == cli_reference() + "\n", (
        "run: python -m extractor.reference"
    )


def test_the_store_reference_is_generated_from_the_schema() -> None:
    from extractor.reference import STORE_REFERENCE, with_store_tables

    text = STORE_REFERENCE.read_text(encoding="utf-8")
    assert text == with_store_tables(text), "run: python -m extractor.reference"


def test_old_option_spellings_work_but_are_not_shown(tmp_path: Path) -> None:
    # export's --to is shown as the meeting-date filter; as the folder it is the older spelling of -o
    assert "--to DATE" in _help("export") and "--to FOLDER" not in _help("export")
    assert "--out " not in _help("report")
    missing = str(tmp_path / "missing.duckdb")
    for args in (
        ["export", "--db", missing, "--to", str(tmp_path / "x")],
        ["report", "--db", missing, "--out", str(tmp_path / "r.html")],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 4 and "no such store" in result.output, result.output


def test_an_output_that_cannot_be_written_stops_before_the_work(tmp_path: Path) -> None:
    # the PDF does not exist: reaching the work would exit 3, a bad output exits 2 first
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "none.pdf"), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output, result.output


def test_an_output_folder_is_made_before_the_work(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "status.txt"
    result = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "missing.duckdb"), "-o", str(target)])
    assert result.exit_code == 4 and target.parent.is_dir(), result.output


def test_ctrl_c_exits_130_and_says_how_to_resume(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from extractor.commands import status

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(status, "Store", interrupted)
    result = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 130 and "run the same command again to resume" in result.output
