//===- Tape.cpp - Tape building, validation and the forward pass ----------===//
#include "Exec.h"
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/Status.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace masq {
namespace rt {

//--- building ---------------------------------------------------------------//

Tape::Tape(int numQubits, int numParams, int inputSize)
    : n_(numQubits), numParams_(numParams), inputSize_(inputSize), total_(numQubits),
      maxTotal_(numQubits) {
  if (numQubits < 1 || numQubits > kMaxQubits)
    fail(numQubits > kMaxQubits ? Status::OutOfMemory : Status::BadArgument,
         "tape needs 1.." + std::to_string(kMaxQubits) + " qubits, got " + std::to_string(numQubits));
  if (numParams < 0 || inputSize < 0)
    fail(Status::BadArgument, "negative parameter or input count");
}

void Tape::checkForm(const LinearForm &f) const {
  if (!std::isfinite(f.constant))
    fail(Status::NonFinite, "angle constant is NaN or infinite");
  for (const Term &t : f.theta) {
    if (t.index < 0 || t.index >= numParams_)
      fail(Status::BadArgument, "angle refers to theta[" + std::to_string(t.index) +
                                    "] outside the parameter vector");
    if (!std::isfinite(t.coef))
      fail(Status::NonFinite, "angle coefficient is NaN or infinite");
  }
  for (const Term &t : f.input) {
    if (t.index < 0 || t.index >= inputSize_)
      fail(Status::BadArgument, "angle refers to input[" + std::to_string(t.index) +
                                    "] outside the input vector");
    if (!std::isfinite(t.coef))
      fail(Status::NonFinite, "angle coefficient is NaN or infinite");
  }
}

void Tape::gate(gates::Kind kind, std::vector<int> qubits, std::vector<LinearForm> angles) {
  if (static_cast<int>(kind) >= gates::kNumKinds)
    fail(Status::BadArgument, "unknown gate kind");
  const auto &inf = gates::info(kind);
  if (int(qubits.size()) != inf.numQubits)
    fail(Status::BadArgument, std::string(inf.name) + " takes " +
                                  std::to_string(inf.numQubits) + " qubit(s)");
  checkQubits(qubits.data(), int(qubits.size()), n_);
  if (int(angles.size()) != inf.numParams)
    fail(Status::BadArgument, std::string(inf.name) + " takes " +
                                  std::to_string(inf.numParams) + " angle(s)");
  for (const auto &f : angles)
    checkForm(f);
  TapeOp op;
  op.kind = OpKind::Gate;
  op.gate = kind;
  op.qubits = std::move(qubits);
  op.angles = std::move(angles);
  op.totalQubits = total_;
  ops_.push_back(std::move(op));
}

void Tape::unitary(std::vector<int> qubits, std::vector<cplx> matrix) {
  const int k = int(qubits.size());
  if (k < 1 || k > kMaxFusedQubits)
    fail(Status::BadArgument, "fused unitary needs 1..5 qubits");
  checkQubits(qubits.data(), k, n_);
  if (matrix.size() != (size_t(1) << (2 * k)))
    fail(Status::BadArgument, "fused unitary matrix must have 4^k entries");
  checkUnitary(matrix.data(), 1 << k);
  TapeOp op;
  op.kind = OpKind::Unitary;
  op.qubits = std::move(qubits);
  op.matrix = std::move(matrix);
  op.totalQubits = total_;
  ops_.push_back(std::move(op));
}

namespace {
void checkSlice(int off, int len, int size, const char *what) {
  if (off < 0 || len < 0 || int64_t(off) + len > size)
    fail(Status::BadArgument, std::string(what) + " slice [" + std::to_string(off) + ", " +
                                  std::to_string(int64_t(off) + len) +
                                  ") lies outside the input vector");
}
} // namespace

void Tape::encodeAmplitude(int off, int len, const MaskSpec &mask, int patternOffset) {
  if (!ops_.empty())
    fail(Status::BadArgument, "the encoder must be the first operation of a tape");
  if (len < 1 || size_t(len) > (size_t(1) << n_))
    fail(Status::BadArgument, "amplitude encoding needs 1..2^n values");
  checkSlice(off, len, inputSize_, "encoder input");
  validateMask(mask, size_t(len), size_t(numParams_));
  checkSlice(patternOffset, int(maskPatternLength(mask, size_t(len))), inputSize_,
             "mask pattern");
  TapeOp op;
  op.kind = OpKind::EncodeAmplitude;
  op.inputOffset = off, op.inputLength = len, op.patternOffset = patternOffset;
  op.mask = mask;
  op.totalQubits = total_;
  ops_.push_back(std::move(op));
}

void Tape::encodeAngle(int off, std::vector<int> qubits, gates::Kind axis, double scale,
                       const MaskSpec &mask, int patternOffset) {
  if (!ops_.empty())
    fail(Status::BadArgument, "the encoder must be the first operation of a tape");
  const int k = int(qubits.size());
  if (k < 1)
    fail(Status::BadArgument, "angle encoding needs at least one qubit");
  checkQubits(qubits.data(), k, n_);
  if (axis != gates::Kind::RX && axis != gates::Kind::RY && axis != gates::Kind::RZ)
    fail(Status::BadArgument, "angle encoding axis must be rx, ry or rz");
  if (!std::isfinite(scale))
    fail(Status::NonFinite, "angle-encoding scale is NaN or infinite");
  checkSlice(off, k, inputSize_, "encoder input");
  validateMask(mask, size_t(k), size_t(numParams_));
  checkSlice(patternOffset, int(maskPatternLength(mask, size_t(k))), inputSize_,
             "mask pattern");
  TapeOp op;
  op.kind = OpKind::EncodeAngle;
  op.qubits = std::move(qubits);
  op.inputOffset = off, op.inputLength = k, op.patternOffset = patternOffset;
  op.axis = axis, op.scale = scale, op.mask = mask;
  op.totalQubits = total_;
  ops_.push_back(std::move(op));
}

void Tape::reset(std::vector<int> qubits) {
  const int k = int(qubits.size());
  if (k < 1)
    fail(Status::BadArgument, "reset needs at least one qubit");
  checkQubits(qubits.data(), k, n_);
  if (total_ + k > kMaxQubits)
    fail(Status::OutOfMemory, "resets would need more than " + std::to_string(kMaxQubits) + " qubits in total");
  total_ += k;
  maxTotal_ = std::max(maxTotal_, total_);
  TapeOp op;
  op.kind = OpKind::Reset;
  op.qubits = std::move(qubits);
  op.totalQubits = total_;
  ops_.push_back(std::move(op));
}

int Tape::observe(ObsKind kind, std::vector<int> qubits, const std::string &name,
                  int refOffset, int refLength, uint64_t shots) {
  const int k = int(qubits.size());
  int count = 1;
  switch (kind) {
  case ObsKind::Fidelity:
    if (refLength < 1 || size_t(refLength) > (size_t(1) << n_))
      fail(Status::BadArgument, "fidelity reference needs 1..2^n values");
    checkSlice(refOffset, refLength, inputSize_, "fidelity reference");
    qubits.clear();
    break;
  case ObsKind::ExpvalZ:
  case ObsKind::ProbZero:
    if (k < 1)
      fail(Status::BadArgument, "observable needs at least one qubit");
    checkQubits(qubits.data(), k, n_);
    break;
  case ObsKind::Probs:
  case ObsKind::Sample:
    if (k < 1 || k > 20)
      fail(Status::BadArgument, "probabilities / samples need 1..20 qubits");
    checkQubits(qubits.data(), k, n_);
    if (kind == ObsKind::Sample && shots == 0)
      fail(Status::BadArgument, "sampling needs a positive shot count");
    count = 1 << k;
    break;
  default:
    fail(Status::BadArgument, "unknown observable kind");
  }
  TapeOp op;
  op.kind = OpKind::Observe;
  op.obs = kind;
  op.qubits = std::move(qubits);
  op.refOffset = refOffset, op.refLength = refLength, op.shots = shots;
  op.valueOffset = numValues_, op.valueCount = count;
  op.name = name.empty() ? "v" + std::to_string(numValues_) : name;
  if (observable(op.name))
    fail(Status::BadArgument, "duplicate observable name '" + op.name + "'");
  op.totalQubits = total_;
  numValues_ += count;
  ops_.push_back(std::move(op));
  return ops_.back().valueOffset;
}

const TapeOp *Tape::observable(const std::string &name) const {
  for (const auto &op : ops_)
    if (op.kind == OpKind::Observe && op.name == name)
      return &op;
  return nullptr;
}

int Tape::valueOffset(const std::string &name) const {
  const TapeOp *op = observable(name);
  return op ? op->valueOffset : -1;
}

//--- compilation -------------------------------------------------------------//

void evalAngles(const TapeOp &op, const double *theta, const double *x,
                const double *shift, double *out) {
  for (size_t p = 0; p < op.angles.size(); ++p) {
    const LinearForm &f = op.angles[p];
    double a = f.constant + shift[p];
    for (const Term &t : f.theta)
      a += t.coef * theta[t.index];
    for (const Term &t : f.input)
      a += t.coef * x[t.index];
    if (!std::isfinite(a))
      fail(Status::NonFinite, std::string("angle of ") + gates::info(op.gate).name +
                                  " evaluates to NaN or infinity");
    out[p] = a;
  }
}

Plan compilePlan(const Tape &tape, const double *theta, int shiftOp, int shiftParam,
                 double delta, bool backward) {
  Plan plan;
  compilePlan(plan, tape, theta, shiftOp, shiftParam, delta, backward);
  return plan;
}

Plan &threadPlan() {
  static thread_local Plan plan;
  return plan;
}

void compilePlan(Plan &plan, const Tape &tape, const double *theta, int shiftOp,
                 int shiftParam, double delta, bool backward) {
  // Reuses the vectors' storage: training compiles a plan per step, and fresh
  // allocations of this size come straight from mmap (page faults each time).
  const auto &ops = tape.ops();
  plan.steps.assign(ops.size(), Step());
  plan.inv.clear();
  plan.bwd.clear();
  plan.runs[0].clear();
  plan.runs[1].clear();
  plan.lastObserve = -1;
  for (size_t i = 0; i < ops.size(); ++i) {
    const TapeOp &op = ops[i];
    Step &st = plan.steps[i];
    st.op = &op;
    if (op.kind == OpKind::Observe)
      plan.lastObserve = int(i);
    if (op.kind == OpKind::Unitary) {
      st.fwd = compileUnitary(op.qubits.data(), int(op.qubits.size()), op.matrix.data());
      if (backward) {
        st.aux = int(plan.inv.size());
        plan.inv.push_back(inverseOf(st.fwd));
      }
      continue;
    }
    if (op.kind != OpKind::Gate)
      continue;
    st.np = int(op.angles.size());
    if (int(i) == shiftOp && shiftParam < st.np)
      st.shift[shiftParam] = delta;
    for (const auto &f : op.angles)
      st.perSample |= !f.input.empty();
    if (st.perSample)
      continue;
    double a[3] = {0, 0, 0};
    evalAngles(op, theta, nullptr, st.shift, a);
    st.fwd = compileGate(op.gate, op.qubits.data(), a);
    if (backward && st.np) {
      st.aux = int(plan.bwd.size());
      plan.bwd.push_back(compileBackward(op.gate, op.qubits.data(), a));
    } else if (backward) {
      st.aux = int(plan.inv.size());
      plan.inv.push_back(compileInverse(op.gate, op.qubits.data(), a));
    }
  }
  if (tape.maxTotalQubits() > kBlockBits + 1) { // else blocks are never used
    formRuns(plan, backward, 0);
    formRuns(plan, backward, 1);
  }
}

void Workspace::prepare(const Tape &tape, bool withLambda) {
  const size_t N = size_t(1) << tape.maxTotalQubits();
  checkMemory(std::ldexp(16.0, tape.maxTotalQubits()) * (withLambda ? 2 : 1),
              "tape execution");
  if (psi.size() < N)
    psi.allocate(N);
  if (withLambda && lam.size() < N)
    lam.allocate(N);
  ref.resize(size_t(1) << tape.numQubits());
}

void Workspace::trim() {
  if (psi.size() > (size_t(1) << 20))
    psi = AlignedBuffer();
  if (lam.size() > (size_t(1) << 20))
    lam = AlignedBuffer();
}

uint64_t sampleSeed(uint64_t seed, int sample, int op) {
  // splitmix64 of (seed, sample, op): independent, reproducible streams.
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (uint64_t(sample) * 1000003ull + uint64_t(op) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int sampleThreads(const Tape &tape, int batch) {
  if (batch < 2 || tape.maxTotalQubits() >= parallelQubits())
    return 1; // large states: threads go across amplitudes instead
  if ((uint64_t(batch) << tape.maxTotalQubits()) < (uint64_t(1) << 13))
    return 1; // too little work to pay for waking threads
  return std::min(numThreads(), batch);
}

//--- forward -----------------------------------------------------------------//

void forwardSample(const Tape &tape, const Plan &plan, const double *theta,
                   const double *x, Workspace &ws, double *values, uint64_t seed,
                   int sampleIndex, size_t end) {
  const int n = tape.numQubits();
  cplx *psi = ws.psi.data();
  std::fill(psi, psi + (size_t(1) << n), cplx(0));
  psi[0] = 1;
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
      if (st.perSample) {
        double a[3] = {0, 0, 0};
        evalAngles(op, theta, x, st.shift, a);
        apply(compileGate(op.gate, op.qubits.data(), a), psi, ws.nTotal);
      } else {
        apply(st.fwd, psi, ws.nTotal);
      }
      break;
    case OpKind::Unitary:
      apply(st.fwd, psi, ws.nTotal);
      break;
    case OpKind::EncodeAmplitude:
    case OpKind::EncodeAngle: {
      const size_t len = size_t(op.inputLength);
      ws.masked.resize(len);
      ws.slot.resize(len);
      applyMask(op.mask, x + op.inputOffset, len, x + op.patternOffset, theta,
                ws.masked.data(), ws.slot.data());
      if (op.kind == OpKind::EncodeAmplitude)
        ws.encNorm = encodeAmplitude(ws.masked.data(), len, psi, n);
      else
        encodeAngle(ws.masked.data(), op.qubits.data(), int(op.qubits.size()), op.axis,
                    op.scale, psi, n);
      break;
    }
    case OpKind::Reset:
      resetEmbed(psi, ws.nTotal, op.qubits.data(), int(op.qubits.size()));
      ws.nTotal += int(op.qubits.size());
      break;
    case OpKind::Observe: {
      if (!values)
        break;
      double *v = values + op.valueOffset;
      const int k = int(op.qubits.size());
      switch (op.obs) {
      case ObsKind::Fidelity:
        normalisedReference(x + op.refOffset, size_t(op.refLength), n, ws.ref.data());
        *v = fidelity(psi, n, ws.nTotal, ws.ref.data());
        break;
      case ObsKind::ExpvalZ:
        *v = expvalZ(psi, ws.nTotal, qubitMask(op.qubits.data(), k));
        break;
      case ObsKind::ProbZero:
        *v = probZero(psi, ws.nTotal, qubitMask(op.qubits.data(), k));
        break;
      case ObsKind::Probs:
        probabilities(psi, ws.nTotal, op.qubits.data(), k, v);
        break;
      case ObsKind::Sample: {
        std::vector<uint64_t> shots(op.shots);
        sample(psi, ws.nTotal, op.qubits.data(), k, op.shots,
               sampleSeed(seed, sampleIndex, int(i)), shots.data());
        std::fill(v, v + op.valueCount, 0.0);
        for (uint64_t o : shots)
          v[o] += 1;
        break;
      }
      }
      break;
    }
    }
  }
}

void checkRunArgs(const Tape &tape, const double *theta, const double *inputs, int batch) {
  if (batch < 0)
    fail(Status::BadArgument, "negative batch size");
  if (tape.numParams() > 0 && !theta)
    fail(Status::BadArgument, "null parameter vector");
  if (batch > 0 && tape.inputSize() > 0 && !inputs)
    fail(Status::BadArgument, "null input array");
  for (int i = 0; i < tape.numParams(); ++i)
    if (!std::isfinite(theta[i]))
      fail(Status::NonFinite, "theta[" + std::to_string(i) + "] is NaN or infinite");
}

void run(const Tape &tape, const double *theta, const double *inputs, int batch,
         double *values, uint64_t seed) {
  checkRunArgs(tape, theta, inputs, batch);
  if (batch > 0 && tape.numValues() > 0 && !values)
    fail(Status::BadArgument, "null value array");
  Plan &plan = threadPlan();
  compilePlan(plan, tape, theta);
  const size_t D = size_t(tape.inputSize()), V = size_t(tape.numValues());
  const bool paired = batch >= 2 && pairable(tape);
  const int units = paired ? (batch + 1) / 2 : batch;
  forSamples(tape, units, false, [&](int u, Workspace &ws, int) {
    const int s = paired ? 2 * u : u;
    if (paired && s + 1 < batch)
      forwardPair(tape, plan, theta, inputs + s * D, inputs + (s + 1) * D, ws,
                  values + s * V, values + (s + 1) * V, plan.steps.size());
    else
      forwardSample(tape, plan, theta, inputs + s * D, ws, values + s * V, seed, s,
                    plan.steps.size());
  });
}

} // namespace rt
} // namespace masq
