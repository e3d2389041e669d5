#!/usr/bin/env bash
# The main job on the bundled samples: install, extract and audit every sample PDF into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
for pdf in corpus/samples/*.pdf; do
  name=$(basename "$pdf" .pdf)
  .venv/bin/extractor extract "$pdf" --format json -o "out/$name.json"
  echo "== $name"
  .venv/bin/extractor audit "$pdf" | tail -n 1
done
