#!/usr/bin/env bash
# Sends the same good and bad requests to the generated mock server (generated_client::mock) and to
# Prism's validating mock built from the same spec, and prints whether each accepted or rejected
# them. Not run in CI: it needs Node.js and installs @stoplight/prism-cli from npm into target/.
# The two must agree on every row; the script exits 1 when they do not.
set -euo pipefail
cd "$(dirname "$0")/.."

prism_dir=target/prism
if [ ! -x "$prism_dir/node_modules/.bin/prism" ]; then
    mkdir -p "$prism_dir"
    (cd "$prism_dir" && npm install --silent @stoplight/prism-cli >/dev/null)
fi

cargo build -q -p generated-client --features mock --example mock_server
fifo=$(mktemp -u) && mkfifo "$fifo"
out=$(mktemp)
target/debug/examples/mock_server <"$fifo" >"$out" 2>"$out.err" &
mock_pid=$!
exec 3>"$fifo"
"$prism_dir/node_modules/.bin/prism" mock -h 127.0.0.1 -p 4010 spec/social-planner.yaml >"$out.prism" 2>&1 &
prism_pid=$!
trap 'exec 3>&-; kill $prism_pid 2>/dev/null; wait $mock_pid 2>/dev/null; rm -f "$fifo"' EXIT

for _ in $(seq 100); do
    [ "$(wc -l <"$out")" -ge 2 ] && curl -s -o /dev/null http://127.0.0.1:4010/ && break
    sleep 0.2
done
mock=$(sed -n 1p "$out")
token=$(sed -n 2p "$out")
path=/social-media-posting/oauth/loc1/instagram/accounts/acc1

# One request per row: name|method|path|auth (any text sends the token)|Version|Content-Type|body.
cases=(
    "GET, well-formed|GET|$path|auth|2021-07-28||"
    "GET, no Version header|GET|$path|auth|||"
    "GET, wrong Version|GET|$path|auth|2020-01-01||"
    "GET, no Authorization|GET|$path||2021-07-28||"
    "POST, well-formed|POST|$path|auth|2021-07-28|application/json|{\"pageId\":\"p1\",\"name\":\"n\"}"
    "POST, an extra property|POST|$path|auth|2021-07-28|application/json|{\"pageId\":\"p1\",\"other\":1}"
    "POST, pageId missing|POST|$path|auth|2021-07-28|application/json|{\"name\":\"n\"}"
    "POST, pageId a number|POST|$path|auth|2021-07-28|application/json|{\"pageId\":7}"
    "POST, name a boolean|POST|$path|auth|2021-07-28|application/json|{\"pageId\":\"p1\",\"name\":true}"
    "POST, body not JSON|POST|$path|auth|2021-07-28|application/json|{pageId"
    "POST, no Version header|POST|$path|auth||application/json|{\"pageId\":\"p1\"}"
)

send() { # base method path auth version content_type body -> "status violations?"
    local args=(-s -o /dev/null -D - -X "$2" "$1$3")
    [ -n "$4" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$5" ] && args+=(-H "Version: $5")
    [ -n "$6" ] && args+=(-H "Content-Type: $6" --data "$7")
    curl "${args[@]}" | tr -d '\r'
}

disagreements=0
printf '| request | mock | Prism | agree |\n|---|---|---|---|\n'
for row in "${cases[@]}"; do
    IFS='|' read -r name method p auth version ctype body <<<"$row"
    mock_head=$(send "$mock" "$method" "$p" "$auth" "$version" "$ctype" "$body")
    prism_head=$(send http://127.0.0.1:4010 "$method" "$p" "$auth" "$version" "$ctype" "$body")
    mock_status=$(head -1 <<<"$mock_head" | cut -d' ' -f2)
    prism_status=$(head -1 <<<"$prism_head" | cut -d' ' -f2)
    # The mock answers a violation with 400; Prism names violations in `sl-violations`, refuses a
    # missing token with 401 and a body it cannot parse with 400.
    mock_verdict=accepted; [ "$mock_status" = 400 ] && mock_verdict=rejected
    prism_verdict=accepted
    if grep -qi '^sl-violations:.*"severity":"Error"' <<<"$prism_head" || [ "$prism_status" = 401 ] || [ "$prism_status" = 400 ]; then
        prism_verdict=rejected
    fi
    agree=yes; [ "$mock_verdict" = "$prism_verdict" ] || { agree=NO; disagreements=$((disagreements + 1)); }
    printf '| %s | %s (%s) | %s (%s) | %s |\n' "$name" "$mock_verdict" "$mock_status" "$prism_verdict" "$prism_status" "$agree"
done
[ "$disagreements" -eq 0 ]
