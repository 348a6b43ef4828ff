#!/usr/bin/env bash
# Prints the meternet-reference-data ConfigMap (the ONS households per local authority and postcode
# lookups the services read: platform ReferenceData) for `kubectl apply --server-side -f -` (about
# 600 kB: too big for client-side apply's annotation); every overlay needs it. The data ships in
# the repository (data/reference, with its sources and licence in SOURCES.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reference="${METERNET_REFERENCE_DATA_DIR:-$root/data/reference}"
[[ -d "$reference" ]] || { echo "no reference data at $reference" >&2; exit 1; }
files=()
for f in local_authorities.csv postcode_sectors.csv postcode_districts.csv distribution_areas.csv; do
  files+=("--from-file=$reference/$f")
done
"${KUBECTL:-kubectl}" create configmap meternet-reference-data --namespace meternet "${files[@]}" --dry-run=client -o yaml
