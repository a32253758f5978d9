#!/usr/bin/env bash
# Contact ingest measured by an independent HTTP/2 client: h2load (Debian's nghttp2-client) replays one pre-encoded
# UploadContacts body against the real server on loopback, alternating with the bench's own senders sending the same
# bytes; prints obs/s of both and writes bench/results/h2load.json. Options: --calls N (a round; default 200 calls of
# 10,000 observations) --streams S (default 8) --rounds R (default 3) --out FILE.
set -euo pipefail
command -v h2load > /dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench --artifacts-path /tmp/bench-artifacts -- h2load "$@"
