#!/bin/bash
# quiet before/after: engine 10M x3 pairs, 20M x2 pairs, e2e --quick x2 pairs
# B: 3dada13 with the processor-time patch of bench/Engine/EngineRun.cs, built with --artifacts-path /tmp/bench-before
# A: this code, built with --artifacts-path /tmp/bench-final
B=/tmp/bench-before/bin/Tracing.Bench/release/Tracing.Bench.dll
A=/tmp/bench-final/bin/Tracing.Bench/release/Tracing.Bench.dll
cd /work/main
for i in 1 2 3; do for v in before after; do d=$B; [ $v = after ] && d=$A
  dotnet $d engine --observations 10000000 --visits 200000 --cases 20 --baseline-max 1000000 --data /tmp/fin/data --out /tmp/fin/engine-10M-$v-$i.json > /tmp/fin/engine-10M-$v-$i.log 2>&1
  python3 -c "import json;d=json.load(open('/tmp/fin/engine-10M-$v-$i.json'));print('10M $v-$i',round(d['ingest_observations_per_second_until_readable']),round(d['ingest_cpu_seconds_per_million_until_readable'],3))"
done; done
for i in 1 2; do for v in before after; do d=$B; [ $v = after ] && d=$A
  dotnet $d engine --observations 20000000 --visits 2000000 --data /tmp/fin/data --out /tmp/fin/engine-20M-$v-$i.json > /tmp/fin/engine-20M-$v-$i.log 2>&1
  python3 -c "import json;d=json.load(open('/tmp/fin/engine-20M-$v-$i.json'));print('20M $v-$i',round(d['ingest_observations_per_second_until_readable']),round(d['ingest_cpu_seconds_per_million_until_readable'],3),round(d['scans_per_second']),round(d['proximity_match_p50_ms'],3),round(d['venue_match_p50_ms'],3))"
done; done
for i in 1 2; do for v in before after; do d=$B; [ $v = after ] && d=$A
  dotnet $d e2e --quick --out /tmp/fin/e2e-quick-$v-$i.json > /tmp/fin/e2e-quick-$v-$i.log 2>&1
  python3 -c "import json;d=json.load(open('/tmp/fin/e2e-quick-$v-$i.json'));print('e2e $v-$i',round(d['observations_per_second']),round(d['match_idle_p50_ms'],2),round(d['scans_per_second']),round(d['scans_per_second_one_per_write']),round(d['notifications_per_second']))"
done; done
