//===- Paired.cpp - Two samples per complex state for real circuits -------===//
//
// Most QML ansaetze (RY + CNOT, amplitude or RY angle encoding) only ever
// multiply amplitudes by real numbers. For such a tape the state of sample A
// stays real, so the imaginary parts are free to carry sample B:
// psi = psi_A + i psi_B goes through the unchanged complex kernels and every
// gate serves two samples. Observables read the real and imaginary parts
// separately. In the backward sweep lambda = lambda_A + i lambda_B, and the
// fused derivative term Re<lambda|M psi> (M real) equals
// <lambda_A|M psi_A> + <lambda_B|M psi_B>: the sum of both samples'
// contributions, which is what the theta gradient needs. Halves the work per
// sample of the QMAE model.
//
//===----------------------------------------------------------------------===//
#include "Exec.h"
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/Status.h"

#include <algorithm>
#include <atomic>

namespace masq {
namespace rt {

namespace {

inline double part(const cplx &z, int p) { return reinterpret_cast<const double *>(&z)[p]; }
inline double &part(cplx &z, int p) { return reinterpret_cast<double *>(&z)[p]; }

inline size_t gather(size_t i, const int *qubits, int k) {
  size_t r = 0;
  for (int j = 0; j < k; ++j)
    r |= ((i >> qubits[j]) & 1) << j;
  return r;
}

double fidelityPart(const cplx *psi, int nSys, int nTot, const double *ref, int p) {
  const size_t N = size_t(1) << nSys, B = size_t(1) << (nTot - nSys);
  double f = 0;
  for (size_t b = 0; b < B; ++b) {
    double o = 0;
    for (size_t i = 0; i < N; ++i)
      o += ref[i] * part(psi[b * N + i], p);
    f += o * o;
  }
  return f;
}

// Reads part p of psi, adds into part pl of lam (pl = p for pairs, 1 - p
// for the packed sweep).
void addFidelityCotPart(const cplx *psi, cplx *lam, int nSys, int nTot, const double *ref,
                        double w, int p, int pl) {
  const size_t N = size_t(1) << nSys, B = size_t(1) << (nTot - nSys);
  for (size_t b = 0; b < B; ++b) {
    double o = 0;
    for (size_t i = 0; i < N; ++i)
      o += ref[i] * part(psi[b * N + i], p);
    o *= w;
    for (size_t i = 0; i < N; ++i)
      part(lam[b * N + i], pl) += o * ref[i];
  }
}

// Diagonal observables: value = sum_i d(i) part_i^2, seed lam_i += w d(i) part_i.
template <class D> double diagPart(const cplx *psi, int nTot, int p, const D &d) {
  double s = 0;
  for (size_t i = 0; i < (size_t(1) << nTot); ++i) {
    const double a = part(psi[i], p);
    s += d(i) * a * a;
  }
  return s;
}
template <class D>
void addDiagPart(const cplx *psi, cplx *lam, int nTot, int p, int pl, double w, const D &d) {
  for (size_t i = 0; i < (size_t(1) << nTot); ++i)
    part(lam[i], pl) += w * d(i) * part(psi[i], p);
}

void observePart(const TapeOp &op, const cplx *psi, int n, int nTot, const double *x,
                 std::vector<double> &ref, double *v, int p) {
  const int k = int(op.qubits.size());
  const uint64_t mask = qubitMask(op.qubits.data(), k);
  switch (op.obs) {
  case ObsKind::Fidelity:
    normalisedReference(x + op.refOffset, size_t(op.refLength), n, ref.data());
    *v = fidelityPart(psi, n, nTot, ref.data(), p);
    break;
  case ObsKind::ExpvalZ:
    *v = diagPart(psi, nTot, p, [&](size_t i) { return __builtin_parityll(i & mask) ? -1.0 : 1.0; });
    break;
  case ObsKind::ProbZero:
    *v = diagPart(psi, nTot, p, [&](size_t i) { return (i & mask) ? 0.0 : 1.0; });
    break;
  case ObsKind::Probs: {
    std::fill(v, v + op.valueCount, 0.0);
    for (size_t i = 0; i < (size_t(1) << nTot); ++i) {
      const double a = part(psi[i], p);
      v[gather(i, op.qubits.data(), k)] += a * a;
    }
    break;
  }
  case ObsKind::Sample:
    break; // excluded by pairable()
  }
}

void seedPart(const TapeOp &op, const cplx *psi, cplx *lam, int n, int nTot,
              const double *x, std::vector<double> &ref, const double *w, int p, int pl) {
  bool any = false;
  for (int j = 0; j < op.valueCount; ++j)
    any |= w[j] != 0;
  if (!any)
    return;
  const int k = int(op.qubits.size());
  const uint64_t mask = qubitMask(op.qubits.data(), k);
  switch (op.obs) {
  case ObsKind::Fidelity:
    normalisedReference(x + op.refOffset, size_t(op.refLength), n, ref.data());
    addFidelityCotPart(psi, lam, n, nTot, ref.data(), w[0], p, pl);
    break;
  case ObsKind::ExpvalZ:
    addDiagPart(psi, lam, nTot, p, pl, w[0],
                [&](size_t i) { return __builtin_parityll(i & mask) ? -1.0 : 1.0; });
    break;
  case ObsKind::ProbZero:
    addDiagPart(psi, lam, nTot, p, pl, w[0], [&](size_t i) { return (i & mask) ? 0.0 : 1.0; });
    break;
  case ObsKind::Probs:
    addDiagPart(psi, lam, nTot, p, pl, 1.0,
                [&](size_t i) { return w[gather(i, op.qubits.data(), k)]; });
    break;
  case ObsKind::Sample:
    break;
  }
}

// encoderBackward with lambda = part p of lam (copied to a real vector).
void encoderBackwardPart(const TapeOp &op, const cplx *lam, int p, const double *masked,
                         const int *slot, double encNorm, int n, Workspace &ws,
                         double *gTheta, double *gInput) {
  const size_t N = size_t(1) << n;
  ws.scratch.resize(N);
  for (size_t j = 0; j < N; ++j)
    ws.scratch[j] = cplx(part(lam[j], p), 0.0);
  encoderBackward(op, masked, slot, encNorm, ws.scratch.data(), n, ws.gv, gTheta, gInput);
}

} // namespace

namespace {
std::atomic<bool> gPairing{true}, gPacking{true};

// Every gate real with shared angles, a real encoder, no sampling.
bool realTape(const Tape &tape) {
  for (const TapeOp &op : tape.ops()) {
    switch (op.kind) {
    case OpKind::Gate:
      if (!gates::isReal(op.gate))
        return false;
      for (const auto &f : op.angles)
        if (!f.input.empty())
          return false; // per-sample angles differ between the two samples
      break;
    case OpKind::Unitary:
      for (const cplx &z : op.matrix)
        if (z.imag() != 0)
          return false;
      break;
    case OpKind::EncodeAngle:
      if (op.axis != gates::Kind::RY)
        return false;
      break;
    case OpKind::Observe:
      if (op.obs == ObsKind::Sample)
        return false;
      break;
    default:
      break;
    }
  }
  return true;
}
} // namespace

void setSamplePairing(bool on) { gPairing = on; }
bool samplePairing() { return gPairing; }
void setAdjointPacking(bool on) { gPacking = on; }
bool adjointPacking() { return gPacking; }

bool pairable(const Tape &tape) {
  return gPairing.load(std::memory_order_relaxed) && realTape(tape);
}
bool packable(const Tape &tape) {
  return gPacking.load(std::memory_order_relaxed) && realTape(tape);
}

void forwardPair(const Tape &tape, const Plan &plan, const double *theta,
                 const double *xA, const double *xB, Workspace &ws, double *valA,
                 double *valB, size_t end) {
  const int n = tape.numQubits();
  cplx *psi = ws.psi.data();
  const size_t N = size_t(1) << n;
  std::fill(psi, psi + N, cplx(0));
  psi[0] = cplx(1, 1); // |0> for both samples
  ws.nTotal = n;
  for (size_t i = 0; i < end; ++i) {
    const size_t r = forwardRun(plan, i, end, psi, ws.nTotal);
    if (r != i) {
      i = r - 1;
      continue;
    }
    const Step &st = plan.steps[i];
    const TapeOp &op = *st.op;
    switch (op.kind) {
    case OpKind::Gate:
    case OpKind::Unitary:
      apply(st.fwd, psi, ws.nTotal);
      break;
    case OpKind::EncodeAmplitude:
    case OpKind::EncodeAngle: {
      const size_t len = size_t(op.inputLength);
      ws.masked.resize(len), ws.slot.resize(len);
      ws.masked2.resize(len), ws.slot2.resize(len);
      ws.scratch.resize(N);
      applyMask(op.mask, xA + op.inputOffset, len, xA + op.patternOffset, theta,
                ws.masked.data(), ws.slot.data());
      applyMask(op.mask, xB + op.inputOffset, len, xB + op.patternOffset, theta,
                ws.masked2.data(), ws.slot2.data());
      if (op.kind == OpKind::EncodeAmplitude) {
        ws.encNorm = encodeAmplitude(ws.masked.data(), len, psi, n);
        ws.encNorm2 = encodeAmplitude(ws.masked2.data(), len, ws.scratch.data(), n);
      } else {
        const int k = int(op.qubits.size());
        encodeAngle(ws.masked.data(), op.qubits.data(), k, op.axis, op.scale, psi, n);
        encodeAngle(ws.masked2.data(), op.qubits.data(), k, op.axis, op.scale,
                    ws.scratch.data(), n);
      }
      for (size_t j = 0; j < N; ++j) // both encodings are real
        psi[j] = cplx(psi[j].real(), ws.scratch[j].real());
      break;
    }
    case OpKind::Reset:
      resetEmbed(psi, ws.nTotal, op.qubits.data(), int(op.qubits.size()));
      ws.nTotal += int(op.qubits.size());
      break;
    case OpKind::Observe:
      if (valA)
        observePart(op, psi, n, ws.nTotal, xA, ws.ref, valA + op.valueOffset, 0);
      if (valB)
        observePart(op, psi, n, ws.nTotal, xB, ws.ref, valB + op.valueOffset, 1);
      break;
    }
  }
}

void backwardPair(const Tape &tape, const Plan &plan, const double *xA,
                  const double *xB, Workspace &ws, const double *cotA,
                  const double *cotB, double *gTheta, double *gInA, double *gInB) {
  const int n = tape.numQubits();
  cplx *psi = ws.psi.data(), *lam = ws.lam.data();
  std::fill(lam, lam + (size_t(1) << ws.nTotal), cplx(0));
  forStepsBackward(plan, psi, lam, ws.nTotal, gTheta, [&](const Step &st) {
    const TapeOp &op = *st.op;
    switch (op.kind) {
    case OpKind::Observe:
      seedPart(op, psi, lam, n, ws.nTotal, xA, ws.ref, cotA + op.valueOffset, 0, 0);
      seedPart(op, psi, lam, n, ws.nTotal, xB, ws.ref, cotB + op.valueOffset, 1, 1);
      break;
    case OpKind::Gate: {
      if (st.np == 0) {
        apply2(plan.inv[size_t(st.aux)], psi, lam, ws.nTotal);
        break;
      }
      double acc[3] = {0, 0, 0};
      applyBackward(plan.bwd[size_t(st.aux)], psi, lam, ws.nTotal, acc);
      for (int p = 0; p < st.np; ++p)
        for (const Term &t : op.angles[size_t(p)].theta)
          gTheta[t.index] += t.coef * 2 * acc[p];
      break;
    }
    case OpKind::Unitary:
      apply2(plan.inv[size_t(st.aux)], psi, lam, ws.nTotal);
      break;
    case OpKind::Reset:
      ws.undoReset(op, psi, lam);
      break;
    case OpKind::EncodeAmplitude:
    case OpKind::EncodeAngle: {
      for (int p = 0; p < 2; ++p)
        encoderBackwardPart(op, lam, p, p ? ws.masked2.data() : ws.masked.data(),
                            p ? ws.slot2.data() : ws.slot.data(),
                            p ? ws.encNorm2 : ws.encNorm, n, ws, gTheta, p ? gInB : gInA);
      break;
    }
    }
  });
}

// One sample of a real tape: psi stays real in the forward pass, and so does
// lambda (real observables, real gates), so the sweep keeps lambda in psi's
// imaginary parts. A real U^dagger maps v = psi + i lam to
// U^dagger psi + i U^dagger lam, the derivative term Re<lam|M psi> = Im(v)^T M
// Re(v) is read from the same loads, and each gate costs one sweep over one
// array, as in the forward pass, instead of one over two.
void backwardPacked(const Tape &tape, const Plan &plan, const double *x, Workspace &ws,
                    const double *cot, double *gTheta, double *gInput) {
  const int n = tape.numQubits();
  cplx *v = ws.psi.data();
  forStepsBackward(plan, v, nullptr, ws.nTotal, gTheta, [&](const Step &st) {
    const TapeOp &op = *st.op;
    switch (op.kind) {
    case OpKind::Observe:
      seedPart(op, v, v, n, ws.nTotal, x, ws.ref, cot + op.valueOffset, 0, 1);
      break;
    case OpKind::Gate: {
      if (st.np == 0) {
        apply(plan.inv[size_t(st.aux)], v, ws.nTotal);
        break;
      }
      double acc[3] = {0, 0, 0};
      applyBackwardPacked(plan.bwd[size_t(st.aux)], v, ws.nTotal, acc);
      for (int p = 0; p < st.np; ++p)
        for (const Term &t : op.angles[size_t(p)].theta)
          gTheta[t.index] += t.coef * 2 * acc[p];
      break;
    }
    case OpKind::Unitary:
      apply(plan.inv[size_t(st.aux)], v, ws.nTotal);
      break;
    case OpKind::Reset: {
      const int k = int(op.qubits.size());
      ws.nTotal -= k;
      resetUnembed(v, ws.nTotal, op.qubits.data(), k);
      break;
    }
    case OpKind::EncodeAmplitude:
    case OpKind::EncodeAngle: {
      encoderBackwardPart(op, v, 1, ws.masked.data(), ws.slot.data(), ws.encNorm, n, ws,
                          gTheta, gInput);
      break;
    }
    }
  });
}

bool pairsSamples(const Tape &tape) { return pairable(tape); }

} // namespace rt
} // namespace masq
