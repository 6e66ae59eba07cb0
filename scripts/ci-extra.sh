#!/usr/bin/env bash
# Smoke checks that .ci/run calls after `npm test`, each bounded in time so a hang fails CI
# instead of stalling it. One line per check; append yours below.
set -euo pipefail
cd "$(dirname "$0")/.."

# The one-command demo: sandbox, mail catcher and service on a fresh SQLite; exits 0 only if every
# step went as the demo describes.
timeout 300 npm run demo -- --exit

# The reliability suite: crashes, network faults, bad input, several workers, a long outage and the
# security walk; it bounds itself to about ten minutes and ends with its summary table.
timeout 900 npm run test:reliability

# The benchmarks at small sizes, on SQLite and PostgreSQL: proves `npm run bench` still runs end to
# end; its figures are not judged here (they are ratios on a shared machine, not assertions).
timeout 900 npm run bench -- --quick
