//===- KernelsAVX2F32.cpp - AVX2/FMA gate kernels on complex64 states -----===//
//
// KernelsAVX2Impl.h's kernels for --precision single: amplitudes are
// widened to double on load and rounded to float on store.
//
//===----------------------------------------------------------------------===//
#include "KernelsAVX2Impl.h"

namespace masq {
namespace rt {
template const KernelTable<cplxf> *avx2Kernels<cplxf>();
} // namespace rt
} // namespace masq
