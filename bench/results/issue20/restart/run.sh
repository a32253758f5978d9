#!/bin/bash
# Restart after kill -9 before partitions and now, on a quiet machine: engine 20M x3 pairs.
# B: 3dada13 with the processor-time patch of bench/Engine/EngineRun.cs (from cd97fe1), built with --artifacts-path /tmp/bench-before
# A: this code, built with --artifacts-path /tmp/bench-final
B=/tmp/bench-before/bin/Tracing.Bench/release/Tracing.Bench.dll
A=/tmp/bench-final/bin/Tracing.Bench/release/Tracing.Bench.dll
out=${1:-/tmp/rs}
mkdir -p "$out"
for i in 1 2 3; do for v in before after; do d=$B; [ $v = after ] && d=$A
  dotnet $d engine --observations 20000000 --visits 2000000 --data $out/data --out $out/engine-20M-$v-$i.json > $out/engine-20M-$v-$i.log 2>&1
  python3 -c "import json;d=json.load(open('$out/engine-20M-$v-$i.json'));print('20M $v-$i restart',round(d['recovery_seconds'],2),'clean reopen',round(d['recovery_clean_reopen_seconds'],2),'ingest',round(d['ingest_observations_per_second_until_readable']),round(d['ingest_cpu_seconds_per_million_until_readable'],3))"
done; done
