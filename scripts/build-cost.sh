#!/usr/bin/env bash
# What depending on generated-client costs a new binary: cold build time and crates compiled,
# against a baseline binary that depends only on reqwest (rustls) and serde_json, in the same run.
#
# Usage: scripts/build-cost.sh [--release] [--types] [--client DIR]
#   --release     measure release builds (default: dev builds, what `cargo build` does)
#   --types       also measure the types-only build (`default-features = false`), against a
#                 baseline that depends only on serde, serde_json and chrono
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
types=""
client="$root/generated-client"
while [ $# -gt 0 ]; do
    case "$1" in
        --release) profile_flag="--release"; profile_name="release"; shift ;;
        --types) types=1; shift ;;
        --client) client="$(cd "$2" && pwd)"; shift 2 ;;
        *) echo "usage: $0 [--release] [--types] [--client DIR]" >&2; exit 2 ;;
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

# The types-only build against what any serde user already compiles: the three crates it keeps.
if [ -n "$types" ]; then
    new_crate types-baseline 'serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }' \
        '#[derive(serde::Deserialize, Debug)]
struct Body {
    at: chrono::DateTime<chrono::Utc>,
}
fn main() {
    let body: Body = serde_json::from_str(r#"{"at":"2024-03-14T11:03:37Z"}"#).unwrap();
    println!("{body:?}");
}'
    new_crate types-only "generated-client = { path = \"$client\", default-features = false }" \
        'fn main() {
    let body = generated_client::types::AttachIgAccountDto::new("page".to_string());
    println!("{}", serde_json::to_string(&body).unwrap_or_default());
}'
    sed -i 's/^\[dependencies\]$/[dependencies]\nserde_json = "1"/' "$work/types-only/Cargo.toml"
fi

echo "cold $profile_name builds on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "client crate: $client"
read -r base_wall base_cpu base_crates < <(measure baseline)
read -r client_wall client_cpu client_crates < <(measure with-client)
printf '%-40s %10s %10s %8s\n' "" "wall s" "CPU s" "crates"
printf '%-40s %10.1f %10.1f %8d\n' "baseline (reqwest rustls + serde_json)" "$base_wall" "$base_cpu" "$base_crates"
printf '%-40s %10.1f %10.1f %8d\n' "with generated-client" "$client_wall" "$client_cpu" "$client_crates"
printf '%-40s %9sx %9sx %7sx\n' "ratio (generated-client / baseline)" \
    "$(ratio "$client_wall" "$base_wall")" "$(ratio "$client_cpu" "$base_cpu")" "$(ratio "$client_crates" "$base_crates")"
if [ -n "$types" ]; then
    read -r tb_wall tb_cpu tb_crates < <(measure types-baseline)
    read -r to_wall to_cpu to_crates < <(measure types-only)
    printf '%-40s %10.1f %10.1f %8d\n' "types baseline (serde + json + chrono)" "$tb_wall" "$tb_cpu" "$tb_crates"
    printf '%-40s %10.1f %10.1f %8d\n' "generated-client, types only" "$to_wall" "$to_cpu" "$to_crates"
    printf '%-40s %9sx %9sx %7sx\n' "ratio (types only / types baseline)" \
        "$(ratio "$to_wall" "$tb_wall")" "$(ratio "$to_cpu" "$tb_cpu")" "$(ratio "$to_crates" "$tb_crates")"
fi
