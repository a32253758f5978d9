#!/bin/bash
# The full e2e run before partitions and now, alternated on a quiet machine: 2 pairs.
# B: 3dada13 with the processor-time patch of bench/Engine/EngineRun.cs (from cd97fe1), built with --artifacts-path /tmp/bench-before
# A: this code, built with --artifacts-path /tmp/bench-final
B=/tmp/bench-before/bin/Tracing.Bench/release/Tracing.Bench.dll
A=/tmp/bench-final/bin/Tracing.Bench/release/Tracing.Bench.dll
out=${1:-/tmp/e2e}
mkdir -p "$out"
for i in ${PAIRS:-1 2}; do for v in before after; do d=$B; [ $v = after ] && d=$A
  dotnet $d e2e --out $out/e2e-$v-$i.json > $out/e2e-$v-$i.log 2>&1
  python3 -c "import json;d=json.load(open('$out/e2e-$v-$i.json'));print('e2e $v-$i obs/s',round(d['observations_per_second']),'match while ingesting p50/p99',round(d['match_p50_ms'],1),round(d['match_p99_ms'],1),'idle p50/p99',round(d['match_idle_p50_ms'],2),round(d['match_idle_p99_ms'],2),'scans/s',round(d['scans_per_second']),round(d['scans_per_second_one_per_write']),'notif/s',round(d['notifications_per_second']))"
done; done
