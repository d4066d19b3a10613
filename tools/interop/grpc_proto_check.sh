#!/usr/bin/env bash
# Opt-in check that kiln serve's gRPC messages are TF Serving's on the wire (not run by mvn test):
# compiles TF Serving's own tensorflow_serving/apis/{predict,get_model_metadata,get_model_status}
# .proto from a checkout of github.com/tensorflow/serving with the build's protoc, compiles Kiln's
# copies the same way, and compares every tensorflow.serving message field by field (number,
# name, label, type, type name, JSON name, oneof) and every enum value. Prints the fields Kiln
# leaves out; fails on any field that differs. TensorFlow's own imports resolve to Kiln's
# stand-ins (launch/src/main/proto-imports) on both sides, so only TF Serving's messages are
# compared. Needs a built launch module (protoc and protobuf-java in ~/.m2).
#   usage: tools/interop/grpc_proto_check.sh TF_SERVING_CHECKOUT
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
serving="${1:?usage: grpc_proto_check.sh TF_SERVING_CHECKOUT}"
[ -f "$serving/tensorflow_serving/apis/predict.proto" ] \
  || { echo "grpc_proto_check: $serving has no tensorflow_serving/apis/predict.proto" >&2; exit 2; }
version="$(sed -n 's:.*<protobuf.version>\(.*\)</protobuf.version>.*:\1:p' "$repo/pom.xml")"
m2="${HOME}/.m2/repository/com/google/protobuf"
protoc="$m2/protoc/$version/protoc-$version-linux-x86_64.exe"
runtime="$m2/protobuf-java/$version/protobuf-java-$version.jar"
[ -x "$protoc" ] && [ -f "$runtime" ] \
  || { echo "grpc_proto_check: build the launch module first (no $protoc)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && mkdir include && cd include && unzip -q "$runtime" 'google/protobuf/*.proto')
# TF Serving imports error_codes.proto by TensorFlow's path, which re-exports TSL's
mkdir -p "$work/tf/tensorflow/core/protobuf"
printf 'syntax = "proto3";\npackage tensorflow.error;\nimport public "tsl/protobuf/error_codes.proto";\n' \
  > "$work/tf/tensorflow/core/protobuf/error_codes.proto"
files=(tensorflow_serving/apis/predict.proto tensorflow_serving/apis/get_model_metadata.proto
  tensorflow_serving/apis/get_model_status.proto)
imports=(-I"$repo/launch/src/main/proto-imports" -I"$work/tf" -I"$work/include")
"$protoc" -I"$serving" "${imports[@]}" --include_imports --descriptor_set_out="$work/theirs.pb" "${files[@]}"
"$protoc" -I"$repo/launch/src/main/proto" "${imports[@]}" --include_imports \
  --descriptor_set_out="$work/kiln.pb" "${files[@]}"
echo "== TF Serving $(git -C "$serving" log -1 --format='%h %cs' 2>/dev/null || echo "(not a git checkout)")"
java -cp "$runtime" "$here/GrpcProtoCheck.java" "$work/kiln.pb" "$work/theirs.pb"
