//===- Driver.h - what the masq command line asks for ----------*- C++ -*-===//
//
// Plain structs only: Main.cpp (CLI11, built with exceptions) fills them in,
// Driver.cpp (MLIR, built without) carries them out.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_DRIVER_H
#define MASQ_TOOLS_DRIVER_H

#include <string>
#include <vector>

namespace masq {

struct DriverOptions {
  std::string file;
  std::string emit = "mlir";      // compile: what to print
  std::string output = "-";       // compile: where to write it
  bool locations = false;         // keep source locations in the output
  bool verifyDiagnostics = false; // check expected-error comments (tests)
  int optLevel = 1;               // -O0 or -O
  std::vector<std::string> sets;  // --set NAME=VALUE
};

/// Parse and verify; 0 on success, 1 on any error (already printed).
int runCheck(const DriverOptions &opts);
/// Parse, verify, optimise and print what --emit asks for.
int runCompile(const DriverOptions &opts);

} // namespace masq

#endif // MASQ_TOOLS_DRIVER_H
