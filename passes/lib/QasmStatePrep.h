//===- QasmStatePrep.h - amplitude encoding as gates (private) --*- C++ -*-===//
//
// The state preparation OpenQASM writes for an amplitude encoder and a
// fidelity's reference register: uniformly controlled RY rotations and CX
// (Mottonen et al. 2004, real data, signs at the leaves), skipping every
// multiplexor whose angles are all zero (masked patches).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_QASMSTATEPREP_H
#define MASQ_PASSES_QASMSTATEPREP_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace masq {

/// Receives each gate: its name (ry, cx), angles and qubit names.
using GateSink = llvm::function_ref<void(llvm::StringRef, llvm::ArrayRef<double>,
                                         llvm::ArrayRef<std::string>)>;

/// |x>/|x| (zero-padded to 2^k) on `qubits` (bit j of an index =
/// qubits[j]), from |0...0>. False for a zero vector.
bool prepareAmplitudes(std::vector<double> x, const std::vector<std::string> &qubits,
                       GateSink gate);

} // namespace masq

#endif // MASQ_PASSES_QASMSTATEPREP_H
