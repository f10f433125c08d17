//===- KernelsAVX2.cpp - AVX2/FMA gate kernels on complex128 states -------===//
//
// The kernels are in KernelsAVX2Impl.h; KernelsAVX2F32.cpp instantiates
// them for complex64 states.
//
//===----------------------------------------------------------------------===//
#include "KernelsAVX2Impl.h"

namespace masq {
namespace rt {
template const KernelTable<cplx> *avx2Kernels<cplx>();
} // namespace rt
} // namespace masq
