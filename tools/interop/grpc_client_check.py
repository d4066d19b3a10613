"""A TF Serving gRPC client from TF Serving's own protos against ./kiln serve: run by
grpc_client_check.sh. Exits non-zero on any disagreement with REST."""
import json
import sys
import urllib.request

import grpc
import numpy as np
import tensorflow as tf
from tensorflow.core.framework import types_pb2
from tensorflow_serving.apis import get_model_metadata_pb2, get_model_status_pb2, predict_pb2

rest_url, grpc_address, name = sys.argv[1:4]
channel = grpc.insecure_channel(grpc_address)


def call(service, method, request, response_type):
    """What a generated stub does: a unary call on /tensorflow.serving.SERVICE/METHOD."""
    rpc = channel.unary_unary(f"/tensorflow.serving.{service}/{method}",
                              request_serializer=request.SerializeToString,
                              response_deserializer=response_type.FromString)
    return rpc(request, timeout=60)


def rest(path="", body=None):
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(urllib.request.Request(rest_url + path, data=data), timeout=60) as r:
        return json.load(r)


sentences = ["a gripping , funny and moving film", "dull , lifeless and far too long", "é ü ☃",
             ""]
request = predict_pb2.PredictRequest()
request.model_spec.name = name
request.model_spec.signature_name = "serving_default"
request.inputs["sentences"].CopyFrom(tf.make_tensor_proto(sentences))
response = call("PredictionService", "Predict", request, predict_pb2.PredictResponse)
grpc_probabilities = tf.make_ndarray(response.outputs["probabilities"])
rest_outputs = rest(":predict", {"inputs": {"sentences": sentences}})["outputs"]
rest_probabilities = np.array(rest_outputs["probabilities"], dtype=np.float32)
assert grpc_probabilities.shape == rest_probabilities.shape, (grpc_probabilities.shape,
                                                             rest_probabilities.shape)
assert np.array_equal(grpc_probabilities, rest_probabilities), (grpc_probabilities,
                                                                rest_probabilities)
labels = [label.decode() for label in tf.make_ndarray(response.outputs["label"]).tolist()]
assert labels == rest_outputs["label"], (labels, rest_outputs["label"])
assert response.model_spec.name == name and response.model_spec.version.value > 0
print(f"Predict: {len(sentences)} sentences, probabilities and labels equal REST's: "
      f"{grpc_probabilities.tolist()} {labels}")

metadata_request = get_model_metadata_pb2.GetModelMetadataRequest()
metadata_request.model_spec.name = name
metadata_request.metadata_field.append("signature_def")
metadata = call("PredictionService", "GetModelMetadata", metadata_request,
                get_model_metadata_pb2.GetModelMetadataResponse)
signatures = get_model_metadata_pb2.SignatureDefMap()
assert metadata.metadata["signature_def"].Unpack(signatures)
rest_signatures = rest("/metadata")["metadata"]["signature_def"]["signature_def"]
assert set(signatures.signature_def) == set(rest_signatures), (list(signatures.signature_def),
                                                              list(rest_signatures))
for key, signature in signatures.signature_def.items():
    for side in ("inputs", "outputs"):
        for tensor, info in getattr(signature, side).items():
            rest_info = rest_signatures[key][side][tensor]
            assert types_pb2.DataType.Name(info.dtype) == rest_info["dtype"], (info.dtype,
                                                                                rest_info)
            assert info.name == rest_info["name"], (info.name, rest_info["name"])
            assert [d.size for d in info.tensor_shape.dim] == \
                [int(d["size"]) for d in rest_info["tensor_shape"]["dim"]]
print(f"GetModelMetadata: signatures {sorted(signatures.signature_def)} as REST's /metadata")

status_request = get_model_status_pb2.GetModelStatusRequest()
status_request.model_spec.name = name
status = call("ModelService", "GetModelStatus", status_request,
              get_model_status_pb2.GetModelStatusResponse)
rest_status = rest()["model_version_status"][0]
assert status.model_version_status[0].version == int(rest_status["version"])
assert get_model_status_pb2.ModelVersionStatus.State.Name(
    status.model_version_status[0].state) == rest_status["state"] == "AVAILABLE"
print(f"GetModelStatus: version {status.model_version_status[0].version} AVAILABLE, as REST's")

request.model_spec.name = "no-such-model"
try:
    call("PredictionService", "Predict", request, predict_pb2.PredictResponse)
    sys.exit("Predict of an unknown model succeeded")
except grpc.RpcError as error:
    assert error.code() == grpc.StatusCode.NOT_FOUND, error
    print(f"unknown model: {error.code().name}: {error.details()}")
print("grpc_client_check: OK")
