#!/usr/bin/env bash
# Load on kiln serve's gRPC API from GrpcLoadClient (launch test sources): N clients, each with
# its own channel, sending M Predict requests of B raw sentences to serving_default, then the
# requests per second and p50/p99/max latency. Loopback only; start the server first:
#
#   ./kiln serve --model-base-path BASE --model-name kiln --grpc-port 8500 &
#   tools/grpc-load.sh --port 8500 [--clients 8] [--requests 1000] [--batch 1] [--model kiln]
#       [--host 127.0.0.1] [--sentence "a fine film"]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -ntp -pl launch -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath >/dev/null
exec java -cp "launch/target/test-classes:launch/target/classes:$(cat launch/target/test-classpath)" \
  dev.kiln.launch.serve.grpc.GrpcLoadClient "$@"
