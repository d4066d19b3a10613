import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the tensorflow.serving messages of two descriptor sets (Kiln's, TF Serving's): run by
 * grpc_proto_check.sh. Exits 1 if a field or enum value of Kiln's differs from TF Serving's or a
 * message of Kiln's is not TF Serving's; fields TF Serving has and Kiln leaves out are listed.
 */
public class GrpcProtoCheck {
  public static void main(String[] args) throws Exception {
    Map<String, DescriptorProto> kiln = messages(args[0]);
    Map<String, DescriptorProto> theirs = messages(args[1]);
    int same = 0;
    int differ = 0;
    for (Map.Entry<String, DescriptorProto> message : kiln.entrySet()) {
      DescriptorProto reference = theirs.get(message.getKey());
      if (reference == null) {
        System.out.println("NOT IN TF SERVING " + message.getKey());
        differ++;
        continue;
      }
      Map<Integer, String> ours = fields(message.getValue());
      Map<Integer, String> published = fields(reference);
      for (Map.Entry<Integer, String> field : ours.entrySet()) {
        if (field.getValue().equals(published.get(field.getKey()))) {
          same++;
        } else {
          System.out.println("DIFFERS " + message.getKey() + ": Kiln " + field.getValue()
              + " | TF Serving " + published.get(field.getKey()));
          differ++;
        }
      }
      published.forEach((number, field) -> {
        if (!ours.containsKey(number)) {
          System.out.println("left out " + message.getKey() + ": " + field);
        }
      });
      for (EnumDescriptorProto type : message.getValue().getEnumTypeList()) {
        boolean equal = reference.getEnumTypeList().stream().anyMatch(other ->
            other.getName().equals(type.getName()) && other.getValueList()
                .equals(type.getValueList()));
        System.out.println((equal ? "same enum " : "DIFFERS enum ") + message.getKey() + "."
            + type.getName());
        differ += equal ? 0 : 1;
      }
    }
    System.out.println(kiln.size() + " messages, " + same + " fields the same, " + differ
        + " differences");
    System.exit(differ == 0 ? 0 : 1);
  }

  private static Map<String, DescriptorProto> messages(String path) throws Exception {
    Map<String, DescriptorProto> all = new TreeMap<>();
    for (FileDescriptorProto file :
        FileDescriptorSet.parseFrom(Files.readAllBytes(Path.of(path))).getFileList()) {
      if (file.getPackage().equals("tensorflow.serving")) {
        for (DescriptorProto message : file.getMessageTypeList()) {
          add(all, file.getPackage() + "." + message.getName(), message);
        }
      }
    }
    return all;
  }

  private static void add(Map<String, DescriptorProto> all, String name, DescriptorProto message) {
    all.put(name, message);
    for (DescriptorProto nested : message.getNestedTypeList()) {
      add(all, name + "." + nested.getName(), nested);
    }
  }

  private static Map<Integer, String> fields(DescriptorProto message) {
    Map<Integer, String> fields = new TreeMap<>();
    for (FieldDescriptorProto field : message.getFieldList()) {
      fields.put(field.getNumber(), field.getNumber() + " " + field.getName() + " "
          + field.getLabel() + " " + field.getType() + " " + field.getTypeName() + " json="
          + field.getJsonName() + (field.hasOneofIndex() ? " oneof" : "")
          + (field.getProto3Optional() ? " optional" : ""));
    }
    return fields;
  }
}
