#!/bin/bash
# Where a cluster's CPU goes (issue 25, item 8): the default scenario with N mobile nodes, first
# in one process, then on two loopback members (every role each) and a driver, all journalled to
# a throwaway PostgreSQL started here as the tests start theirs; prints each process's CPU seconds.
# Usage (as root, after `dotnet build -c Release`): bash loadtests/cluster-cpu.sh [N]
# Optional: MEMBER_ENV="DOTNET_gcServer=0" (the members' environment), TRACE=1 (a 20 s
# dotnet-trace of the first member into /tmp/member.nettrace), SKIP_ONE=1 (no one-process run).
set -e
N=${1:-100000}
DMM="dotnet $(cd "$(dirname "$0")/.." && pwd)/src/DmmActors.Cli/bin/Release/net10.0/dmm.dll"
W=/tmp/dmm-cluster-cpu; rm -rf $W; mkdir -p $W/pg; chown postgres $W/pg; cd $W
BIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
runuser -u postgres -- $BIN/initdb -D $W/pg/data -A trust -U dmm --no-sync >/dev/null
PORT=55432
runuser -u postgres -- $BIN/pg_ctl -D $W/pg/data -l $W/pg/server.log -w -t 60 -o "-p $PORT -k /tmp -c fsync=on -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
CS="Host=127.0.0.1;Port=$PORT;Username=dmm;Database=postgres;Pooling=true"
echo "dmm.scenario.mobile-nodes = $N" > s.conf
if [ -z "$SKIP_ONE" ]; then echo "== one process"
/usr/bin/time -f "one process: %e s wall %U user %S sys" $DMM run s.conf --journal "$CS" --out alone > alone.log 2>&1 || true
tail -1 alone.log
python3 -c "import json; d=json.load(open('$W/alone/summary.json')); print('one process handovers/s', d['wall']['handovers_per_s'])"
fi
P1=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
P2=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
env $MEMBER_ENV $DMM node --roles anchor,access,mn --port $P1 --seed 127.0.0.1:$P1 --journal "$CS" --signalling-timeout 600s > n1.log 2>&1 &
N1=$!
env $MEMBER_ENV $DMM node --roles anchor,access,mn --port $P2 --seed 127.0.0.1:$P1 --journal "$CS" --signalling-timeout 600s > n2.log 2>&1 &
N2=$!
for i in $(seq 1 90); do grep -q "is up" n1.log && grep -q "is up" n2.log && break; sleep 1; done
echo "== 2 members"
S0=$(awk '{print $14+$15}' /proc/$N1/stat); S1=$(awk '{print $14+$15}' /proc/$N2/stat); PG0=$(ps -u postgres -o time= | awk -F: '{s+=$1*3600+$2*60+$3} END {print s}')
if [ -n "$TRACE" ]; then (sleep 25; ~/.dotnet/tools/dotnet-trace collect -p $N1 --duration 00:00:00:20 --profile dotnet-common,dotnet-sampled-thread-time -o /tmp/member.nettrace >/dev/null 2>&1) & fi
/usr/bin/time -f "driver: %e s wall %U user %S sys" $DMM run s.conf --cluster 127.0.0.1:$P1 --journal "$CS" --out members > driver.log 2>&1 || true
E0=$(awk '{print $14+$15}' /proc/$N1/stat); E1=$(awk '{print $14+$15}' /proc/$N2/stat); PG1=$(ps -u postgres -o time= | awk -F: '{s+=$1*3600+$2*60+$3} END {print s}')
tail -1 driver.log
echo "member 1 cpu s: $(( (E0-S0)/100 )), member 2 cpu s: $(( (E1-S1)/100 )), postgres cpu s: $(( PG1-PG0 ))"
python3 -c "import json; d=json.load(open('$W/members/summary.json')); print('2 members handovers/s', d['wall']['handovers_per_s'], 'remote share', d['cluster_remote_share'])"
kill $N1 $N2; wait $N1 $N2 2>/dev/null || true
runuser -u postgres -- $BIN/pg_ctl -D $W/pg/data -m immediate -w stop >/dev/null
