//===- PackedChunk.cpp - real chunks worked on packed ---------------------===//
//
// PackedChunk.h's packed forms and their runs, in double with the
// runtime's kernels (KernelTable.h) and in float (PackedKernels.h).
//
//===----------------------------------------------------------------------===//
#include "PackedChunk.h"

namespace masq {
namespace rt {
namespace packed {

bool packOps(const std::vector<GateOp> &ops, std::vector<PackedOp> &out) {
  out.clear();
  for (const GateOp &op : ops) {
    PackedOp p;
    p.op = op;
    switch (op.form) {
    case KForm::Real1:
    case KForm::X1:
      if (op.q[0] == 0) {
        if (op.form == KForm::X1)
          p.op.r[0] = 0, p.op.r[1] = 1, p.op.r[2] = 1, p.op.r[3] = 0;
        p.form = PForm::Real0;
      } else {
        p.op.q[0] = op.q[0] - 1;
      }
      break;
    case KForm::CX:
    case KForm::RealCX:
      if (op.q[1] == 0) {
        p.form = PForm::SwapReIm;
        p.t = op.q[0] - 1;
      } else if (op.q[0] == 0) {
        p.form = op.form == KForm::CX ? PForm::SwapIm : PForm::RealSwapIm;
        p.t = op.q[1] - 1;
      } else {
        p.op.q[0] = op.q[0] - 1, p.op.q[1] = op.q[1] - 1;
      }
      break;
    default:
      return false;
    }
    out.push_back(p);
  }
  return true;
}

// Chunks are complex128 whatever the state's precision (Chunks::sliceOf).
inline cplx *Cd(double *p) { return reinterpret_cast<cplx *>(p); }

// The highest bit of v's index a packed op reads (-1: none, within each
// complex number).
int topBit(const PackedOp &p) {
  switch (p.form) {
  case PForm::Op: {
    int top = 0;
    for (int i = 0; i < p.op.k; ++i)
      top = std::max(top, p.op.q[i]);
    return top;
  }
  case PForm::Real0:
    return -1;
  default:
    return p.t;
  }
}

namespace {

// One packed op on v (count complex numbers).
void runPackedOp(const KernelTable<cplx> &t, const PackedOp &p, cplx *v, size_t count) {
  switch (p.form) {
  case PForm::Op:
    applyRange(t, p.op, v, 0, count >> p.op.k);
    break;
  case PForm::Real0:
    t.reim(v, p.op.r, -1, false, 0, count);
    break;
  case PForm::SwapReIm:
    t.reim(v, p.op.form == KForm::RealCX ? p.op.r : nullptr, p.t, p.op.cxFirst, 0,
           count);
    break;
  case PForm::SwapIm:
    t.swapim(v, p.t, nullptr, false, 0, count / 2);
    break;
  case PForm::RealSwapIm:
    t.swapim(v, p.t, p.op.r, p.op.cxFirst, 0, count / 2);
    break;
  }
}
// Runs the packed ops on v through run(op, v, count), sliced (runPacked).
template <class V, class Run>
void runSliced(const std::vector<PackedOp> &ops, V *v, size_t count, int bits, const Run &run) {
  const size_t slice = size_t(1) << bits;
  for (size_t i = 0; i < ops.size();) {
    size_t j = i;
    while (count > slice && j < ops.size() && topBit(ops[j]) < bits)
      ++j;
    if (j - i < 2) {
      run(ops[i], v, count);
      ++i;
      continue;
    }
    for (size_t base = 0; base < count; base += slice)
      for (size_t o = i; o < j; ++o)
        run(ops[o], v + base, slice);
    i = j;
  }
}

} // namespace

void runPacked(const std::vector<PackedOp> &ops, cplx *v, size_t count) {
  const KernelTable<cplx> &t = tableFor<cplx>(count / 4);
  const KernelTable<cplx> &ts = tableFor<cplx>((size_t(1) << kL1Bits) / 4);
  runSliced(ops, v, count, kL1Bits, [&](const PackedOp &p, cplx *x, size_t c) {
    runPackedOp(c == count ? t : ts, p, x, c);
  });
}

template <class T>
void runPackedWith(const pk::Kernels<T> &k, const std::vector<PackedOp> &ops,
                   std::complex<T> *v, size_t count) {
  using pk::Trade;
  const int bits = kL1Bits + (sizeof(T) == 4); // 32 KiB slices
  runSliced(ops, v, count, bits, [&](const PackedOp &p, std::complex<T> *x, size_t c) {
    T r[4];
    auto rot = [&] {
      for (int i = 0; i < 4; ++i)
        r[i] = T(p.op.r[i]);
      return r;
    };
    switch (p.form) {
    case PForm::Op:
      if (p.op.form == KForm::Real1)
        k.pairs(x, c, p.op.q[0], rot(), Trade::None, -1, false);
      else if (p.op.form == KForm::X1)
        k.pairs(x, c, p.op.q[0], nullptr, Trade::All, -1, false);
      else // CX or RealCX: packOps admits nothing else
        k.pairs(x, c, p.op.q[1], p.op.form == KForm::RealCX ? rot() : nullptr, Trade::Ctrl,
                p.op.q[0], p.op.cxFirst);
      break;
    case PForm::Real0:
      k.reim(x, c, rot(), -1, false);
      break;
    case PForm::SwapReIm:
      k.reim(x, c, p.op.form == KForm::RealCX ? rot() : nullptr, p.t, p.op.cxFirst);
      break;
    case PForm::SwapIm:
      k.pairs(x, c, p.t, nullptr, Trade::Imag, -1, false);
      break;
    case PForm::RealSwapIm:
      k.pairs(x, c, p.t, rot(), Trade::Imag, -1, p.op.cxFirst);
      break;
    }
  });
}

bool kernelInverse(const GateOp &op) {
  return op.form == KForm::Real1 || op.form == KForm::X1 || op.form == KForm::CX;
}

template <class T>
void inverseWith(const pk::Kernels<T> &k, const GateOp &op, std::complex<T> *v, size_t count) {
  if (op.form == KForm::Real1) {
    const T r[4] = {T(op.r[0]), T(op.r[1]), T(op.r[2]), T(op.r[3])};
    k.pairs(v, count, op.q[0], r, pk::Trade::None, -1, false);
  } else if (op.form == KForm::X1) {
    k.pairs(v, count, op.q[0], nullptr, pk::Trade::All, -1, false);
  } else {
    k.pairs(v, count, op.q[1], nullptr, pk::Trade::Ctrl, op.q[0], false);
  }
}

template void runPackedWith(const pk::Kernels<float> &, const std::vector<PackedOp> &,
                            std::complex<float> *, size_t);
template void runPackedWith(const pk::Kernels<double> &, const std::vector<PackedOp> &,
                            std::complex<double> *, size_t);
template void inverseWith(const pk::Kernels<float> &, const GateOp &, std::complex<float> *,
                          size_t);
template void inverseWith(const pk::Kernels<double> &, const GateOp &, std::complex<double> *,
                          size_t);

} // namespace packed
} // namespace rt
} // namespace masq
