#!/usr/bin/env bash
# What depending on generated-client costs a new binary: cold build time and crates compiled,
# against a baseline binary that depends only on reqwest (rustls) and serde_json, in the same run.
#
# Usage: scripts/build-cost.sh [--release] [--client DIR]
#   --release     measure release builds (default: dev builds, what `cargo build` does)
#   --client DIR  measure another copy of the client crate (default: ./generated-client), for
#                 trying a dependency change without committing it
#
# Not part of CI: it builds everything twice from scratch, which takes minutes. Both binaries use
# the versions pinned in the workspace's Cargo.lock, so the two sides differ only in what they
# depend on. Each build gets its own empty target directory; downloads happen before the clock
# starts. Wall time on a shared machine is noisy: compare the CPU time and the ratios.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
profile_flag=""
profile_name="dev"
client="$root/generated-client"
while [ $# -gt 0 ]; do
    case "$1" in
        --release) profile_flag="--release"; profile_name="release"; shift ;;
        --client) client="$(cd "$2" && pwd)"; shift 2 ;;
        *) echo "usage: $0 [--release] [--client DIR]" >&2; exit 2 ;;
    esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Writes a binary crate named $1 whose [dependencies] are $2 and whose main.rs is $3.
new_crate() {
    mkdir -p "$work/$1/src"
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n\n[workspace]\n' \
        "$1" "$2" >"$work/$1/Cargo.toml"
    printf '%s\n' "$3" >"$work/$1/src/main.rs"
    cp "$root/Cargo.lock" "$work/$1/Cargo.lock"
}

reqwest_version="$(sed -n 's/^reqwest = { version = "\([^"]*\)".*/\1/p' "$client/Cargo.toml")"
new_crate with-client "generated-client = { path = \"$client\" }" \
    'fn main() {
    let client = generated_client::Client::new("token");
    println!("{}", client.base_url());
}'
new_crate baseline "reqwest = { version = \"${reqwest_version:-0.13}\", default-features = false, features = [\"rustls\"] }
serde_json = \"1\"" \
    'fn main() {
    let client = reqwest::Client::new();
    println!("{:?} {}", client, serde_json::json!({ "ok": true }));
}'

# Prints "<wall seconds> <CPU seconds> <crates compiled>" for a cold build of crate $1. CPU time
# (user + system, of cargo and everything it runs) varies far less than wall time on a busy machine.
measure() {
    local dir="$work/$1" log="$work/$1.log" times="$work/$1.times"
    (cd "$dir" && cargo fetch --quiet)
    if ! (
        cd "$dir"
        TIMEFORMAT='%R %U %S'
        { time CARGO_TARGET_DIR="$work/target-$1" cargo build $profile_flag >"$log" 2>&1; } 2>"$times"
    ); then
        cat "$log" >&2
        echo "the build of $1 failed" >&2
        exit 1
    fi
    read -r wall user sys <"$times"
    echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $(grep -c '^ *Compiling ' "$log")"
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

echo "cold $profile_name builds on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "client crate: $client"
read -r base_wall base_cpu base_crates < <(measure baseline)
read -r client_wall client_cpu client_crates < <(measure with-client)
printf '%-40s %10s %10s %8s\n' "" "wall s" "CPU s" "crates"
printf '%-40s %10.1f %10.1f %8d\n' "baseline (reqwest rustls + serde_json)" "$base_wall" "$base_cpu" "$base_crates"
printf '%-40s %10.1f %10.1f %8d\n' "with generated-client" "$client_wall" "$client_cpu" "$client_crates"
printf '%-40s %9sx %9sx %7sx\n' "ratio (generated-client / baseline)" \
    "$(ratio "$client_wall" "$base_wall")" "$(ratio "$client_cpu" "$base_cpu")" "$(ratio "$client_crates" "$base_crates")"
