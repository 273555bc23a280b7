#!/usr/bin/env bash
# Generates and compiles GitHub's REST description (npm package @octokit/openapi), the scale test of
# issue 11, outside CI: it takes minutes. Prints generation time (release) and lines generated.
# Usage: scripts/scale.sh [SPEC.json]   (default: installs @octokit/openapi into a scratch folder)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
spec="${1:-}"
if [ -z "$spec" ]; then
    scratch="${TMPDIR:-/tmp}/octo"
    [ -f "$scratch/node_modules/@octokit/openapi/generated/api.github.com.json" ] ||
        (mkdir -p "$scratch" && cd "$scratch" && npm install --silent @octokit/openapi)
    spec="$scratch/node_modules/@octokit/openapi/generated/api.github.com.json"
fi
apps="$(mktemp -d)"
cp "$spec" "$apps/github.json"
cd "$root"
cargo build --release -p xtask
out="$(mktemp -d)/github"
cp -r generated-client "$out"
/usr/bin/time -f "generation: %e s, %M KB peak" target/release/xtask codegen --allow-invalid-examples \
    --allow-dangling-refs --spec "$apps/github.json" --out "$out" >/dev/null
wc -l "$out"/src/generated/*.rs | tail -1
# Generates it again into the corpus workspace and `cargo check`s it (`--apps` leaves the fixtures out).
cargo xtask corpus --apps "$apps"
