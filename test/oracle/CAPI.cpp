//===- CAPI.cpp - extern "C" wrappers --------------------------------------===//
//
// Each entry point runs its body inside guard(), which turns masq::rt::Error
// into its status, std::bad_alloc into OUT_OF_MEMORY and anything else into
// BAD_ARGUMENT, and records the message for masq_rt_last_error().
//
//===----------------------------------------------------------------------===//
#include "masq/Oracle/CAPI.h"
#include "masq/Oracle/Tape.h"
#include "masq/Runtime/Batch.h"
#include "masq/Runtime/Encoders.h"
#include "masq/Runtime/State.h"
#include "masq/Runtime/Status.h"

#include <cmath>
#include <new>
#include <string>

using namespace masq;
using namespace masq::rt;

struct masq_rt_state {
  StateVector sv;
};
struct masq_rt_batch {
  Batch b;
};
struct masq_rt_tape {
  Tape t;
};

namespace {
thread_local std::string gLastError;

template <class F> masq_rt_status guard(const F &f) {
  try {
    f();
    gLastError.clear();
    return MASQ_RT_OK;
  } catch (const Error &e) {
    gLastError = e.what();
    return static_cast<masq_rt_status>(e.status());
  } catch (const std::bad_alloc &) {
    gLastError = "out of memory";
    return MASQ_RT_OUT_OF_MEMORY;
  } catch (const std::exception &e) {
    gLastError = e.what();
    return MASQ_RT_BAD_ARGUMENT;
  } catch (...) {
    gLastError = "unknown error";
    return MASQ_RT_BAD_ARGUMENT;
  }
}

void need(const void *p, const char *what) {
  if (!p)
    fail(Status::BadArgument, std::string("null ") + what);
}

gates::Kind gateKind(int kind, int numQubits, int numAngles) {
  if (kind < 0 || kind >= gates::kNumKinds)
    fail(Status::BadArgument, "unknown gate kind " + std::to_string(kind));
  const auto k = static_cast<gates::Kind>(kind);
  if (numQubits != gates::info(k).numQubits)
    fail(Status::BadArgument, std::string(gates::info(k).name) + " takes " +
                                  std::to_string(gates::info(k).numQubits) + " qubit(s)");
  if (numAngles != gates::info(k).numParams)
    fail(Status::BadArgument, std::string(gates::info(k).name) + " takes " +
                                  std::to_string(gates::info(k).numParams) + " angle(s)");
  return k;
}

gates::Kind axisKind(int axis) {
  if (axis != int(gates::Kind::RX) && axis != int(gates::Kind::RY) &&
      axis != int(gates::Kind::RZ))
    fail(Status::BadArgument, "angle-encoding axis must be the kind of rx, ry or rz");
  return static_cast<gates::Kind>(axis);
}

std::vector<cplx> matrixOf(const double *m, int k) {
  if (k < 1 || k > kMaxFusedQubits)
    fail(Status::BadArgument, "fused unitary needs 1..5 qubits");
  need(m, "matrix");
  const size_t n = size_t(1) << (2 * k);
  std::vector<cplx> out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = cplx(m[2 * i], m[2 * i + 1]);
  return out;
}

void qubitList(const int *q, int k) {
  if (k < 0 || (k > 0 && !q))
    fail(Status::BadArgument, "bad qubit list");
}

MaskSpec maskOf(const masq_rt_mask *m) {
  MaskSpec s;
  if (!m)
    return s;
  if (m->kind < 0 || m->kind > 3)
    fail(Status::BadArgument, "unknown mask kind");
  s.kind = static_cast<MaskKind>(m->kind);
  s.rows = m->rows, s.cols = m->cols, s.patch = m->patch;
  if (s.kind == MaskKind::Fixed) {
    if (m->num_indices < 0 || (m->num_indices > 0 && !m->indices))
      fail(Status::BadArgument, "bad mask index list");
    s.indices.assign(m->indices, m->indices + m->num_indices);
  }
  s.parametric = m->parametric != 0;
  s.fill = m->fill, s.fillOffset = m->fill_offset, s.fillSize = m->fill_size;
  return s;
}
} // namespace

extern "C" {

const char *masq_rt_last_error(void) { return gLastError.c_str(); }
const char *masq_rt_status_string(masq_rt_status s) {
  return statusName(static_cast<Status>(s));
}

masq_rt_status masq_rt_set_num_threads(int n) {
  return guard([&] {
    if (n < 0)
      fail(Status::BadArgument, "negative thread count");
    setNumThreads(n);
  });
}
masq_rt_status masq_rt_set_parallel_qubits(int n) {
  return guard([&] {
    if (n < 1)
      fail(Status::BadArgument, "threshold must be positive");
    setParallelQubits(n);
  });
}
masq_rt_status masq_rt_set_simd(int enabled) {
  return guard([&] { setSimdEnabled(enabled != 0); });
}
masq_rt_status masq_rt_set_cache_blocking(int enabled) {
  return guard([&] { setCacheBlocking(enabled != 0); });
}
masq_rt_status masq_rt_set_sample_pairing(int enabled) {
  return guard([&] { setSamplePairing(enabled != 0); });
}
masq_rt_status masq_rt_gate_kind(const char *name, int *kind) {
  return guard([&] {
    need(name, "name");
    need(kind, "output");
    gates::Kind k;
    if (!gates::lookup(name, k))
      fail(Status::BadArgument, std::string("unknown gate '") + name + "'");
    *kind = int(k);
  });
}

//--- state ------------------------------------------------------------------//

masq_rt_status masq_rt_state_create(int n, masq_rt_state **out) {
  return guard([&] {
    need(out, "output handle");
    *out = nullptr;
    *out = new masq_rt_state{StateVector(n)};
  });
}
masq_rt_status masq_rt_state_destroy(masq_rt_state *s) {
  return guard([&] { delete s; });
}

masq_rt_status masq_rt_state_get(const masq_rt_state *s, double *amps, size_t count) {
  return guard([&] {
    need(s, "state");
    need(amps, "output");
    if (s->sv.numAncillas())
      fail(Status::BadArgument, "state is mixed after a reset; use observables");
    if (count != s->sv.size())
      fail(Status::BadArgument, "expected 2^n amplitudes");
    for (size_t i = 0; i < count; ++i)
      amps[2 * i] = s->sv.data()[i].real(), amps[2 * i + 1] = s->sv.data()[i].imag();
  });
}
masq_rt_status masq_rt_state_set(masq_rt_state *s, const double *amps, size_t count) {
  return guard([&] {
    need(s, "state");
    need(amps, "amplitudes");
    std::vector<cplx> a(count);
    for (size_t i = 0; i < count; ++i)
      a[i] = cplx(amps[2 * i], amps[2 * i + 1]);
    s->sv.setAmplitudes(a.data(), count);
  });
}
masq_rt_status masq_rt_gate(masq_rt_state *s, int kind, const int *q, int nq,
                            const double *angles, int na) {
  return guard([&] {
    need(s, "state");
    qubitList(q, nq);
    s->sv.applyGate(gateKind(kind, nq, na), q, angles);
  });
}
masq_rt_status masq_rt_unitary(masq_rt_state *s, const int *q, int k, const double *m) {
  return guard([&] {
    need(s, "state");
    qubitList(q, k);
    const auto mat = matrixOf(m, k);
    s->sv.applyUnitary(q, k, mat.data());
  });
}
masq_rt_status masq_rt_encode_amplitude(masq_rt_state *s, const double *x, size_t len) {
  return guard([&] {
    need(s, "state");
    s->sv.encodeAmplitude(x, len);
  });
}
masq_rt_status masq_rt_encode_angle(masq_rt_state *s, const double *x, const int *q,
                                    int k, int axis, double scale) {
  return guard([&] {
    need(s, "state");
    qubitList(q, k);
    need(x, "input");
    if (!std::isfinite(scale))
      fail(Status::NonFinite, "scale is NaN or infinite");
    s->sv.encodeAngle(x, q, k, axisKind(axis), scale);
  });
}
masq_rt_status masq_rt_reset(masq_rt_state *s, const int *q, int k) {
  return guard([&] {
    need(s, "state");
    qubitList(q, k);
    s->sv.reset(q, k);
  });
}
masq_rt_status masq_rt_fidelity(const masq_rt_state *s, const double *ref, size_t len,
                                double *out) {
  return guard([&] {
    need(s, "state");
    need(out, "output");
    *out = s->sv.fidelity(ref, len);
  });
}
masq_rt_status masq_rt_expval_z(const masq_rt_state *s, const int *q, int k, double *out) {
  return guard([&] {
    need(s, "state");
    need(out, "output");
    qubitList(q, k);
    *out = s->sv.expvalZ(q, k);
  });
}
masq_rt_status masq_rt_prob_zero(const masq_rt_state *s, const int *q, int k, double *out) {
  return guard([&] {
    need(s, "state");
    need(out, "output");
    qubitList(q, k);
    *out = s->sv.probZero(q, k);
  });
}
masq_rt_status masq_rt_probabilities(const masq_rt_state *s, const int *q, int k,
                                     double *out) {
  return guard([&] {
    need(s, "state");
    need(out, "output");
    qubitList(q, k);
    const auto p = s->sv.probabilities(q, k);
    std::copy(p.begin(), p.end(), out);
  });
}
masq_rt_status masq_rt_sample(const masq_rt_state *s, const int *q, int k, uint64_t shots,
                              uint64_t seed, uint64_t *out) {
  return guard([&] {
    need(s, "state");
    qubitList(q, k);
    if (shots && !out)
      fail(Status::BadArgument, "null output");
    const auto r = s->sv.sample(q, k, shots, seed);
    std::copy(r.begin(), r.end(), out);
  });
}

masq_rt_status masq_rt_apply_mask(const masq_rt_mask *mask, const double *x, size_t len,
                                  const double *pattern, const double *theta,
                                  size_t numTheta, double *out) {
  return guard([&] {
    need(x, "input");
    need(out, "output");
    const MaskSpec m = maskOf(mask);
    validateMask(m, len, numTheta);
    if (maskPatternLength(m, len) && !pattern)
      fail(Status::BadArgument, "mask needs a pattern");
    if (m.parametric && !theta)
      fail(Status::BadArgument, "parametric mask needs theta");
    applyMask(m, x, len, pattern, theta, out, nullptr);
  });
}

//--- batch ------------------------------------------------------------------//

masq_rt_status masq_rt_batch_create(int n, int batch, masq_rt_batch **out) {
  return guard([&] {
    need(out, "output handle");
    *out = nullptr;
    *out = new masq_rt_batch{Batch(n, batch)};
  });
}
masq_rt_status masq_rt_batch_destroy(masq_rt_batch *b) {
  return guard([&] { delete b; });
}

masq_rt_status masq_rt_batch_gate(masq_rt_batch *b, int kind, const int *q, int nq,
                                  const double *angles, int na, int perSample) {
  return guard([&] {
    need(b, "batch");
    qubitList(q, nq);
    b->b.applyGate(gateKind(kind, nq, na), q, angles, perSample != 0);
  });
}
masq_rt_status masq_rt_batch_unitary(masq_rt_batch *b, const int *q, int k,
                                     const double *m) {
  return guard([&] {
    need(b, "batch");
    qubitList(q, k);
    const auto mat = matrixOf(m, k);
    b->b.applyUnitary(q, k, mat.data());
  });
}
masq_rt_status masq_rt_batch_encode_amplitude(masq_rt_batch *b, const double *x,
                                              size_t len) {
  return guard([&] {
    need(b, "batch");
    b->b.encodeAmplitude(x, len);
  });
}
masq_rt_status masq_rt_batch_encode_angle(masq_rt_batch *b, const double *x, const int *q,
                                          int k, int axis, double scale) {
  return guard([&] {
    need(b, "batch");
    qubitList(q, k);
    b->b.encodeAngle(x, q, k, axisKind(axis), scale);
  });
}
masq_rt_status masq_rt_batch_reset(masq_rt_batch *b, const int *q, int k) {
  return guard([&] {
    need(b, "batch");
    qubitList(q, k);
    b->b.reset(q, k);
  });
}
masq_rt_status masq_rt_batch_fidelity(const masq_rt_batch *b, const double *refs,
                                      size_t len, double *out) {
  return guard([&] {
    need(b, "batch");
    b->b.fidelity(refs, len, out);
  });
}
masq_rt_status masq_rt_batch_expval_z(const masq_rt_batch *b, const int *q, int k,
                                      double *out) {
  return guard([&] {
    need(b, "batch");
    qubitList(q, k);
    b->b.expvalZ(q, k, out);
  });
}
masq_rt_status masq_rt_batch_prob_zero(const masq_rt_batch *b, const int *q, int k,
                                       double *out) {
  return guard([&] {
    need(b, "batch");
    qubitList(q, k);
    b->b.probZero(q, k, out);
  });
}

//--- tape -------------------------------------------------------------------//

masq_rt_status masq_rt_tape_create(int n, int np, int inputSize, masq_rt_tape **out) {
  return guard([&] {
    need(out, "output handle");
    *out = nullptr;
    *out = new masq_rt_tape{Tape(n, np, inputSize)};
  });
}
masq_rt_status masq_rt_tape_destroy(masq_rt_tape *t) {
  return guard([&] { delete t; });
}

masq_rt_status masq_rt_tape_gate(masq_rt_tape *t, int kind, const int *q, int nq,
                                 const masq_rt_angle *angles, int na) {
  return guard([&] {
    need(t, "tape");
    qubitList(q, nq);
    const gates::Kind k = gateKind(kind, nq, na);
    if (na > 0)
      need(angles, "angle list");
    std::vector<LinearForm> forms(static_cast<size_t>(na));
    for (int i = 0; i < na; ++i) {
      const masq_rt_angle &a = angles[i];
      if (a.num_terms < 0 || a.num_input_terms < 0 ||
          (a.num_terms > 0 && (!a.index || !a.coef)) ||
          (a.num_input_terms > 0 && (!a.input_index || !a.input_coef)))
        fail(Status::BadArgument, "bad angle term list");
      forms[size_t(i)].constant = a.constant;
      for (int j = 0; j < a.num_terms; ++j)
        forms[size_t(i)].theta.push_back({a.index[j], a.coef[j]});
      for (int j = 0; j < a.num_input_terms; ++j)
        forms[size_t(i)].input.push_back({a.input_index[j], a.input_coef[j]});
    }
    t->t.gate(k, std::vector<int>(q, q + nq), std::move(forms));
  });
}
masq_rt_status masq_rt_tape_unitary(masq_rt_tape *t, const int *q, int k, const double *m) {
  return guard([&] {
    need(t, "tape");
    qubitList(q, k);
    t->t.unitary(std::vector<int>(q, q + k), matrixOf(m, k));
  });
}
masq_rt_status masq_rt_tape_encode_amplitude(masq_rt_tape *t, int off, int len,
                                             const masq_rt_mask *mask, int patternOffset) {
  return guard([&] {
    need(t, "tape");
    t->t.encodeAmplitude(off, len, maskOf(mask), patternOffset);
  });
}
masq_rt_status masq_rt_tape_encode_angle(masq_rt_tape *t, int off, const int *q, int k,
                                         int axis, double scale, const masq_rt_mask *mask,
                                         int patternOffset) {
  return guard([&] {
    need(t, "tape");
    qubitList(q, k);
    t->t.encodeAngle(off, std::vector<int>(q, q + k), axisKind(axis), scale, maskOf(mask),
                     patternOffset);
  });
}
masq_rt_status masq_rt_tape_reset(masq_rt_tape *t, const int *q, int k) {
  return guard([&] {
    need(t, "tape");
    qubitList(q, k);
    t->t.reset(std::vector<int>(q, q + k));
  });
}
masq_rt_status masq_rt_tape_observe(masq_rt_tape *t, int kind, const int *q, int k,
                                    const char *name, int refOffset, int refLength,
                                    uint64_t shots, int *valueOffset) {
  return guard([&] {
    need(t, "tape");
    qubitList(q, k);
    if (kind < 0 || kind > 4)
      fail(Status::BadArgument, "unknown observable kind");
    const int off = t->t.observe(static_cast<ObsKind>(kind), std::vector<int>(q, q + k),
                                 name ? name : "", refOffset, refLength, shots);
    if (valueOffset)
      *valueOffset = off;
  });
}
masq_rt_status masq_rt_tape_num_values(const masq_rt_tape *t, int *out) {
  return guard([&] {
    need(t, "tape");
    need(out, "output");
    *out = t->t.numValues();
  });
}
masq_rt_status masq_rt_tape_value_offset(const masq_rt_tape *t, const char *name,
                                         int *offset, int *count) {
  return guard([&] {
    need(t, "tape");
    need(name, "name");
    const TapeOp *op = t->t.observable(name);
    if (!op)
      fail(Status::BadArgument, std::string("no observable named '") + name + "'");
    if (offset)
      *offset = op->valueOffset;
    if (count)
      *count = op->valueCount;
  });
}

masq_rt_status masq_rt_run(const masq_rt_tape *t, const double *theta,
                           const double *inputs, int batch, uint64_t seed,
                           double *values) {
  return guard([&] {
    need(t, "tape");
    run(t->t, theta, inputs, batch, values, seed);
  });
}
masq_rt_status masq_rt_gradient(const masq_rt_tape *t, const double *theta,
                                const double *inputs, int batch, const double *weights,
                                double constant, double *values, double *losses,
                                double *gradTheta, double *gradInputs) {
  return guard([&] {
    need(t, "tape");
    const int V = t->t.numValues();
    if (V > 0)
      need(weights, "loss weights");
    Loss loss;
    loss.weights.assign(weights, weights + V);
    loss.constant = constant;
    for (double w : loss.weights)
      if (!std::isfinite(w))
        fail(Status::NonFinite, "loss weight is NaN or infinite");
    gradient(t->t, theta, inputs, batch, loss, values, losses, gradTheta, gradInputs);
  });
}
masq_rt_status masq_rt_vjp(const masq_rt_tape *t, const double *theta,
                           const double *inputs, int batch, const double *cot,
                           double *values, double *gradTheta, double *gradInputs) {
  return guard([&] {
    need(t, "tape");
    vjp(t->t, theta, inputs, batch, cot, values, gradTheta, gradInputs);
  });
}
masq_rt_status masq_rt_param_shift(const masq_rt_tape *t, const double *theta,
                                   const double *inputs, int batch, const double *cot,
                                   double *gradTheta, double *gradInputs) {
  return guard([&] {
    need(t, "tape");
    need(cot, "cotangents");
    if (t->t.numParams() > 0)
      need(gradTheta, "gradient");
    parameterShift(t->t, theta, inputs, batch, cot, gradTheta, gradInputs);
  });
}
masq_rt_status masq_rt_finite_diff(const masq_rt_tape *t, const double *theta,
                                   const double *inputs, int batch, const double *cot,
                                   double step, double *gradTheta, double *gradInputs) {
  return guard([&] {
    need(t, "tape");
    need(cot, "cotangents");
    if (t->t.numParams() > 0)
      need(gradTheta, "gradient");
    finiteDifference(t->t, theta, inputs, batch, cot, step, gradTheta, gradInputs);
  });
}

} // extern "C"
