//===- ModelInfo.h - what a compiled model's buffers hold -------*- C++ -*-===//
//
// A compiled model is a pair of C functions (masq/Model/Model.h) over flat
// double buffers. ModelInfo says where everything sits in them:
//   theta  (numParams):  the trainable parameters, in declaration order;
//   inputs (inputSize per sample): the model inputs, then the per-sample
//          mask patterns (0 / 1 doubles), in declaration order;
//   values (numValues per sample): the loss (if any) at 0, then the outputs;
//   work   (workSize per thread): state, adjoint vector and scratch.
// The compiler writes it as JSON into the object code (masq_model_info), so
// a standalone trainer and the JIT read the same description.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_CORE_MODELINFO_H
#define MASQ_CORE_MODELINFO_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace masq {

struct Slot {
  std::string name;
  std::vector<int64_t> shape; // empty = scalar
  int64_t offset = 0;         // in its buffer
  int64_t size = 1;           // product of shape
  /// Outputs: the observable each entry is, when it is one ("fidelity",
  /// "expval", "prob", "probabilities"); empty for derived values.
  std::string observable;
};

struct ParamSlot : Slot {
  std::string init = "constant"; // constant(a) | uniform(a, b) | normal(a, b)
  double a = 0, b = 0;
};

struct MaskSlot : Slot {
  std::string kind;         // patches | pixels
  std::string input;        // the input it masks
  double ratio = 0;         // fraction of entries hidden per sample
  int64_t rows = 0, cols = 0, patch = 1;
};

struct ModelInfo {
  std::string name;
  int numQubits = 0;   // register
  int totalQubits = 0; // register + reset ancillas
  int64_t numParams = 0, inputSize = 0, numValues = 0, scratch = 0;
  /// Doubles per amplitude of the simulated states: 2 (complex128) or 1
  /// (complex64, --precision single).
  int stateDoubles = 2;
  bool hasLoss = false;
  std::vector<Slot> inputs;
  std::vector<ParamSlot> params;
  std::vector<MaskSlot> masks;
  std::vector<Slot> outputs;
  std::map<std::string, double> hypers;

  /// Doubles of per-thread workspace: psi and lam (2^totalQubits
  /// amplitudes of stateDoubles each), scratch and its gradient.
  int64_t workSize() const {
    return 2 * (int64_t(stateDoubles) << totalQubits) + 4 * scratch;
  }
  const Slot *input(const std::string &n) const;
  const ParamSlot *param(const std::string &n) const;
  const Slot *output(const std::string &n) const;
};

/// JSON form (the format embedded in compiled code and the cache).
std::string toJson(const ModelInfo &info);
/// Parses toJson's output; returns false and sets `error` on malformed text.
bool fromJson(const std::string &text, ModelInfo &info, std::string &error);

} // namespace masq

#endif // MASQ_CORE_MODELINFO_H
