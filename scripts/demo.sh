#!/usr/bin/env bash
# The main job on the bundled samples: install, ingest every sample PDF into a DuckDB store
# (out/store.duckdb; re-running skips what is stored), then print what the store holds and the
# audit summary; KPI series, a Frictionless data package of every record type and the HTML
# report go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/extractor ingest corpus/samples --db out/store.duckdb
.venv/bin/extractor status --db out/store.duckdb
.venv/bin/extractor series --db out/store.duckdb -f csv -o out/kpi_series.csv
.venv/bin/extractor export --db out/store.duckdb -o out/export
.venv/bin/extractor report --db out/store.duckdb -o out/report.html
