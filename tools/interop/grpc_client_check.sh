#!/usr/bin/env bash
# Opt-in check that a TF Serving gRPC client in Python, built from TF Serving's own protos, gets
# from ./kiln serve --grpc-port the answers REST gives (not run by mvn test). Generates Python
# messages for tensorflow_serving/apis/{model,predict,get_model_metadata,get_model_status,status}
# .proto from a checkout of github.com/tensorflow/serving with the build's protoc (TensorFlow's own
# messages come from the tensorflow package, as tensorflow-serving-api's do; that wheel is not in
# this machine's index), serves BASE with ./kiln serve, and compares Predict (inputs from
# tf.make_tensor_proto) with REST :predict, GetModelMetadata with /metadata, GetModelStatus with
# the status, and a NOT_FOUND.
# The venv is tools/interop/.venv (gitignored), shared with the other checks.
#   usage: tools/interop/grpc_client_check.sh TF_SERVING_CHECKOUT BASE [MODEL_NAME]
#   BASE: a ./kiln export base path whose serving_default takes raw sentences
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/venv.sh"
serving="${1:?usage: grpc_client_check.sh TF_SERVING_CHECKOUT BASE [MODEL_NAME]}"
base="${2:?usage: grpc_client_check.sh TF_SERVING_CHECKOUT BASE [MODEL_NAME]}"
name="${3:-kiln}"
[ -f "$serving/tensorflow_serving/apis/predict.proto" ] \
  || { echo "grpc_client_check: $serving has no tensorflow_serving/apis/predict.proto" >&2; exit 2; }
export TF_CPP_MIN_LOG_LEVEL=3
interop_require tensorflow 'tensorflow-cpu==2.21.*'
interop_require grpc grpcio

version="$(sed -n 's:.*<protobuf.version>\(.*\)</protobuf.version>.*:\1:p' "$repo/pom.xml")"
protoc="$HOME/.m2/repository/com/google/protobuf/protoc/$version/protoc-$version-linux-x86_64.exe"
[ -x "$protoc" ] || { echo "grpc_client_check: build the launch module first (no $protoc)" >&2; exit 2; }
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# protoc resolves TensorFlow's imports through Kiln's stand-ins (only their names matter: the
# generated Python imports the tensorflow package's real modules). TensorFlow 2.21's
# error_codes.proto re-exports XLA's copy of TSL's, so the stand-in does the same.
mkdir -p "$work/tf/tensorflow/core/protobuf" "$work/tf/xla/tsl/protobuf" "$work/py" "$work/include"
printf 'syntax = "proto3";\npackage tensorflow.error;\nimport public "xla/tsl/protobuf/error_codes.proto";\n' \
  > "$work/tf/tensorflow/core/protobuf/error_codes.proto"
printf 'syntax = "proto3";\npackage tensorflow.error;\nenum Code {\n  OK = 0;\n}\n' \
  > "$work/tf/xla/tsl/protobuf/error_codes.proto"
(cd "$work/include" && unzip -q "$HOME/.m2/repository/com/google/protobuf/protobuf-java/$version/protobuf-java-$version.jar" 'google/protobuf/*.proto')
"$protoc" -I"$serving" -I"$repo/launch/src/main/proto-imports" -I"$work/tf" -I"$work/include" \
  --python_out="$work/py" tensorflow_serving/apis/{model,predict,get_model_metadata,get_model_status,status}.proto

"$repo/kiln" serve --model-base-path "$base" --model-name "$name" --port 0 --grpc-port 0 \
  > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
for _ in $(seq 1200); do
  [ "$(wc -l < "$work/serve.out")" -ge 2 ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.5
done
rest_url="$(sed -n 's/^Serving .* at \(http:.*\)$/\1/p' "$work/serve.out")"
grpc_address="$(sed -n "s/^Serving TF Serving's gRPC API for .* at \(.*\)$/\1/p" "$work/serve.out")"
[ -n "$rest_url" ] && [ -n "$grpc_address" ] || { cat "$work/serve.out" "$work/serve.err" >&2; exit 1; }
echo "== kiln serve: REST $rest_url, gRPC $grpc_address"
PYTHONPATH="$work/py" "$interop_venv/bin/python" "$here/grpc_client_check.py" \
  "$rest_url" "$grpc_address" "$name"
