//===- NoiseFile.h - a device's noise model, from TOML ------------*- C++ -*-===//
#ifndef MASQ_TOOLS_NOISEFILE_H
#define MASQ_TOOLS_NOISEFILE_H

#include <string>

namespace masq {

/// Reads a noise model (docs/noise.md) into masq-apply-noise's spec:
///   [gates]       one_qubit = { depolarize = 1e-3 }, two_qubit = { ... },
///                 or a gate's name (cx = { depolarize2 = 0.02 });
///   [readout]     p = 0.02 (every qubit), qubits = { 3 = 0.05 };
///   [relaxation]  t1, t2 (seconds), time_1q, time_2q (gate durations):
///                 amplitude damping 1 - exp(-t/T1) and phase damping
///                 1 - exp(-2t/Tphi), 1/Tphi = 1/T2 - 1/(2 T1), after every
///                 gate on each of its qubits.
/// Qubit indices are checked against `numQubits`. False with `error`
/// naming the file, line and column otherwise.
bool readNoiseFile(const std::string &path, int numQubits, std::string &spec,
                   std::string &error);

} // namespace masq

#endif // MASQ_TOOLS_NOISEFILE_H
