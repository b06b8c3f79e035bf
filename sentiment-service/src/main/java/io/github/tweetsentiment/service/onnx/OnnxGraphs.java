package io.github.tweetsentiment.service.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Edits a serialized ONNX model in the protobuf wire format, without an ONNX or protobuf library:
 * the one edit the service needs is to expose an intermediate tensor as a graph output, so one run
 * of an encoder yields both its last hidden states and those after an earlier layer.
 */
public final class OnnxGraphs {

  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_OUTPUT = 12;
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_BYTES = 2;
  private static final int WIRE_FIXED32 = 5;
  private static final int FLOAT = 1;

  private OnnxGraphs() {}

  /**
   * The model with float tensors, named as in its graph, added to the graph's outputs (no shape is
   * declared; ONNX Runtime infers it).
   *
   * @throws IllegalArgumentException when the bytes are not a model with a graph
   */
  public static byte[] withOutputs(byte[] model, List<String> tensorNames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 64 * tensorNames.size());
    boolean graphSeen = false;
    int at = 0;
    while (at < model.length) {
      int fieldStart = at;
      long[] key = varint(model, at);
      at = (int) key[1];
      int field = (int) (key[0] >>> 3);
      int wire = (int) (key[0] & 7);
      if (field == MODEL_GRAPH && wire == WIRE_BYTES) {
        long[] length = varint(model, at);
        int from = (int) length[1];
        int to = checkedEnd(model, from, length[0]);
        ByteArrayOutputStream graph = new ByteArrayOutputStream(to - from + 64);
        graph.write(model, from, to - from);
        for (String name : tensorNames) {
          writeBytes(graph, GRAPH_OUTPUT, floatOutput(name));
        }
        writeBytes(out, MODEL_GRAPH, graph.toByteArray());
        graphSeen = true;
        at = to;
      } else {
        at = skip(model, at, wire);
        out.write(model, fieldStart, at - fieldStart);
      }
    }
    if (!graphSeen) {
      throw new IllegalArgumentException("not an ONNX model: no graph found");
    }
    return out.toByteArray();
  }

  /** A ValueInfoProto: the name and a float tensor type. */
  private static byte[] floatOutput(String name) {
    ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
    writeVarintField(tensorType, 1, FLOAT); // TypeProto.Tensor.elem_type
    ByteArrayOutputStream type = new ByteArrayOutputStream();
    writeBytes(type, 1, tensorType.toByteArray()); // TypeProto.tensor_type
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    writeBytes(info, 1, name.getBytes(StandardCharsets.UTF_8)); // ValueInfoProto.name
    writeBytes(info, 2, type.toByteArray()); // ValueInfoProto.type
    return info.toByteArray();
  }

  private static int skip(byte[] b, int at, int wire) {
    return switch (wire) {
      case WIRE_VARINT -> (int) varint(b, at)[1];
      case WIRE_FIXED64 -> checkedEnd(b, at, 8);
      case WIRE_FIXED32 -> checkedEnd(b, at, 4);
      case WIRE_BYTES -> {
        long[] length = varint(b, at);
        yield checkedEnd(b, (int) length[1], length[0]);
      }
      default -> throw new IllegalArgumentException("not an ONNX model: wire type " + wire);
    };
  }

  private static int checkedEnd(byte[] b, int from, long length) {
    if (length < 0 || from + length > b.length) {
      throw new IllegalArgumentException("not an ONNX model: a field runs past the end");
    }
    return (int) (from + length);
  }

  /** The varint at {@code at} and the position after it. */
  private static long[] varint(byte[] b, int at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= b.length) {
        throw new IllegalArgumentException("not an ONNX model: cut inside a number");
      }
      byte next = b[at++];
      value |= (long) (next & 0x7f) << shift;
      if (next >= 0) {
        return new long[] {value, at};
      }
    }
    throw new IllegalArgumentException("not an ONNX model: a number of more than 64 bits");
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static void writeVarintField(ByteArrayOutputStream out, int field, long value) {
    writeVarint(out, ((long) field << 3) | WIRE_VARINT);
    writeVarint(out, value);
  }

  private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
    writeVarint(out, ((long) field << 3) | WIRE_BYTES);
    writeVarint(out, value.length);
    out.write(value, 0, value.length);
  }
}
