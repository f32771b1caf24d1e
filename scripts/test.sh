#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every unit and CLI test.
# The point-in-polygon conformance cases run too when ../shared/conformance is beside the checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
swift test
