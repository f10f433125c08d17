//===- Mask.h - which input entries a mask hides ----------------*- C++ -*-===//
//
// The one mask kind (the dialect's MaskKind attribute mirrors its values)
// and the pattern semantics of a mask on the classical input: the
// runtime's masq_rtc_mask / masq_rtc_mask_back apply it to samples, the
// OpenQASM emitter to the constants it binds into a circuit.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_CORE_MASK_H
#define MASQ_CORE_MASK_H

#include <cstdint>
#include <cstdio>
#include <string>

namespace masq {
namespace mask {

/// Values are the C ABI's (masq_rtc_mask's `kind`).
enum class Kind : int32_t {
  None = 0,
  Patches = 1, // rows x cols image (row-major), square patches of side `size`;
               // pattern[P] != 0 hides patch P (patches numbered row-major)
  Pixels = 2,  // pattern[p] != 0 hides pixel p (pattern as long as the input)
  Fixed = 3,   // the fixed list `indices` of hidden positions
};

/// One mask over an input of `len` values.
struct Args {
  int32_t len;
  int32_t kind; // a Kind value (unchecked: it comes through the C ABI)
  int32_t rows, cols, size;
  const double *pattern;
  const int32_t *indices;
  int32_t numIndices, fillLen;

  /// -1 for a visible position, else its fill index (0 for a constant fill):
  /// patches -> (row in patch) * size + (column in patch); pixels -> p %
  /// fillLen; fixed -> (list position) % fillLen, the last listing of p.
  int32_t slot(int32_t p) const {
    switch (Kind(kind)) {
    case Kind::Patches: {
      const int32_t r = p / cols, c = p % cols, pc = cols / size;
      if (pattern[(r / size) * pc + c / size] == 0)
        return -1;
      return fillLen > 0 ? (r % size) * size + c % size : 0;
    }
    case Kind::Pixels:
      if (pattern[p] == 0)
        return -1;
      return fillLen > 0 ? p % fillLen : 0;
    case Kind::Fixed: {
      int32_t last = -1;
      for (int32_t j = 0; j < numIndices; ++j)
        if (indices[j] == p)
          last = j;
      if (last < 0)
        return -1;
      return fillLen > 0 ? last % fillLen : 0;
    }
    default:
      return -1;
    }
  }

  /// Empty if slot() may be asked about every position of an input `x`
  /// written to `out`; otherwise why not.
  std::string check(const void *x, const void *out) const {
    char buf[160];
    auto msg = [&](auto... a) {
      std::snprintf(buf, sizeof buf, a...);
      return std::string(buf);
    };
    if (len < 0 || (len > 0 && (!x || !out)))
      return msg("bad input (length %d or null pointer)", len);
    if (fillLen < 0)
      return msg("negative fill length %d", fillLen);
    switch (Kind(kind)) {
    case Kind::None:
      return {};
    case Kind::Patches:
      if (rows <= 0 || cols <= 0 || size <= 0 || rows % size || cols % size ||
          int64_t(rows) * cols != len)
        return msg("patch mask: %d x %d image with %d x %d patches does not fit %d inputs",
                   rows, cols, size, size, len);
      // A one-entry token (a scalar param) fills every pixel of a patch.
      if (fillLen > 1 && fillLen != size * size)
        return msg("patch mask: the fill token needs 1 or %d entries, got %d", size * size,
                   fillLen);
      break;
    case Kind::Pixels:
      break;
    case Kind::Fixed:
      if (numIndices < 0 || (numIndices > 0 && !indices))
        return "bad index list";
      for (int32_t j = 0; j < numIndices; ++j)
        if (indices[j] < 0 || indices[j] >= len)
          return msg("index mask: index %d out of range [0, %d)", indices[j], len);
      break;
    default:
      return msg("unknown mask kind %d", kind);
    }
    if ((Kind(kind) == Kind::Patches || Kind(kind) == Kind::Pixels) &&
        !pattern)
      return "the mask needs a pattern";
    return {};
  }
};

} // namespace mask
} // namespace masq

#endif // MASQ_CORE_MASK_H
