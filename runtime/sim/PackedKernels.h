//===- PackedKernels.h - float arithmetic on packed real chunks (internal) ----===//
//
// Fused blocks work on real chunks packed (PackedChunk.h: v[j] = psi[2j] +
// i psi[2j+1] in the forward, v[j] = psi[j] + i lam[j] in the adjoint
// sweep). These kernels run its ops on v in the real type T of v: for a
// complex64 state (--precision single) in float, eight reals to an AVX2
// register (PackedKernels.cpp) or sixteen to an AVX-512 one, where the
// runtime's other kernels widen every amplitude to double (KernelTable.h):
// a packed chunk's gates are compute-bound in L2, so this halves their
// cost; for complex128 chunks, with AVX-512 (PackedKernelsAvx512.cpp; the
// AVX2 double ones are the runtime's own). The forms are those of
// PackedChunk.h's packed ops; every kernel runs over the whole of v (count
// complex numbers, a power of two, at least kMinCount). Derivatives are
// summed in double.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_SIM_PACKEDKERNELS_H
#define MASQ_RUNTIME_SIM_PACKEDKERNELS_H

#include <complex>
#include <cstddef>
#include <type_traits>

namespace masq {
namespace rt {
namespace pk {

// What trades places between the two halves (a: bit t = 0, b: bit t = 1)
// of each pair on qubit t.
enum class Trade : unsigned char {
  None,
  All,  // the whole amplitude (X)
  Ctrl, // where bit c of the index is 1 (CX(c -> t))
  Imag, // the imaginary parts (CompiledBlock.cpp's SwapIm)
};

template <class T> struct Kernels {
  using C = std::complex<T>;
  // Over the pairs (v[i], v[i + 2^t]): the real 2x2 r on both parts (r null:
  // none), with the trade after it (before it with first).
  void (*pairs)(C *v, size_t count, int t, const T *r, Trade trade, int c, bool first);
  // Within each v[k]: (re, im) times the real 2x2 r (null: none), and the
  // two parts swapped where bit c of k is 1 (c < 0: nowhere) after it
  // (before it with first).
  void (*reim)(C *v, size_t count, const T *r, int c, bool first);
  // The packed backward step of a real one-qubit gate on q, on v = psi +
  // i lam (CompiledBlock.cpp's backward sweep): acc[0] += the sum over the
  // pairs of Im(v)^T m Re(v) (in double), then v <- V v. With c >= 0, the
  // inverse of a CX(c -> q) merged into the same sweep: the pairs where
  // bit c of the index is 1 trade places before the step (first: the
  // forward ran the gate, then the CX) or after it.
  void (*back)(C *v, size_t count, int q, const T *V, const double *m, double *acc, int c,
               bool first);
};

constexpr size_t kMinCount = 16;

/// The float kernels: AVX-512 where the CPU has AVX-512F (unless turned
/// off: masq::rt::setAvx512Enabled), else AVX2/FMA; null when neither is
/// compiled in or supported by this CPU, or the runtime's SIMD is off
/// (masq::rt::simdEnabled()).
const Kernels<float> *floatKernels();
/// The double kernels: AVX-512 alone, under the same conditions; null
/// otherwise (the runtime's AVX2 kernels then run the chunk).
const Kernels<double> *doubleKernels();
/// The AVX-512 ones (PackedKernelsAvx512.cpp), null without AVX-512F.
template <class T> const Kernels<T> *avx512Kernels();

namespace detail {
// g(Rot, Trades, First, XBit) with the flags as compile-time constants.
template <class G> void flags(bool rot, bool trades, bool first, bool xbit, const G &g) {
  auto pick = [](bool on, const auto &h) {
    if (on)
      h(std::true_type{});
    else
      h(std::false_type{});
  };
  pick(rot, [&](auto R) {
    pick(trades, [&](auto T) {
      pick(first && R && T, [&](auto F) { pick(xbit && T, [&](auto X) { g(R, T, F, X); }); });
    });
  });
}

// A backward step's flags as compile-time constants: g(Diag, Trades,
// First, XBit), Diag when m has a diagonal (not an RY's form, whose
// diagonal is exactly 0: Kernels.cpp's compileBackward).
template <class G>
void backFlags(const double *m, bool trades, bool first, bool xbit, const G &g) {
  auto run = [&](auto D) {
    flags(true, trades, first, xbit, [&](auto, auto Tr, auto F, auto X) { g(D, Tr, F, X); });
  };
  if (m[0] == 0 && m[3] == 0)
    run(std::false_type{});
  else
    run(std::true_type{});
}
} // namespace detail

} // namespace pk
} // namespace rt
} // namespace masq

#endif
