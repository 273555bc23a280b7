#!/usr/bin/env bash
# What a generated client costs the compiler per operation, against progenitor's output of the same
# spec, outside CI (minutes per spec). For each spec: generates our crate (release generator, timed,
# lines counted) and progenitor's (`cargo progenitor`, installed from crates.io into the scratch
# folder), builds each crate's dependencies once, then measures a debug `cargo build` of the crate
# alone after touching its lib.rs (CARGO_INCREMENTAL=0, the best of RUNS builds), less a no-op
# build's cargo overhead. Prints a Markdown row per spec: CPU time (user+sys) and wall time, ms of
# CPU per operation for both, and their ratio. Compare CPU, not wall: the machines are shared. Our
# crate holds the client's hand-written runtime too, a fixed cost that a one-operation spec shows;
# progenitor's output depends on the separately compiled `progenitor-client` instead.
#
# Usage: scripts/build-per-op.sh SPEC.json [SPEC.json ...]
# Environment: BUILD_PER_OP_DIR, the scratch folder (default ${TMPDIR:-/tmp}/build-per-op); RUNS
# (default 2); PROGENITOR_VERSION (default 0.15.1); NO_PROGENITOR=1 measures ours alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${BUILD_PER_OP_DIR:-${TMPDIR:-/tmp}/build-per-op}"
runs="${RUNS:-2}"
mkdir -p "$scratch/ours" "$scratch/theirs"
export CARGO_INCREMENTAL=0
cd "$root"
cargo build --release -p xtask
if [ -z "${NO_PROGENITOR:-}" ] && [ ! -x "$scratch/bin/cargo-progenitor" ]; then
    cargo install --quiet --locked --root "$scratch" cargo-progenitor --version "${PROGENITOR_VERSION:-0.15.1}"
fi

# A workspace of one member, so that each side's dependencies resolve as that side asks.
workspace() {
    printf '[workspace]\nresolver = "2"\nmembers = ["%s"]\n\n[workspace.package]\nedition = "2021"\nrust-version = "1.88"\nlicense = "MIT OR Apache-2.0"\npublish = false\n' "$2" >"$1/Cargo.toml"
}

# cpu_ms DIR PACKAGE: the best CPU (ms) and its wall (ms) of RUNS builds of the crate alone, less
# the CPU of a build with nothing to do; `failed failed` when the crate does not compile.
cpu_ms() {
    local dir="$1" package="$2" best="" wall="" idle
    if ! (cd "$dir" && cargo build --quiet --lib -p "$package") >"$dir/$package.build.log" 2>&1; then
        echo "failed failed"
        return
    fi
    idle=$( (cd "$dir" && /usr/bin/time -f "%U %S" cargo build --quiet --lib -p "$package") 2>&1 | tail -1 |
        awk '{printf "%d", ($1 + $2) * 1000}')
    for _ in $(seq "$runs"); do
        touch "$dir/$package/src/lib.rs"
        read -r cpu elapsed < <( (cd "$dir" && /usr/bin/time -f "%U %S %e" cargo build --quiet --lib -p "$package") 2>&1 |
            tail -1 | awk -v idle="$idle" '{printf "%d %d\n", ($1 + $2) * 1000 - idle, $3 * 1000}')
        if [ -z "$best" ] || [ "$cpu" -lt "$best" ]; then best="$cpu" wall="$elapsed"; fi
    done
    echo "$best $wall"
}

echo "| spec | operations | ours: generation | lines | build CPU | wall | CPU per operation | progenitor: generation | lines | build CPU | wall | CPU per operation | ours / progenitor |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for spec in "$@"; do
    name="$(basename "$spec" .json | tr -c 'a-zA-Z0-9\n' '-' | tr 'A-Z' 'a-z')"
    ops=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m={"get","put","post","delete","options","head","patch","trace"}; print(sum(1 for p in d.get("paths",{}).values() for k in p if k in m))' "$spec")

    # Ours: the crate laid out as `cargo xtask corpus` does (the client's manifest up to its
    # dev-dependencies, its hand-written sources), then generated into.
    crate="$scratch/ours/$name"
    mkdir -p "$crate/src"
    workspace "$scratch/ours" "$name"
    cp "$root/Cargo.lock" "$scratch/ours/Cargo.lock"
    sed -n '/^\[dev-dependencies\]/q;p' generated-client/Cargo.toml | sed "s/^name = \"generated-client\"/name = \"$name\"/" >"$crate/Cargo.toml"
    cp generated-client/src/*.rs "$crate/src/"
    /usr/bin/time -f "%e s" -o "$scratch/time" target/release/xtask codegen --allow-invalid-examples \
        --allow-dangling-refs --max-input-mb 100 --spec "$spec" --out "$crate" >/dev/null 2>&1
    ours_gen=$(tail -1 "$scratch/time")
    # The lines a default build compiles: the examples are tests and the mock a feature.
    ours_lines=$(cat "$crate"/src/generated/{mod,types,operations}.rs | wc -l)
    read -r ours_cpu ours_wall < <(cpu_ms "$scratch/ours" "$name")
    [ "$ours_cpu" != failed ] || { echo "$name: our crate does not compile: $scratch/ours/$name.build.log" >&2; continue; }

    theirs_gen=- theirs_lines=- theirs_cpu=- theirs_wall=- theirs_per_op=- ratio=-
    if [ -z "${NO_PROGENITOR:-}" ]; then
        out="$scratch/theirs/$name"
        rm -rf "$out"
        workspace "$scratch/theirs" "$name"
        if /usr/bin/time -f "%e s" -o "$scratch/time" "$scratch/bin/cargo-progenitor" progenitor -i "$spec" -o "$out" \
            -n "$name" -v 0.1.0 >"$scratch/theirs/$name.log" 2>&1; then
            theirs_gen=$(tail -1 "$scratch/time")
            theirs_lines=$(find "$out/src" -name '*.rs' -exec cat {} + | wc -l)
            read -r theirs_cpu theirs_wall < <(cpu_ms "$scratch/theirs" "$name")
            if [ "$theirs_cpu" = failed ]; then
                theirs_cpu="does not compile" theirs_wall=-
            else
                theirs_per_op=$(awk -v c="$theirs_cpu" -v n="$ops" 'BEGIN {printf "%.1f ms", c / n}')
                ratio=$(awk -v a="$ours_cpu" -v b="$theirs_cpu" 'BEGIN {printf "%.2f", a / b}')
                theirs_cpu="$theirs_cpu ms" theirs_wall="$theirs_wall ms"
            fi
        else
            theirs_gen="fails ($(grep -m1 -A1 panicked "$scratch/theirs/$name.log" | tail -1 | cut -c1-80))"
        fi
    fi
    ours_per_op=$(awk -v c="$ours_cpu" -v n="$ops" 'BEGIN {printf "%.1f ms", c / n}')
    echo "| $name | $ops | $ours_gen | $ours_lines | $ours_cpu ms | $ours_wall ms | $ours_per_op | $theirs_gen | $theirs_lines | $theirs_cpu | $theirs_wall | $theirs_per_op | $ratio |"
done
