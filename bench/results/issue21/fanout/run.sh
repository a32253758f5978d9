#!/usr/bin/env bash
# How the case flow's fan-out grows with the partition count (issue 21): the cluster run at 3, 6, 12 and 24 partitions,
# 3 silos, without the failover phase, 30 cases each. Run from the repository root on a quiet machine (about 6 minutes).
set -euo pipefail
out=bench/results/issue21/fanout
dotnet build -c Release bench --artifacts-path /tmp/bench-fanout >/dev/null
for p in 3 6 12 24; do
  dotnet /tmp/bench-fanout/bin/Tracing.Bench/release/Tracing.Bench.dll cluster --silos 3 --partitions "$p" --observations 500000 --scans 8000 --cases 30 --no-failover --out "$out/partitions-$p.json" | tee "$out/partitions-$p.log"
done
