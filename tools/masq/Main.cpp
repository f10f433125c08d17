//===- Main.cpp - the masq command line -----------------------------------===//
//
// CLI11 throws on bad flags, so this file is built with exceptions; it only
// fills in DriverOptions and calls into the MLIR-side driver. Without the
// runtime (MASQ_WITH_RUNTIME=OFF) only check and compile exist.
//
//===----------------------------------------------------------------------===//
#include "CLIText.h"
#include "Driver.h"
#if MASQ_WITH_RUNTIME
#include "masq/Model/Dist.h"
#endif
#include "masq/Core/BoundedRead.h"
#include "masq/Core/Limits.h"
#if MASQ_WITH_RUNTIME
#include "FusionCalibration.h"
#include "TrainFlags.h"
#include "masq/Runtime/FusionCosts.h"
#endif

#include <CLI/CLI.hpp>

#if MASQ_WITH_RUNTIME
#include <nlohmann/json.hpp>
#endif

#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <iostream>

namespace {

/// The subcommands and the flag values main reads after parsing.
struct Commands {
  masq::DriverOptions opts;
  CLI::App *check = nullptr, *compile = nullptr;
  std::string optLevel = "1", samples;
#if MASQ_WITH_RUNTIME
  std::vector<CLI::App *> runners; // run, grad
  CLI::App *build = nullptr, *difftest = nullptr, *train = nullptr, *eval = nullptr,
           *calibrate = nullptr;
  int calMin = 6, calMax = 22, calRounds = 3;
  std::string calOut;
  std::string diffList, configFile;
  masq::TrainOptions training;
#else
  std::vector<CLI::App *> missing; // named, so that using one says why it is missing
#endif
};

/// The flags every model command has.
void addCommon(CLI::App *cmd, masq::DriverOptions &opts) {
  cmd->add_option("FILE", opts.file, "the .masq model")->required();
  cmd->add_option("--set", opts.sets, "override a hyper: --set NAME=VALUE (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("--verify-diagnostics", opts.verifyDiagnostics,
                "check diagnostics against expected-error comments (tests)");
  cmd->add_option("--fuse-min-qubits", opts.fuseMinQubits,
                  "fuse gates into blocks on states of at least N qubits, instead of "
                  "where masq calibrate's measured costs say blocks pay (without a "
                  "table: 17 for blocks on qubits below " +
                      std::to_string(masq::kChunkQubits) + ", run in place; 21 for others)")
      ->check(CLI::Range(1, masq::kMaxQubits + 1));
  cmd->add_option("--fuse-max-qubits", opts.fuseMaxQubits,
                  "at most K qubits per fused block, in place or gathered (default: " +
                      std::to_string(masq::kChunkQubits) + " in place, " +
                      std::to_string(masq::kGatheredQubits) +
                      " gathered; bench/fuse_k.sh measures which K pays)")
      ->check(CLI::Range(1, masq::kChunkQubits));
  cmd->add_option("--noise", opts.noiseFile,
                  "a device's noise model (TOML: [gates], [readout], [relaxation]; "
                  "docs/noise.md): its channels are attached to the optimised model");
  cmd->add_option("--precision", opts.precision,
                  "amplitude type of the simulated states: double (complex128, the "
                  "default) or single (complex64: half the memory traffic; the "
                  "arithmetic stays double)")
      ->check(CLI::IsMember({"double", "single"}));
  cmd->add_flag("--vjp", opts.vjp,
                "also compile the vector-Jacobian product with respect to parameters and "
                "inputs (masq_model_vjp, what the Python package calls); what it cannot "
                "differentiate is refused where it is written");
  std::vector<std::string> passes = masq::optionalPassNames();
  std::string list;
  for (const std::string &p : passes)
    list += (list.empty() ? "" : ", ") + p;
  cmd->add_option("--disable-pass", opts.disabledPasses,
                  "leave a pass out of -O (repeatable): " + list)
      ->check(CLI::IsMember(passes))
      ->allow_extra_args(false);
}

void addCompile(CLI::App &app, Commands &c) {
  masq::DriverOptions &opts = c.opts;
  CLI::App *compile = c.compile = app.add_subcommand("compile", "compile a model and print its IR");
  addCommon(compile, opts);
  compile->add_option("--emit", opts.emit,
                      "mlir | llvm (print the IR) | native (JIT, into the cache) | obj "
                      "(write an object file, -o) | qasm2 | qasm3 | resources | circuit (the "
                      "circuit as masq ops; with --target routed, in native gates)")
      ->check(CLI::IsMember(
          {"mlir", "llvm", "native", "obj", "qasm2", "qasm3", "resources", "circuit"}));
  compile->add_option("--params", opts.params, "qasm: parameters (JSON, as masq train writes)");
  compile->add_flag("--allow-partial-params", opts.allowPartialParams,
                    "parameters missing from --params keep their initial values");
  compile->add_option("--input", opts.inputs, "qasm: an input's values, NAME=v1,v2,...")
      ->allow_extra_args(false);
  compile->add_option("--data", opts.data, "qasm: dataset for the inputs not given");
  compile->add_option("--sample", opts.sample, "qasm: image index in --data")
      ->check(CLI::NonNegativeNumber);
  compile->add_option("--seed", opts.seed, "qasm: seed of initialisers and masks");
  compile->add_option("--samples", c.samples,
                      "qasm: images A..B of --data, one file each (-o OUT gives OUT-K)");
  compile->add_option("--observable", opts.observable,
                      "qasm: what the circuit measures, 'loss' or an output name "
                      "(default: the loss, else the first output)");
  compile->add_option("--target", opts.target,
                      "qasm2|qasm3|resources|circuit: compile for a device: a built-in (heavy-hex-27, "
                      "line:N, grid:RxC, ion:N) or a TOML file (docs/hardware.md): its native "
                      "gates on its coupling map, SWAPs added");
  compile->add_option("--router", opts.router, "with --target: sabre (default) or trivial "
                      "(shortest-path SWAPs before each gate, for comparison)")
      ->check(CLI::IsMember({"sabre", "trivial"}));
  compile->add_flag("--timings", opts.timings, "print the time of each stage");
  compile->add_flag("--no-cache", opts.noCache, "bypass the compiled-model cache");
  compile->add_option("-o,--output", opts.output, "output file ('-' = stdout)");
  compile->add_flag("--locations", opts.locations,
                    "keep source locations (file:line:col) in the IR");
  compile->add_option("-O", c.optLevel, "-O0: the IR as generated; -O (the default): optimised")
      ->expected(0, 1)
      ->default_str("1");
}

#if MASQ_WITH_RUNTIME
void addRunners(CLI::App &app, Commands &c) {
  masq::DriverOptions &opts = c.opts;
  for (const char *name : {"run", "grad"}) {
    CLI::App *cmd = app.add_subcommand(
        name, std::string(name) == "run"
                  ? "compile to native code and print loss and outputs for one sample "
                    "(or several: --count, repeated --input)"
                  : "like run, and print d loss / d every parameter (of the mean loss)");
    addCommon(cmd, opts);
    cmd->add_option("--input", opts.inputs,
                    "an input's values: NAME=v1,v2,... (repeat NAME for more samples)")
        ->allow_extra_args(false);
    cmd->add_option("--data", opts.data,
                    "dataset for inputs not given: digits | fashion-mnist | mnist:DIR | "
                    "idx:IMAGES,LABELS | csv:PATH");
    cmd->add_option("--sample", opts.sample, "image index in --data")->check(CLI::NonNegativeNumber);
    cmd->add_option("--count", opts.count, "number of samples (--data: images K .. K+N-1)")
        ->check(CLI::Range(1LL, 1LL << 20));
    cmd->add_option("--shots", opts.shots,
                    "also estimate each observable output from N sampled measurements "
                    "(seeded by --shot-seed), with standard errors")
        ->check(CLI::Range(1LL, 100000000LL));
    cmd->add_option("--shot-seed", opts.shotSeed,
                    "seed of the sampled measurements (--shots) and of the trajectories' "
                    "Kraus draws (--trajectories); --seed draws parameters and masks");
    cmd->add_option("--trajectories", opts.trajectories,
                    "a model with noise channels: every value is the mean over T quantum "
                    "trajectories (without it, the exact density matrix, up to 12 qubits)")
        ->check(CLI::Range(1LL, 100000000LL));
    cmd->add_option("--repeat", opts.repeat,
                    "evaluate N more times and print the time per evaluation")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--params", opts.params, "parameters (JSON, as masq train writes)");
    cmd->add_flag("--allow-partial-params", opts.allowPartialParams,
                  "parameters missing from --params keep their initial values (--seed)");
    cmd->add_option("--seed", opts.seed, "seed of initialisers and masks");
    cmd->add_flag("--json", opts.json, "print JSON");
    cmd->add_flag("--timings", opts.timings, "print the time of each stage");
    cmd->add_flag("--no-cache", opts.noCache, "bypass the compiled-model cache");
    cmd->add_option("-O", c.optLevel, "-O0 or -O (default)")->expected(0, 1)->default_str("1");
    if (std::string(name) == "grad") {
      cmd->add_flag("--check", opts.checkGradient,
                    "also compute central differences of the compiled forward pass "
                    "and fail if they disagree with the compiled gradient");
      cmd->add_option("--method", opts.gradMethod,
                      "adjoint (exact, the default) | parameter-shift (each shifted "
                      "circuit run; with --shots, sampled as on a device) | finite-diff "
                      "(central differences of the forward pass)")
          ->check(CLI::IsMember({"adjoint", "parameter-shift", "finite-diff"}));
    }
    c.runners.push_back(cmd);
  }
}

#if MASQ_WITH_RUNTIME
/// masq calibrate: measures the table (runtime/sim/FusionCosts.cpp), prints
/// it with where blocks pay, and writes it (FusionCalibration.h).
int runCalibrate(const Commands &c) {
  if (c.calMin > c.calMax) {
    std::cerr << "masq: error: calibrate: --min-qubits " << c.calMin
              << " is above --max-qubits " << c.calMax << "\n";
    return 2;
  }
  const std::string out = c.calOut.empty() ? masq::fusionCostsPath() : c.calOut;
  if (out.empty()) {
    std::cerr << "masq: error: calibrate: no cache directory (set MASQ_CACHE_DIR or HOME, "
                 "or give -o FILE)\n";
    return 2;
  }
  std::printf("%4s %12s %14s %14s %14s %14s %8s %8s\n", "n", "gate ns", "in-place fix",
              "in-place/gate", "gathered fix", "gathered/gate", "in 8", "ga 8");
  masq::FusionCosts costs;
  try {
    costs = masq::rt::measureFusionCosts(
        c.calMin, c.calMax, c.calRounds, [](const masq::FusionCostRow &r) {
          masq::FusionCosts one;
          one.rows = {r};
          std::printf("%4d %12.4g %14.4g %14.4g %14.4g %14.4g %8s %8s\n", r.n, r.gate,
                      r.inPlaceFixed, r.inPlaceGate, r.gatheredFixed, r.gatheredGate,
                      one.pays(r.n, 8, true) ? "fuse" : "-",
                      one.pays(r.n, 8, false) ? "fuse" : "-");
          std::fflush(stdout);
        });
  } catch (const std::exception &e) {
    std::cerr << "masq: error: calibrate: " << e.what() << "\n";
    return 1;
  }
  std::string error;
  if (!masq::writeFusionCosts(out, costs, error)) {
    std::cerr << "masq: error: calibrate: " << error << "\n";
    return 1;
  }
  std::printf("(\"in 8\" / \"ga 8\": whether a block of 8 gates, in place / gathered, "
              "is formed)\nwrote %s\n", out.c_str());
  return 0;
}
#endif

void addBuildTrainEval(CLI::App &app, Commands &c) {
  masq::DriverOptions &opts = c.opts;
  c.build = app.add_subcommand(
      "build", "write a standalone native trainer (the model linked with the runtime)");
  addCommon(c.build, opts);
  c.build->add_option("-o,--output", opts.output, "the executable to write")->required();
  c.build->add_option("-O", c.optLevel, "-O0 or -O (default)")->expected(0, 1)->default_str("1");

  c.difftest = app.add_subcommand(
      "difftest", "check generated models: compiled gradient against central differences, "
                  "-O against -O0 (the list: test/Compile/fuzz_model.py)");
  c.difftest->add_option("LIST", c.diffList, "lines of PATH<tab>SEED<tab>v1,v2,...")->required();
  c.difftest->add_option("--precision", opts.precision,
                         "single: also compare each model on complex64 states with double")
      ->check(CLI::IsMember({"double", "single"}));

  c.calibrate = app.add_subcommand(
      "calibrate", "measure fused and unfused gates on this machine for the fuser's cost "
                   "model (written to the cache directory; every later compile uses it)");
  c.calibrate->add_option("--min-qubits", c.calMin, "smallest state measured")
      ->default_val(6)->check(CLI::Range(2, 26));
  c.calibrate->add_option("--max-qubits", c.calMax, "largest state measured")
      ->default_val(22)->check(CLI::Range(2, 26));
  c.calibrate->add_option("--rounds", c.calRounds, "interleaved rounds per figure (median)")
      ->default_val(3)->check(CLI::Range(1, 99));
  c.calibrate->add_option("-o,--output", c.calOut,
                          "the table to write (default: CACHE_DIR/fusion-costs)");

  c.train = app.add_subcommand("train", "train a model on image data");
  c.eval = app.add_subcommand("eval", "recompute the metrics of a run from DIR/params.json");
  addCommon(c.train, opts);
  c.eval->add_option("--set", opts.sets, "override a hyper: --set NAME=VALUE (repeatable)")
      ->allow_extra_args(false);
  c.eval->add_option("--precision", opts.precision,
                     "double or single (default: the run's, from DIR/config.json)")
      ->check(CLI::IsMember({"double", "single"}));
  for (CLI::App *cmd : {c.train, c.eval}) {
    masq::addConfigFlag(*cmd, c.configFile);
    masq::addDataFlags(*cmd, c.training);
    cmd->add_flag("--no-cache", opts.noCache, "bypass the compiled-model cache");
    cmd->add_flag("--timings", opts.timings, "print the time of each compile stage");
    cmd->add_option("-O", c.optLevel, "-O0 or -O (default)")->expected(0, 1)->default_str("1");
  }
  masq::addTrainingFlags(*c.train, c.training);
  c.eval->add_option("DIR", c.training.out, "a folder written by masq train")->required();
}

/// masq eval: the run's own settings (DIR/config.json), unless a flag says
/// otherwise. 0, or the exit code.
int readEvalConfig(Commands &c) {
  masq::TrainOptions &train = c.training;
  std::string path = train.out + "/config.json", text, error;
  try {
    if (!masq::readFileBounded(path, 1 << 20, text, error))
      throw std::runtime_error(error);
    nlohmann::json j = nlohmann::json::parse(text);
    c.opts.file = j.at("model_file").get<std::string>();
    if (!c.eval->count("--data"))
      train.data = j.at("data").get<std::string>();
    if (!c.eval->count("--seed"))
      train.seed = j.at("seed").get<unsigned long long>();
    if (!c.eval->count("--train"))
      train.train = j.at("train").get<size_t>();
    if (!c.eval->count("--test"))
      train.test = j.at("test").get<size_t>();
    if (!c.eval->count("--precision"))
      c.opts.precision = j.value("precision", std::string("double"));
    if (!c.eval->count("--set"))
      for (auto &h : j.at("hypers").items())
        c.opts.sets.push_back(h.key() + "=" + h.value().dump());
  } catch (const std::exception &e) {
    std::cerr << "masq: error: " << path << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
#endif

/// compile --samples A..B: images A to B, both included. 0, or the exit code.
int parseSamples(Commands &c) {
  auto index = [](const std::string &text, long long &out) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos)
      return false;
    out = std::stoll(text);
    return true;
  };
  const std::string &samples = c.samples;
  size_t dots = samples.find("..");
  long long a = 0, b = 0;
  std::string shown = "--samples " + masq::echoInput(samples);
  if (dots == std::string::npos || !index(samples.substr(0, dots), a) ||
      !index(samples.substr(dots + 2), b)) {
    std::cerr << "masq: error: " << shown
              << ": expected A..B, the images A to B (whole numbers, both included)\n";
    return 2;
  }
  if (b < a) {
    std::cerr << "masq: error: " << shown
              << ": the range is empty (reversed: B is below A; A..B includes both ends)\n";
    return 2;
  }
  if (b - a >= (1LL << 20)) {
    std::cerr << "masq: error: " << shown << ": more than 2^20 samples\n";
    return 2;
  }
  c.opts.sample = a, c.opts.sampleLast = b;
  return 0;
}

/// Checks across flags that CLI11 cannot express. 0, or the exit code.
int checkFlags(Commands &c) {
  // --set NAME=VALUE (from the command line or --config); the hyper and
  // its value are checked when the model is read.
  for (const std::string &s : c.opts.sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "masq: error: --set expects NAME=VALUE, got '" << masq::echoInput(s)
                << "'\n";
      return 2;
    }
  }
  if (c.optLevel != "0" && c.optLevel != "1" && !c.optLevel.empty()) {
    std::cerr << "masq: error: -O" << masq::echoInput(c.optLevel) << ": use -O0 or -O\n";
    return 2;
  }
  c.opts.optLevel = c.optLevel == "0" ? 0 : 1;
  return c.compile->count("--samples") ? parseSamples(c) : 0;
}

#if MASQ_WITH_RUNTIME
bool distributedRun(masq::DriverOptions &opts, bool gradient);
#endif

/// Runs the parsed subcommand.
int dispatch(Commands &c) {
  masq::DriverOptions &opts = c.opts;
  if (c.check->parsed())
    return masq::runCheck(opts);
#if !MASQ_WITH_RUNTIME
  for (CLI::App *cmd : c.missing)
    if (cmd->parsed()) {
      std::cerr << "masq: error: masq " << cmd->get_name()
                << " needs the runtime; this masq was built with MASQ_WITH_RUNTIME=OFF "
                   "(it can check and compile --emit=mlir|qasm2|qasm3|resources)\n";
      return 2;
    }
#else
  if (c.difftest->parsed())
    return masq::runDiffTest(opts, c.diffList);
  if (c.calibrate->parsed())
    return runCalibrate(c);
  if (c.eval->parsed())
    if (int rc = readEvalConfig(c))
      return rc;
  if (c.train->parsed() || c.eval->parsed()) {
    c.training.modelFile = opts.file;
    c.training.precision = opts.precision;
    return masq::runTrain(opts, c.training, c.eval->parsed());
  }
  if (c.build->parsed())
    return masq::runBuild(opts);
  if ((c.runners[0]->parsed() || c.runners[1]->parsed()) && !distributedRun(opts, c.runners[1]->parsed()))
    return 1;
  if (c.runners[0]->parsed()) {
    opts.forwardOnly = true;
    return masq::runRun(opts, false);
  }
  if (c.runners[1]->parsed()) {
    if (opts.shots > 0 && opts.gradMethod == "adjoint") {
      // The adjoint sweep reads the exact state, which no device reports.
      std::cerr << "masq: error: --shots: the adjoint method reads the simulated state's "
                   "amplitudes, which a device does not give, so it has no finite-shot "
                   "form; use --method parameter-shift (or finite-diff)\n";
      return 2;
    }
    opts.paramShift = opts.gradMethod == "parameter-shift";
    return masq::runRun(opts, true);
  }
#endif
  return masq::runCompile(opts);
}

#if MASQ_WITH_RUNTIME
/// masq run / grad under mpirun (two or more processes): the state split
/// over the ranks (masq/Runtime/Distributed.h), rank 0 printing. Gradients
/// by any --method; shots, trajectories and noise are refused.
bool distributedRun(masq::DriverOptions &opts, bool gradient) {
  try {
    const masq::dist::World &w = masq::dist::world();
    if (w.size < 2)
      return true;
    if (opts.precision == "single") {
      std::cerr << "masq: error: --precision single: a state distributed over "
                << w.size << " processes is complex128 only; run it without mpirun\n";
      return false;
    }
    if (opts.shots > 0 || opts.trajectories > 0 || !opts.noiseFile.empty()) {
      std::cerr << "masq: error: " << (opts.shots > 0 ? "--shots" : opts.trajectories > 0 ? "--trajectories" : "--noise")
                << " on a state distributed over " << w.size
                << " processes is not supported yet; run it without mpirun\n";
      return false;
    }
    opts.distributedState = true;
    if (w.root())
      std::cerr << "masq: the state over " << w.size << " processes"
                << (gradient ? " (the gradient by " + opts.gradMethod + ")" : std::string())
                << "\n";
    masq::dist::quietOtherRanks();
    return true;
  } catch (const std::exception &e) {
    std::cerr << "masq: error: " << e.what() << "\n";
    return false;
  }
}
#endif

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"masq: a compiler for quantum machine-learning models"};
  // Before the subcommands: they copy it.
  app.failure_message([](const CLI::App *a, const CLI::Error &e) {
    return masq::formatCLIError("masq", a, e);
  });
  app.require_subcommand(1);
  app.set_version_flag("--version", "masq 0.1.0");

  Commands c;
  c.check = app.add_subcommand("check", "parse and verify a model");
  addCommon(c.check, c.opts);
  addCompile(app, c);
#if MASQ_WITH_RUNTIME
  addRunners(app, c);
  addBuildTrainEval(app, c);
#else
  for (const char *name : {"run", "grad", "build", "difftest", "train", "eval"})
    c.missing.push_back(app.add_subcommand(name, "(needs the runtime; not in this build)")
                            ->allow_extras()
                            ->group("Not in this build (MASQ_WITH_RUNTIME=OFF)"));
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
#if MASQ_WITH_RUNTIME
  // The settings file fills in what the command line left out.
  for (CLI::App *cmd : {c.train, c.eval}) {
    std::string error;
    if (cmd->parsed() && cmd->count("--config") &&
        !masq::applyConfigFile(*cmd, c.configFile, error)) {
      std::cerr << "masq: error: " << error << "\n";
      return 2;
    }
  }
#endif
  if (int rc = checkFlags(c))
    return rc;
  return dispatch(c);
}
