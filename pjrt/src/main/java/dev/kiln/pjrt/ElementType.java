package dev.kiln.pjrt;

/** The PJRT buffer element types Kiln's programs use, with their XLA names and widths. */
public enum ElementType {
  PRED(1, "pred", 1),
  S8(2, "s8", 1),
  S32(4, "s32", 4),
  S64(5, "s64", 8),
  U8(6, "u8", 1),
  F16(10, "f16", 2),
  F32(11, "f32", 4),
  F64(12, "f64", 8),
  BF16(13, "bf16", 2);

  /** The {@code PJRT_Buffer_Type} value. */
  final int code;
  private final String hlo;
  private final int bytes;

  ElementType(int code, String hlo, int bytes) {
    this.code = code;
    this.hlo = hlo;
    this.bytes = bytes;
  }

  /** XLA's name, as {@code manifest.json} writes dtypes: {@code f32}, {@code s64}, ... */
  public String hlo() {
    return hlo;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** The type XLA calls {@code name}. */
  public static ElementType ofHlo(String name) {
    for (ElementType t : values()) {
      if (t.hlo.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no PJRT element type for XLA's '" + name + "'");
  }

  static ElementType ofCode(int code) {
    for (ElementType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("PJRT buffer type " + code + " is not one Kiln reads");
  }
}
