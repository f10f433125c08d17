//===- Driver.h - what the masq command line asks for ----------*- C++ -*-===//
//
// Plain structs only: Main.cpp (CLI11, built with exceptions) fills them in,
// Driver.cpp (MLIR, built without) carries them out. What runs code is
// declared only when the runtime is built (MASQ_WITH_RUNTIME).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_DRIVER_H
#define MASQ_TOOLS_DRIVER_H

#if MASQ_WITH_RUNTIME
#include "masq/Model/Trainer.h"
#endif

#include <memory>
#include <string>
#include <vector>

namespace masq {

class NativeModel;

struct DriverOptions {
  std::string file;
  std::string emit = "mlir";      // compile: what to print
  std::string output = "-";       // compile: where to write it
  bool locations = false;         // keep source locations in the output
  bool verifyDiagnostics = false; // check expected-error comments (tests)
  int optLevel = 1;               // -O0 or -O
  int fuseMinQubits = 0;          // --fuse-min-qubits (0: the pass default)
  int fuseMaxQubits = 0;          // --fuse-max-qubits (0: the pass default)
  std::vector<std::string> disabledPasses; // --disable-pass NAME
  std::vector<std::string> sets;  // --set NAME=VALUE
  bool timings = false;           // print the time of each stage
  bool noCache = false;           // bypass the compiled-model cache
  // run / grad
  std::vector<std::string> inputs; // --input NAME=v1,v2,...
  std::string data;                // --data NAME
  long long sample = 0;            // --sample K
  long long count = 1;             // --count N: samples K .. K+N-1
  int repeat = 0;                  // --repeat N: time N more evaluations
  long long shots = 0;             // --shots N: sampled estimates of the observables
  unsigned long long shotSeed = 0; // --shot-seed S: their measurement outcomes
  long long trajectories = 0;      // --trajectories T: noisy models, means over T trajectories
  std::string observable;          // compile --emit=qasm*: what to measure
  std::string target;              // compile --emit=qasm*|resources: a device (masq/Targets)
  std::string router = "sabre";    // --router sabre|trivial
  long long sampleLast = -1;       // compile --samples A..B: B (A in sample)
  std::string params;              // --params FILE.json
  bool allowPartialParams = false; // --allow-partial-params: missing ones keep their initial values
  unsigned long long seed = 0;     // --seed S
  bool json = false;               // --json
  bool checkGradient = false;      // grad --check: compare with central differences
  // Embedding (the Python package): the model's text instead of reading
  // `file` (still the name in diagnostics), diagnostics collected here
  // instead of printed, and the vector-Jacobian product compiled in.
  const std::string *source = nullptr;
  std::string *diagnostics = nullptr;
  bool vjp = false;
  std::string noiseFile;           // --noise FILE.toml: a device's noise channels
  bool paramShift = false;         // also compile the parameter-shift gradient
  std::string precision = "double"; // --precision double|single: the states' amplitudes
  bool forwardOnly = false;        // masq run: a noisy model needs no gradient
  bool distributedState = false;   // run/grad under mpirun: the state over the ranks
  std::string gradMethod = "adjoint"; // masq grad --method
};

/// Parse and verify; 0 on success, 1 on any error (already printed).
/// The passes -O runs that --disable-pass can leave out (pass arguments).
std::vector<std::string> optionalPassNames();

int runCheck(const DriverOptions &opts);

/// Everything that shapes a compile before the optimised IR exists, as text
/// (a source entry's key in the compiled-model cache; SourceKey.cpp).
std::string sourceKey(const DriverOptions &opts);
/// Parse, verify, optimise and print what --emit asks for.
int runCompile(const DriverOptions &opts);
#if MASQ_WITH_RUNTIME
/// Compile to native code, evaluate one sample and print loss and outputs
/// (and, with `gradient`, d loss / d every parameter).
int runRun(const DriverOptions &opts, bool gradient);
/// Compile to native code and train (or, with `eval`, evaluate saved
/// parameters).
int runTrain(const DriverOptions &opts, const TrainOptions &train, bool eval);
/// Writes a standalone trainer executable to opts.output.
int runBuild(const DriverOptions &opts);
/// Compiles opts.file to callable code at opts.optLevel; null on error
/// (diagnostics printed).
std::unique_ptr<NativeModel> compileModel(const DriverOptions &opts);
/// The differential tester over the models listed in `list` (DiffTest.cpp).
int runDiffTest(const DriverOptions &opts, const std::string &list);
#endif

} // namespace masq

#endif // MASQ_TOOLS_DRIVER_H
