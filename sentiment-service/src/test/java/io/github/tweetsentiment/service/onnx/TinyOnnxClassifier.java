package io.github.tweetsentiment.service.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a tiny but real ONNX sequence classifier, so the operator plug-in path can be tested
 * without downloading a model: {@code logits[b] = sum_t mask[b,t] * table[input_ids[b,t]]}, a bag
 * of per-token logit vectors, built from Gather, Cast, Unsqueeze, Mul and ReduceSum (opset 13) and
 * encoded by hand in the ONNX protobuf format.
 */
public final class TinyOnnxClassifier {

  private TinyOnnxClassifier() {}

  /**
   * The model's bytes.
   *
   * @param vocabulary the tokenizer's vocabulary size
   * @param width logits per text
   * @param tokenLogits the non-zero rows of the table: token id to its logit vector
   */
  public static byte[] build(int vocabulary, int width, Map<Integer, float[]> tokenLogits) {
    ByteBuffer table = ByteBuffer.allocate(vocabulary * width * 4).order(ByteOrder.LITTLE_ENDIAN);
    tokenLogits.forEach(
        (id, logits) -> {
          for (int k = 0; k < width; k++) {
            table.putFloat((id * width + k) * 4, logits[k]);
          }
        });
    Proto graph =
        maskedSum(
                new Proto().message(1, node("Gather", new String[] {"table", "input_ids"}, "emb")),
                "emb",
                "logits")
            .string(2, "tiny-classifier")
            .message(5, tensor("table", 1, new long[] {vocabulary, width}, table.array()))
            .message(11, valueInfo("input_ids", 7, "batch", "sequence"))
            .message(11, valueInfo("attention_mask", 7, "batch", "sequence"))
            .message(12, valueInfo("logits", 1, "batch", Integer.toString(width)));
    return model(graph);
  }

  /**
   * A tiny stand-in for fine-tuned top layers ({@code TunedTop}): {@code logits = (sum_t mask[t] *
   * hidden[t]) . weights}, reading hidden states {@code [batch, tokens, width]}.
   *
   * @param weights {@code [width, 3]}, row-major
   */
  public static byte[] tunedTop(int width, float[] weights) {
    ByteBuffer w = ByteBuffer.allocate(width * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : weights) {
      w.putFloat(f);
    }
    Proto graph =
        maskedSum(new Proto(), "hidden", "summed")
            .message(1, node("MatMul", new String[] {"summed", "weights"}, "logits"))
            .string(2, "tiny-tuned-top")
            .message(5, tensor("weights", 1, new long[] {width, 3}, w.array()))
            .message(11, valueInfo("hidden", 1, "batch", "tokens", Integer.toString(width)))
            .message(11, valueInfo("attention_mask", 7, "batch", "tokens"))
            .message(12, valueInfo("logits", 1, "batch", "3"));
    return model(graph);
  }

  /**
   * Adds the nodes (and their axis constants) that sum {@code values} ({@code [batch, tokens,
   * width]}) over the tokens the attention mask keeps, into {@code sum} ({@code [batch, width]}).
   */
  private static Proto maskedSum(Proto graph, String values, String sum) {
    return graph
        .message(
            1,
            node("Cast", new String[] {"attention_mask"}, "mask_f")
                .message(5, intAttribute("to", 1)))
        .message(1, node("Unsqueeze", new String[] {"mask_f", "axis2"}, "mask3"))
        .message(1, node("Mul", new String[] {values, "mask3"}, "masked"))
        .message(
            1,
            node("ReduceSum", new String[] {"masked", "axis1"}, sum)
                .message(5, intAttribute("keepdims", 0)))
        .message(5, tensor("axis1", 7, new long[] {1}, int64(1)))
        .message(5, tensor("axis2", 7, new long[] {1}, int64(2)));
  }

  private static byte[] model(Proto graph) {
    return new Proto()
        .varint(1, 7) // ir_version
        .string(2, "tweet-sentiment tests")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13)) // opset 13
        .bytes();
  }

  private static Proto node(String op, String[] inputs, String output) {
    Proto node = new Proto();
    for (String input : inputs) {
      node.string(1, input);
    }
    return node.string(2, output).string(3, op + "_" + output).string(4, op);
  }

  private static Proto intAttribute(String name, long value) {
    return new Proto().string(1, name).varint(3, value).varint(20, 2); // type INT
  }

  private static Proto tensor(String name, int dataType, long[] dims, byte[] raw) {
    Proto t = new Proto();
    for (long d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, dataType).string(8, name).field(9, raw);
  }

  /** A tensor value; a dimension that parses as a number is fixed, any other is symbolic. */
  private static Proto valueInfo(String name, int elemType, String... dims) {
    Proto shape = new Proto();
    for (String d : dims) {
      shape.message(
          1,
          d.matches("\\d+") ? new Proto().varint(1, Long.parseLong(d)) : new Proto().string(2, d));
    }
    Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  private static byte[] int64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  /** The protobuf wire format, just the parts ONNX needs. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      writeVarint((long) field << 3);
      writeVarint(value);
      return this;
    }

    Proto field(int field, byte[] value) {
      writeVarint(((long) field << 3) | 2);
      writeVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    Proto string(int field, String value) {
      return field(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto message) {
      return field(field, message.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void writeVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
