#!/usr/bin/env bash
# Runs the examples of docs/CONSUMERS.md against a running pipeline: starts the built jar on the
# bundled sample (embedded broker, temporary data), reads the party snapshots with the Python,
# kcat and Java examples, and checks that each sees Russia. Needs launcher/target/parley.jar
# (./mvnw package), kcat, and Python 3 with confluent-kafka and avro
# (Debian: apt install kcat python3-confluent-kafka python3-avro).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=launcher/target/parley.jar
PY=${PYTHON:-/usr/bin/python3}
[ -f "$JAR" ] || { echo "check.sh: no $JAR: run ./mvnw package first" >&2; exit 2; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
KAFKA_PORT=$(free_port); HTTP_PORT=$(free_port); LOG=$(mktemp)
java -Xmx1g -jar "$JAR" run --ephemeral --kafka-port "$KAFKA_PORT" --http-port "$HTTP_PORT" > "$LOG" 2>&1 &
PARLEY=$!
trap 'kill $PARLEY 2> /dev/null || true; wait $PARLEY 2> /dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$HTTP_PORT/api/parties" | grep -q '"code":"RUS"'; then break; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$HTTP_PORT/api/parties" | grep -q '"code":"RUS"' || { echo "check.sh: the pipeline did not count RUS (log: $LOG)" >&2; trap - EXIT; kill $PARLEY; exit 1; }
B=127.0.0.1:$KAFKA_PORT
T=parley.party-openness.v1
# Each example's whole output first, then the check (grep -q would close the pipe early).
out=$("$PY" docs/examples/read_topic.py "$B" "$T")
grep -q '"party": "RUS"' <<< "$out" || { echo "check.sh: read_topic.py did not read RUS" >&2; exit 1; }
echo "read_topic.py: ok ($(wc -l <<< "$out") records)"
out=$(kcat -b "$B" -C -t "$T" -e -q -f '%k\n' | sort -u)
grep -qx RUS <<< "$out" || { echo "check.sh: kcat did not read the key RUS" >&2; exit 1; }
echo "kcat: ok ($(wc -l <<< "$out") parties)"
out=$(java -cp "$JAR" docs/examples/ReadTopic.java "$B" "$T" 2>/dev/null)
grep -q '^RUS	' <<< "$out" || { echo "check.sh: ReadTopic.java did not read RUS" >&2; exit 1; }
echo "ReadTopic.java: ok ($(wc -l <<< "$out") records)"
exit 0
