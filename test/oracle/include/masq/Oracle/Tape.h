//===- Tape.h - The test oracle: a tape interpreter -------------*- C++ -*-===//
//
// Not part of the runtime: masq_oracle (test/oracle) is the independent
// evaluator that tests and benchmarks check compiled models against. It
// interprets a tape with the runtime's statevector kernels
// (masq/Runtime/Kernels.h) and shares no code with the compiler, the
// lowering or the compiled-code ABI (masq/Runtime/Compiled.h).
//
// A Tape is the straight-line program of one model evaluation: gates whose
// angles are linear forms in the trainable vector theta (and optionally in
// the per-sample input), fused unitaries, one data encoder (first op), resets
// and observables that write into named value slots. It is executed for a
// batch of B samples, each with its own input vector of inputSize doubles
// (data, mask patterns and fidelity references are slices of it), all with
// the same theta.
//
// Gradients use adjoint differentiation (Jones & Gacon, arXiv:2009.02823):
// one forward pass, then one backward sweep that un-computes the state and
// the adjoint vector lambda together. Losses are linear in the observable
// values (L = sum_i w_i v_i + c), or the caller supplies dL/dv per sample
// (vector-Jacobian product) for any loss computed outside.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_ORACLE_TAPE_H
#define MASQ_ORACLE_TAPE_H

#include "masq/Runtime/Encoders.h"
#include "masq/Core/Gates.h"
#include "masq/Runtime/Kernels.h"

#include <cstdint>
#include <string>
#include <vector>

namespace masq {
namespace rt {

struct Term {
  int index;
  double coef;
};

/// angle = constant + sum coef * theta[index] + sum coef * input[index].
/// Shared parameters, adjoint blocks (negated coefficients) and merged
/// rotations (several terms) are all linear forms.
struct LinearForm {
  double constant = 0;
  std::vector<Term> theta;
  std::vector<Term> input;

  static LinearForm constant_(double c) { return LinearForm{c, {}, {}}; }
  static LinearForm param(int index, double coef = 1.0, double c = 0.0) {
    return LinearForm{c, {{index, coef}}, {}};
  }
  static LinearForm feature(int index, double coef = 1.0, double c = 0.0) {
    return LinearForm{c, {}, {{index, coef}}};
  }
};

enum class ObsKind : int {
  Fidelity = 0, // <ref|rho|ref>, ref = amplitude-encoded input slice (1 value)
  ExpvalZ = 1,  // <prod Z_q> (1 value)
  ProbZero = 2, // P(qubits all 0) (1 value)
  Probs = 3,    // marginal distribution, 2^k values
  Sample = 4,   // counts of `shots` samples, 2^k values (no gradient)
};

enum class OpKind : int { Gate, Unitary, EncodeAmplitude, EncodeAngle, Reset, Observe };

struct TapeOp {
  OpKind kind = OpKind::Gate;
  gates::Kind gate = gates::Kind::H;
  std::vector<int> qubits;
  std::vector<LinearForm> angles; // Gate
  std::vector<cplx> matrix;       // Unitary (row-major, 4^k)
  // Encoders: input[inputOffset, +inputLength), mask pattern at patternOffset.
  int inputOffset = 0, inputLength = 0, patternOffset = 0;
  gates::Kind axis = gates::Kind::RY;
  double scale = 1.0;
  MaskSpec mask;
  // Observables
  ObsKind obs = ObsKind::ExpvalZ;
  int refOffset = 0, refLength = 0;
  uint64_t shots = 0;
  int valueOffset = 0, valueCount = 0;
  std::string name;
  int totalQubits = 0; // register + ancillas after this op
};

class Tape {
public:
  /// Throws Error(BadArgument / OutOfMemory) for bad sizes.
  Tape(int numQubits, int numParams, int inputSize);

  // Builders validate eagerly and throw Error with the matching status.
  void gate(gates::Kind kind, std::vector<int> qubits,
            std::vector<LinearForm> angles = {});
  void unitary(std::vector<int> qubits, std::vector<cplx> matrix);
  /// Must be the first op. Encodes input[offset, offset+length) through mask.
  void encodeAmplitude(int inputOffset, int length, const MaskSpec &mask = {},
                       int patternOffset = 0);
  /// Must be the first op; qubits[i] <- R_axis(scale * x[offset + i])|0>.
  void encodeAngle(int inputOffset, std::vector<int> qubits, gates::Kind axis,
                   double scale = 1.0, const MaskSpec &mask = {}, int patternOffset = 0);
  void reset(std::vector<int> qubits);
  /// Records an observable; returns the offset of its values. Empty name ->
  /// "v<offset>".
  int observe(ObsKind kind, std::vector<int> qubits, const std::string &name = "",
              int refOffset = 0, int refLength = 0, uint64_t shots = 0);

  int numQubits() const { return n_; }
  int numParams() const { return numParams_; }
  int inputSize() const { return inputSize_; }
  int numValues() const { return numValues_; }
  int maxTotalQubits() const { return maxTotal_; }
  const std::vector<TapeOp> &ops() const { return ops_; }
  /// Offset of a named observable's values, -1 if unknown.
  int valueOffset(const std::string &name) const;
  const TapeOp *observable(const std::string &name) const;

private:
  void checkForm(const LinearForm &f) const;
  int n_, numParams_, inputSize_, numValues_ = 0, total_, maxTotal_;
  std::vector<TapeOp> ops_;
};

/// True when every gate has a real matrix and shared angles, the encoder is
/// real (amplitude or RY angle) and no observable samples. Such tapes run two
/// samples per complex state (A in the real, B in the imaginary parts),
/// which halves the work per sample of typical RY + CNOT models.
bool pairsSamples(const Tape &tape);
/// Process-wide switch for that optimisation (default on; off for
/// comparisons and benchmarks of the general path).
void setSamplePairing(bool on);
bool samplePairing();
/// For a single sample of such a tape (batch 1, or the last of an odd
/// batch) the adjoint sweep is packed instead: lambda rides in the state's
/// imaginary parts, so each gate's backward step is one sweep over one
/// array. Process-wide switch, default on (off for comparisons).
void setAdjointPacking(bool on);
bool adjointPacking();
/// Cache-blocked execution of gate runs (Kernels.h, kBlockBits): process-wide
/// switch, default on (off for comparisons).
void setCacheBlocking(bool on);
bool cacheBlocking();
/// Gathered blocks are used only when the working set (state, plus the
/// adjoint vector in the backward sweep) exceeds this many bytes; default:
/// the L3 size from sysconf (32 MiB if unknown). 0 restores the default.
void setLastLevelCacheBytes(double bytes);
double lastLevelCacheBytes();

/// Linear loss L = sum_i weights[i] * v_i + constant, per sample.
struct Loss {
  std::vector<double> weights; // numValues entries
  double constant = 0;
};

/// Forward pass: values[s * numValues + i]. `seed` drives Sample observables
/// (sample s uses a generator seeded from (seed, s, op)).
void run(const Tape &tape, const double *theta, const double *inputs, int batch,
         double *values, uint64_t seed = 0);

/// Vector-Jacobian product: gradTheta = sum_s sum_i cot[s,i] dv[s,i]/dtheta,
/// gradInputs[s * inputSize + j] likewise w.r.t. the sample's input (may be
/// null). values (may be null) receives the forward values.
/// Input gradients cover the encoded slice (through the L2 normalisation and
/// the mask; hidden positions go to the mask token in theta) and inputs read
/// by gate angles; fidelity references and mask patterns are treated as
/// constants (zero gradient), and Sample observables have no gradient (their
/// cotangents are ignored). Gradients are summed in a fixed order, so a given
/// thread count always gives the same bits.
void vjp(const Tape &tape, const double *theta, const double *inputs, int batch,
         const double *cotangents, double *values, double *gradTheta,
         double *gradInputs);

/// Linear loss: returns sum_s L_s; losses[s] (may be null) gets L_s.
double gradient(const Tape &tape, const double *theta, const double *inputs, int batch,
                const Loss &loss, double *values, double *losses, double *gradTheta,
                double *gradInputs);

/// Reference: parameter-shift gradient of sum_{s,i} cot[s,i] v[s,i] w.r.t.
/// gate angles (Gates.h shiftRule(); u3 uses the 2-term rule per angle, exact
/// since each u3 angle is one Pauli rotation up to a global phase). Entries
/// of theta used only by mask fills get no contribution.
void parameterShift(const Tape &tape, const double *theta, const double *inputs,
                    int batch, const double *cotangents, double *gradTheta,
                    double *gradInputs);

/// Reference: central differences with step h of the same function, for
/// every theta entry and (if gradInputs is non-null) every input entry.
void finiteDifference(const Tape &tape, const double *theta, const double *inputs,
                      int batch, const double *cotangents, double h,
                      double *gradTheta, double *gradInputs);

} // namespace rt
} // namespace masq

#endif // MASQ_ORACLE_TAPE_H
