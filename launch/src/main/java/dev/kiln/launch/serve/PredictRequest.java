package dev.kiln.launch.serve;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of a TensorFlow Serving {@code :predict} request: a signature name and either
 * {@code "instances"} (row format: a list with one entry per example) or {@code "inputs"}
 * (columnar format: one tensor per input).
 *
 * @param signatureName the signature to run, {@code serving_default} when the request names none
 * @param rowFormat whether the inputs came as {@code "instances"}, so the outputs go back as
 *     {@code "predictions"}
 * @param data the value of {@code "instances"} or {@code "inputs"}
 */
record PredictRequest(String signatureName, boolean rowFormat, JsonElement data)
    implements PredictInputs {
  static final String DEFAULT_SIGNATURE = "serving_default";

  private static final Gson GSON = new Gson();
  /** Where Gson's parse errors say the problem is. */
  private static final Pattern POSITION = Pattern.compile("line \\d+ column \\d+");
  private static final String SIGNATURE_NAME = "signature_name";
  private static final String INSTANCES = "instances";
  private static final String INPUTS = "inputs";
  private static final Set<String> KEYS = Set.of(SIGNATURE_NAME, INSTANCES, INPUTS);

  /**
   * Parses a request body.
   *
   * @throws InvalidInputException if it is not strict JSON or not a predict request
   */
  static PredictRequest parse(String body) {
    if (body.isBlank()) {
      throw new InvalidInputException("the request body is empty; expected a JSON object with"
          + " \"instances\" or \"inputs\"");
    }
    JsonElement json = parseJson(body);
    if (!json.isJsonObject()) {
      throw new InvalidInputException("the request body must be a JSON object");
    }
    JsonObject request = json.getAsJsonObject();
    for (String key : request.keySet()) {
      if (!KEYS.contains(key)) {
        throw new InvalidInputException("unknown key \"" + key + "\" in the request (expected "
            + "\"signature_name\", and \"instances\" or \"inputs\")");
      }
    }
    if (request.has(INSTANCES) == request.has(INPUTS)) {
      throw new InvalidInputException("the request must have exactly one of \"instances\""
          + " (row format) or \"inputs\" (columnar format)");
    }
    boolean rowFormat = request.has(INSTANCES);
    JsonElement data = request.get(rowFormat ? INSTANCES : INPUTS);
    if (rowFormat && !data.isJsonArray()) {
      throw new InvalidInputException("\"instances\" must be a list");
    }
    return new PredictRequest(signatureName(request), rowFormat, data);
  }

  /** The number of instances of a row-format request; 0 for the columnar format. */
  @Override
  public int instances() {
    return rowFormat ? data.getAsJsonArray().size() : 0;
  }

  /**
   * The request's tensors for {@code signature}: row format stacks the instances along a new
   * first dimension.
   *
   * @throws InvalidInputException if names, types or shapes do not fit the signature
   */
  @Override
  public Map<String, TensorValue> inputs(SignatureSpec signature) {
    Map<String, JsonElement> columns = rowFormat ? columns(signature) : named(data, signature,
        "\"inputs\"");
    Map<String, TensorValue> inputs = new LinkedHashMap<>();
    columns.forEach((name, json) -> inputs.put(name,
        JsonTensors.parse("input '" + name + "'", json, signature.inputs().get(name))));
    return inputs;
  }

  /** The instances of a row-format request, else the first dimension of its inputs. */
  @Override
  public long rows(Map<String, TensorValue> inputs) {
    return rowFormat ? instances() : PredictInputs.super.rows(inputs);
  }

  /** The instances regrouped as one JSON list per input. */
  private Map<String, JsonElement> columns(SignatureSpec signature) {
    JsonArray instances = data.getAsJsonArray();
    if (instances.isEmpty()) {
      throw new InvalidInputException("\"instances\" is empty");
    }
    Map<String, JsonElement> columns = new LinkedHashMap<>();
    signature.inputs().keySet().forEach(name -> columns.put(name, new JsonArray()));
    for (int i = 0; i < instances.size(); i++) {
      named(instances.get(i), signature, "instance " + i).forEach((name, value) ->
          columns.get(name).getAsJsonArray().add(value));
    }
    return columns;
  }

  /**
   * {@code value}'s entries by input name: an object keyed by input name, or, when the signature
   * has a single input, that input's bare value.
   */
  private static Map<String, JsonElement> named(
      JsonElement value, SignatureSpec signature, String where) {
    Map<String, JsonElement> named = new LinkedHashMap<>();
    boolean bareValue = !value.isJsonObject() || ServingType.STRING.isLeaf(value);
    if (bareValue && signature.inputs().size() == 1) {
      named.put(signature.inputs().keySet().iterator().next(), value);
      return named;
    }
    if (bareValue) {
      throw new InvalidInputException(where + " must be an object keyed by input name (signature '"
          + signature.key() + "' has inputs: " + String.join(", ", signature.inputs().keySet())
          + ")");
    }
    JsonObject object = value.getAsJsonObject();
    signature.checkInputNames(object.keySet(), where);
    object.entrySet().forEach(entry -> named.put(entry.getKey(), entry.getValue()));
    return named;
  }

  private static String signatureName(JsonObject request) {
    JsonElement name = request.get(SIGNATURE_NAME);
    if (name == null) {
      return DEFAULT_SIGNATURE;
    }
    if (!name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
      throw new InvalidInputException("\"signature_name\" must be a string");
    }
    return name.getAsString().isEmpty() ? DEFAULT_SIGNATURE : name.getAsString();
  }

  /** Strict JSON (RFC 8259): no comments, unquoted names or trailing content. */
  private static JsonElement parseJson(String body) {
    try (JsonReader reader = new JsonReader(new StringReader(body))) {
      reader.setStrictness(Strictness.STRICT);
      JsonElement json = GSON.getAdapter(JsonElement.class).read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new InvalidInputException("malformed JSON: unexpected content after the value");
      }
      return json;
    } catch (IOException | JsonParseException | IllegalStateException e) {
      Matcher position = POSITION.matcher(String.valueOf(e.getMessage()));
      throw new InvalidInputException("malformed JSON"
          + (position.find() ? " at " + position.group() : ""));
    }
  }
}
