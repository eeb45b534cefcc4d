#!/usr/bin/env bash
# The test command of the README: sets up, checks formatting and lints, runs the Rust tests,
# then every end-to-end suite `tests/<suite>/run.sh` (real binary, real clients).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$QUARTIERS_ROOT"

scripts/setup.sh --with-tests

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test"
cargo test --locked --workspace 2>&1 | tee "$QUARTIERS_CACHE/cargo-test.log"

passed=0; failed=0; failures=()
for suite in tests/*/run.sh; do
  [ -f "$suite" ] || continue
  name=$(basename "$(dirname "$suite")")
  echo "== e2e: $name"
  if bash "$suite"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
done
echo "end-to-end suites: $passed passed, $failed failed"
if [ $failed -gt 0 ]; then
  echo "failed suites: ${failures[*]}" >&2
  exit 1
fi
