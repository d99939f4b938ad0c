#!/usr/bin/env bash
# Every shop_* metric the alert rules and the Grafana board query is one shop-server exports
# (metrics/exposition.cpp, http/handlers/operator_handlers.cpp): a renamed metric fails here
# instead of leaving a silent alert or an empty panel.
set -euo pipefail
ROOT="${1:?usage: metric_names_test.sh REPO_ROOT}"
exporters=("$ROOT/metrics/exposition.cpp" "$ROOT/http/handlers/operator_handlers.cpp")
mapfile -t names < <(grep -oh 'shop_[a-z_]*' "$ROOT/docker/prometheus/alerts.yml" \
  "$ROOT/docker/grafana/dashboards/shop.json" | sed -E 's/_(bucket|sum|count)$//' | sort -u)
((${#names[@]} > 0)) || { echo "no shop_* metric found in the rules or the board" >&2; exit 1; }
missing=0
for name in "${names[@]}"; do
  if ! grep -q "\"$name\"" "${exporters[@]}"; then
    echo "not exported by shop-server: $name" >&2
    missing=1
  fi
done
echo "${#names[@]} metric names checked"
exit "$missing"
