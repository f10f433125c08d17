//===- FusionCalibration.h - the fuser's measured costs on disk -*- C++ -*-===//
//
// `masq calibrate` writes the table of masq/Core/FusionCosts.h to
// CACHE_DIR/fusion-costs (the compiled-model cache's directory); every
// compile (masq and the Python package) reads it and hands it to
// masq-fuse-gates, unless --fuse-min-qubits / --fuse-max-qubits ask for
// fixed thresholds. A table measured by another masq version or on another
// CPU is ignored with a warning. Without a table the fixed defaults of
// FuseGates.cpp apply.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_FUSIONCALIBRATION_H
#define MASQ_TOOLS_FUSIONCALIBRATION_H

#include "masq/Core/FusionCosts.h"

#include <string>

namespace masq {

/// CACHE_DIR/fusion-costs for the cache directory masq uses (MASQ_CACHE_DIR,
/// XDG_CACHE_HOME/masq, ~/.cache/masq), or "" when there is none.
std::string fusionCostsPath();

/// Writes `costs` for this masq version and CPU to `path`; false with
/// `error` (naming the file) when it cannot be written.
bool writeFusionCosts(const std::string &path, const FusionCosts &costs, std::string &error);

/// The table at fusionCostsPath() in its text form, or "" when there is
/// none or it does not apply here (then with a warning, once per process).
std::string loadFusionCosts();

} // namespace masq

#endif // MASQ_TOOLS_FUSIONCALIBRATION_H
