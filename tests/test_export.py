"""Exports: one file per record type, described by a datapackage.json that Frictionless validates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corpus.schema import TABLES
from extractor.corpus.store import Store
from tests.builtdocs import build_document, record_counts, stored

EXPORTED = [t for t in TABLES if t.exported]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "s.duckdb"
    stored(db, build_document("q1"), build_document("q2", quarter=2))
    with Store(db, read_only=False) as store:
        store.write_failure("0" * 64, 'bad, "quoted".pdf', "bad_pdf", "encrypted (a password is needed)")
    return db


def export(store_path: Path, folder: Path, fmt: str) -> dict[str, object]:
    run = CliRunner().invoke(cli, ["export", "--db", str(store_path), "--to", str(folder), "--format", fmt])
    assert run.exit_code == 0, run.output
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def test_csv_export_is_a_valid_data_package(store_path: Path, tmp_path: Path) -> None:
    package = export(store_path, tmp_path, "csv")
    resources = package["resources"]
    assert isinstance(resources, list)
    assert [r["path"] for r in resources] == [f"{t.name}.csv" for t in EXPORTED]
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])
    expected = record_counts(build_document("q1"))
    with open(tmp_path / "kpis.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 2 * expected["kpis"]
    with open(tmp_path / "table_cells.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 2 * expected["table_cells"]
    with open(tmp_path / "failures.csv", encoding="utf-8") as fh:
        assert [r["path"] for r in csv.DictReader(fh)] == ['bad, "quoted".pdf']


def test_validation_catches_a_value_that_contradicts_the_descriptor(store_path: Path, tmp_path: Path) -> None:
    export(store_path, tmp_path, "csv")
    kpis = tmp_path / "kpis.csv"
    lines = kpis.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("quarter")] = "second"  # an integer field
    lines[1] = ",".join(f'"{c}"' for c in cells)
    kpis.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_parquet_export_reads_back_with_the_declared_fields(store_path: Path, tmp_path: Path) -> None:
    # Frictionless reads Parquet through pandas, where a null integer becomes NaN, so the rows are
    # checked here with pyarrow against the descriptor, and the descriptor by Frictionless.
    package = export(store_path, tmp_path, "parquet")
    report = frictionless.Package.validate_descriptor(package)
    assert report.valid, report.flatten(["type", "note"])
    arrow_types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us"),
    }
    resources = package["resources"]
    assert isinstance(resources, list)
    for spec, res in zip(EXPORTED, resources, strict=True):
        table = pq.read_table(tmp_path / res["path"])
        fields = res["schema"]["fields"]
        assert table.column_names == [f["name"] for f in fields] == list(spec.column_names)
        assert [table.schema.field(f["name"]).type for f in fields] == [
            arrow_types[f["type"]] for f in fields
        ]
    assert pq.read_table(tmp_path / "documents.parquet").num_rows == 2
    assert sorted(pq.read_table(tmp_path / "kpis.parquet").column("quarter").to_pylist()) == [1, 1, 2, 2]
