//===- Driver.cpp - masq check / compile ----------------------------------===//
//
// check and compile need only the compiler and masq_core. What runs code
// (compile --emit=llvm|native|obj, run, grad, train, eval, build) needs the
// runtime and is built only with MASQ_WITH_RUNTIME.
//
//===----------------------------------------------------------------------===//
#include "Driver.h"
#include "NoiseFile.h"
#include "DataBridge.h"
#if MASQ_WITH_RUNTIME
#include "FusionCalibration.h"
#include "Jit.h"
#include "LinkConfig.h"
#include "RunOutput.h"
#include "masq/Model/Dist.h"
#endif

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include "masq/Dialect/MasqDialect.h"
#include "masq/Frontend/AST.h"
#include "masq/Frontend/MLIRGen.h"
#include "masq/Passes/Passes.h"
#include "masq/Passes/Qasm.h"
#include "masq/Core/BoundedRead.h"
#include "masq/Core/Params.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

using namespace mlir;

namespace masq {
namespace {

/// One compilation: the source in a SourceMgr so every diagnostic prints
/// `file:line:col: error: ...` with the line and a caret.
class Session {
public:
  explicit Session(const DriverOptions &opts)
      : opts(opts), diagStream(opts.diagnostics ? *opts.diagnostics : unused) {
    context.disableMultithreading();
    context.printOpOnDiagnostic(false);
  }
  /// Where diagnostics go: stderr, or DriverOptions::diagnostics.
  llvm::raw_ostream &diag() {
    if (opts.diagnostics)
      return diagStream;
    return llvm::errs();
  }

  /// Parses and generates; null on error (diagnostics already reported).
  OwningOpRef<ModuleOp> load() {
    // A regular file within the source size limit, checked before reading.
    std::string source, err;
    if (opts.source) {
      source = *opts.source;
    } else if (!readFileBounded(opts.file, kMaxSourceBytes, source, err)) {
      diag() << "masq: error: cannot read '" << opts.file << "': " << err << "\n";
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, opts.file),
                                 llvm::SMLoc());
    if (opts.verifyDiagnostics)
      verifier = std::make_unique<SourceMgrDiagnosticVerifierHandler>(
          sourceMgr, &context);
    else
      handler = std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context, diag());
    // Diagnostics about flags (`--set`) have no source location: print them
    // as `masq: error: --set ...`, not `<unknown>:0: error: ...`. The newest
    // handler runs first; failure() passes a diagnostic on to the SourceMgr.
    if (!opts.verifyDiagnostics)
      context.getDiagEngine().registerHandler([this](Diagnostic &d) {
        if (!isa<UnknownLoc>(d.getLocation()))
          return failure();
        const char *kind = d.getSeverity() == DiagnosticSeverity::Error     ? "error"
                           : d.getSeverity() == DiagnosticSeverity::Warning ? "warning"
                                                                            : "note";
        diag() << "masq: " << kind << ": " << d << "\n";
        return success();
      });

    GenOptions gen;
    gen.filename = opts.file;
    for (const std::string &s : opts.sets) {
      size_t eq = s.find('=');
      if (eq == std::string::npos || eq == 0) {
        emitError(UnknownLoc::get(&context))
            << "--set expects NAME=VALUE, got '" << s << "'";
        return nullptr;
      }
      gen.overrides[s.substr(0, eq)] = s.substr(eq + 1);
    }
    ast::ParseResult parsed = ast::parse(source);
    for (const ast::Diagnostic &d : parsed.errors)
      emitError(FileLineColLoc::get(&context, opts.file, d.loc.line, d.loc.col))
          << d.message;
    if (!parsed.errors.empty())
      return nullptr;
    return mlirGen(context, parsed.program, gen);
  }

  /// In verify mode the outcome is whether the expected diagnostics matched.
  int finish(bool ok) {
    if (verifier)
      return failed(verifier->verify()) ? 1 : 0;
    return ok ? 0 : 1;
  }

  MLIRContext context;
  const DriverOptions &opts;
  std::string unused;
  llvm::raw_string_ostream diagStream;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<SourceMgrDiagnosticHandler> handler;
  std::unique_ptr<SourceMgrDiagnosticVerifierHandler> verifier;
};

} // namespace

namespace {
OwningOpRef<ModuleOp> loadOptimised(Session &session, const DriverOptions &opts);

/// The lowering pipeline's options from the flags: -O0 and --disable-pass
/// NAME leave passes out, --fuse-min/max-qubits set masq-fuse-gates options.
LoweringOptions loweringOptions(const DriverOptions &opts, ModuleOp module) {
  auto on = [&](const char *name) {
    return opts.optLevel > 0 && !llvm::is_contained(opts.disabledPasses, name);
  };
  LoweringOptions lo;
  // A state over the ranks of mpirun runs one sample at a time.
  lo.pairing = on("masq-pair-samples") && !opts.distributedState;
  lo.decoderElimination = on("masq-eliminate-decoder") && !opts.distributedState;
  lo.fusion = on("masq-fuse-gates");
  lo.fuseMinQubits = opts.fuseMinQubits;
  lo.fuseMaxQubits = opts.fuseMaxQubits;
#if MASQ_WITH_RUNTIME
  lo.fuseCosts = loadFusionCosts(); // masq calibrate's table, if any
#endif
  lo.vjp = opts.vjp;
  lo.singlePrecision = opts.precision == "single";
  // Noise channels: parameter shift is the gradient (the adjoint sweep
  // cannot un-compute a drawn Kraus branch; masq-generate-gradient then
  // builds only the parameter-shift forms).
  const bool noisy = hasNoiseChannels(module);
  lo.paramShift = opts.paramShift || noisy;
  if (noisy && opts.forwardOnly && !opts.paramShift) {
    // masq run evaluates: a noisy model's only gradient (parameter shift,
    // which a learnable mask token would refuse) is not needed.
    lo.gradient = lo.vjp = lo.paramShift = false;
  }
  return lo;
}
} // namespace

/// Everything `masq run` would compile, short of LLVM: the optimisation
/// passes, the lowering and the gradient, so check reports the same errors.
std::vector<std::string> optionalPassNames() { return optionalPasses(); }

int runCheck(const DriverOptions &opts) {
  Session session(opts);
  OwningOpRef<ModuleOp> module = loadOptimised(session, opts);
  if (!module)
    return session.finish(false);
  PassManager pm(&session.context);
  buildLoweringPipeline(pm, loweringOptions(opts, *module));
  return session.finish(succeeded(pm.run(*module)));
}

namespace {
using Clock = std::chrono::steady_clock;

void printTiming(const DriverOptions &opts, const char *stage, double sec) {
  if (opts.timings)
    llvm::errs() << llvm::format("masq: time: %-36s %8.2f ms\n", stage, sec * 1e3);
}

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Parse + MLIRGen + (at -O) the optimisation passes, timed.
/// A target (masq/Targets) as a noise model: its error rates as a
/// depolarizing channel after every one- and two-qubit gate and a readout
/// flip. False when `name` names no target, or (with `error` set) when the
/// target has no error rates.
static bool noiseOfTarget(const std::string &name, std::string &spec, std::string &error) {
  targets::Target t;
  std::string ignored;
  if (!targets::loadTarget(name, t, ignored))
    return false;
  if (!(t.error1q > 0 || t.error2q > 0 || t.errorReadout > 0)) {
    error = "target " + t.name + " gives no error rates ([errors] in a target file)";
    return false;
  }
  auto number = [](double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", x);
    return std::string(b);
  };
  spec.clear();
  if (t.error1q > 0)
    spec += "gate=1q,depolarize," + number(t.error1q) + ";";
  if (t.error2q > 0)
    spec += "gate=2q,depolarize2," + number(t.error2q) + ";";
  if (t.errorReadout > 0)
    spec += "readout=*," + number(t.errorReadout) + ";";
  return true;
}

OwningOpRef<ModuleOp> loadOptimised(Session &session, const DriverOptions &opts) {
  auto t0 = Clock::now();
  OwningOpRef<ModuleOp> module = session.load();
  printTiming(opts, "parse and MLIRGen", since(t0));
  if (!module)
    return nullptr;
  if (opts.optLevel > 0) {
    t0 = Clock::now();
    PassManager pm(&session.context);
    buildOptimisationPipeline(pm, opts.disabledPasses);
    if (failed(pm.run(*module)))
      return nullptr;
    printTiming(opts, "optimisation passes", since(t0));
  }
  if (!opts.noiseFile.empty()) {
    // The device's noise on the optimised circuit (the gates it would run).
    int numQubits = 0;
    module->walk([&](AllocOp a) { numQubits = std::max<int>(numQubits, a.getIndex() + 1); });
    std::string spec, error;
    if (!readNoiseFile(opts.noiseFile, numQubits, spec, error) &&
        !noiseOfTarget(opts.noiseFile, spec, error)) {
      session.diag() << "masq: error: --noise: " << error << "\n";
      return nullptr;
    }
    PassManager pm(&session.context);
    ApplyNoiseOptions noise;
    noise.spec = spec;
    pm.addPass(createApplyNoise(noise));
    if (failed(pm.run(*module)))
      return nullptr;
  }
  return module;
}
#if MASQ_WITH_RUNTIME
/// The optimised module as callable code (through the cache), timed from
/// `start`. Null on failure (diagnostics reported).
std::unique_ptr<NativeModel> jit(ModuleOp module, const DriverOptions &opts,
                                 Clock::time_point start, const std::string &sourceKey) {
  JitOptions jo;
  jo.lowering = loweringOptions(opts, module);
  jo.useCache = !opts.noCache;
  jo.sourceKey = sourceKey;
  jo.timing = [&](const char *stage, double sec) { printTiming(opts, stage, sec); };
  auto native = buildNative(module, jo);
  if (native)
    printTiming(opts, "total: source to callable code", since(start));
  return native;
}

/// Source -> optimised module -> callable code; a model compiled before from
/// the same source and flags comes from its source entry, without parsing.
std::unique_ptr<NativeModel> compileNative(Session &session, const DriverOptions &opts) {
  auto start = Clock::now();
  std::string key;
  if (!opts.noCache && !opts.verifyDiagnostics) {
    key = sourceKey(opts);
    JitOptions jo;
    jo.sourceKey = key;
    jo.timing = [&](const char *stage, double sec) { printTiming(opts, stage, sec); };
    if (auto native = loadBySource(jo)) {
      printTiming(opts, "total: source to callable code", since(start));
      return native;
    }
  }
  OwningOpRef<ModuleOp> module = loadOptimised(session, opts);
  if (!module)
    return nullptr;
  return jit(*module, opts, start, key);
}
} // namespace

std::unique_ptr<NativeModel> compileModel(const DriverOptions &opts) {
  Session session(opts);
  return compileNative(session, opts);
}
#else
} // namespace
#endif

bool gatherSamples(const ModelInfo &info, const DriverOptions &opts, int64_t &batchOut,
                   std::vector<double> &inputs, std::string &error);

namespace {
/// Parameters (--params, else the initialisers from --seed) and, when
/// --input or --data is given, one sample bound into the model as constants.
bool bindForQasm(ModuleOp module, const DriverOptions &opts) {
  OwningOpRef<ModuleOp> lowered = module.clone();
  dropMeasurements(*lowered); // OpenQASM measures; the layout is all we need here
  PassManager pm(module->getContext());
  pm.addPass(createLowerToState());
  if (failed(pm.run(*lowered)))
    return false;
  ModelInfo info = toCore(ModelInfoAttr::of(*lowered));
  std::string error;
  std::vector<double> theta = initialParams(info, opts.seed), sample;
  if (!opts.params.empty() && !loadParams(opts.params, info, theta, error, opts.allowPartialParams)) {
    llvm::errs() << "masq: error: " << error << "\n";
    return false;
  }
  if (!opts.inputs.empty() || !opts.data.empty()) {
    int64_t batch = 0;
    if (!gatherSamples(info, opts, batch, sample, error)) {
      llvm::errs() << "masq: error: " << error << "\n";
      return false;
    }
    sample.resize(size_t(info.inputSize));
  }
  // With a target every angle is decomposed numerically: nothing stays an input.
  return succeeded(
      bindModel(module, info, theta, sample, opts.emit == "qasm3" && opts.target.empty()));
}
} // namespace

int runCompile(const DriverOptions &opts) {
#if !MASQ_WITH_RUNTIME
  if (opts.emit == "llvm" || opts.emit == "native" || opts.emit == "obj") {
    llvm::errs() << "masq: error: --emit=" << opts.emit << " needs the runtime; this masq "
                 << "was built with MASQ_WITH_RUNTIME=OFF (check and compile "
                 << "--emit=mlir|qasm2|qasm3|resources only)\n";
    return 1;
  }
#endif
  if (int rc = checkSampleRange(opts)) // --sample/--samples within --data, before any work
    return rc;
  if (!opts.target.empty() && opts.emit != "qasm2" && opts.emit != "qasm3" &&
      opts.emit != "resources" && opts.emit != "circuit") {
    llvm::errs() << "masq: error: --target compiles a circuit for a device: use it with "
                 << "--emit=qasm2, qasm3, resources or circuit (not --emit=" << opts.emit
                 << ")\n";
    return 1;
  }
  Session session(opts);
#if MASQ_WITH_RUNTIME
  if (opts.emit == "native") // source to callable code, as masq run compiles
    return session.finish(bool(compileNative(session, opts)));
#endif
  OwningOpRef<ModuleOp> module = loadOptimised(session, opts);
  if (!module)
    return session.finish(false);
  std::string text;
#if MASQ_WITH_RUNTIME
  if (opts.emit == "llvm") {
    auto t0 = Clock::now();
    if (!emitLLVMIR(*module, loweringOptions(opts, *module), text))
      return session.finish(false);
    printTiming(opts, "lowering and translation to LLVM IR", since(t0));
  } else
#endif
  if (opts.emit == "qasm2" || opts.emit == "qasm3" || opts.emit == "resources") {
    QasmOptions qo;
    qo.version = opts.emit == "qasm3" ? 3 : 2;
    qo.resources = opts.emit == "resources";
    qo.source = opts.file;
    qo.observable = opts.observable;
    qo.router = opts.router;
    qo.targetSpec = opts.target;
    targets::Target target;
    if (!opts.target.empty()) {
      std::string error;
      if (!targets::loadTarget(opts.target, target, error)) {
        llvm::errs() << "masq: error: " << error << "\n";
        return 1;
      }
      qo.target = &target;
    }
    if (opts.sampleLast >= 0) {
      // --samples A..B: one file per sample, OUT with "-K" before its
      // extension.
      if (opts.output == "-" || opts.data.empty()) {
        llvm::errs() << "masq: error: --samples needs --data and -o FILE\n";
        return 1;
      }
      StringRef out(opts.output), ext = llvm::sys::path::extension(out);
      for (long long k = opts.sample; k <= opts.sampleLast; ++k) {
        DriverOptions one = opts;
        one.sample = k;
        OwningOpRef<ModuleOp> copy = module->clone();
        std::string circuit;
        llvm::raw_string_ostream os(circuit);
        if (!bindForQasm(*copy, one) || failed(emitQasm(*copy, qo, os)))
          return session.finish(false);
        std::string path = (out.drop_back(ext.size()) + "-" + std::to_string(k) + ext).str();
        std::string err;
        auto file = openOutputFile(path, &err);
        if (!file) {
          llvm::errs() << "masq: error: cannot write '" << path << "': " << err << "\n";
          return 1;
        }
        file->os() << circuit;
        file->keep();
      }
      llvm::errs() << "masq: wrote " << (opts.sampleLast - opts.sample + 1)
                   << " circuits (samples " << opts.sample << ".." << opts.sampleLast << ")\n";
      return session.finish(true);
    }
    if (!bindForQasm(*module, opts))
      return session.finish(false);
    llvm::raw_string_ostream os(text);
    if (failed(emitQasm(*module, qo, os)))
      return session.finish(false);
  } else if (opts.emit == "circuit") {
    // The circuit functions the hardware passes make (Passes.td), printed
    // as MLIR: masq-opt can take them further.
    if (!bindForQasm(*module, opts))
      return session.finish(false);
    PassManager pm(module->getContext());
    addTargetPipeline(pm, opts.observable, opts.target, opts.router);
    if (failed(pm.run(*module)))
      return session.finish(false);
    for (auto f : llvm::make_early_inc_range(module->getOps<func::FuncOp>()))
      if (!f->hasAttr("masq.circuit"))
        f.erase(); // the bound model: what remains is the circuit
  }
#if MASQ_WITH_RUNTIME
  else if (opts.emit == "obj") {
    // An object file with masq_model_forward/_gradient/_info (Model.h's
    // CompiledModel ABI), to link into a C++ program.
    if (opts.output == "-") {
      llvm::errs() << "masq: error: --emit=obj needs -o FILE.o\n";
      return 1;
    }
    std::string error;
    if (!emitObject(*module, loweringOptions(opts, *module), text, error)) {
      llvm::errs() << "masq: error: " << error << "\n";
      return session.finish(false);
    }
  }
#endif
  std::string err;
  auto out = openOutputFile(opts.output, &err);
  if (!out) {
    llvm::errs() << "masq: error: cannot write '" << opts.output << "': " << err
                 << "\n";
    return 1;
  }
  if (!text.empty()) {
    out->os() << text;
  } else {
    OpPrintingFlags flags;
    if (opts.locations)
      flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
    module->print(out->os(), flags);
    out->os() << "\n";
  }
  out->keep();
  return session.finish(true);
}

#if MASQ_WITH_RUNTIME
namespace {

int fail(const std::string &msg) {
  llvm::errs() << "masq: error: " << msg << "\n";
  return 1;
}

} // namespace

int runTrain(const DriverOptions &opts, const TrainOptions &train, bool eval) {
  DriverOptions withShift = opts; // shots train by parameter shift
  withShift.paramShift = train.shots > 0;
  Session session(withShift);
  auto native = compileNative(session, withShift);
  if (!native)
    return session.finish(false);
  return callTrainer(native->model, train, eval);
}

int runBuild(const DriverOptions &opts) {
  Session session(opts);
  OwningOpRef<ModuleOp> module = loadOptimised(session, opts);
  if (!module)
    return session.finish(false);
  if (opts.output.empty() || opts.output == "-") {
    llvm::errs() << "masq: error: masq build needs -o OUTPUT\n";
    return 1;
  }
  std::string object, error;
  if (!emitObject(*module, loweringOptions(opts, *module), object, error)) {
    llvm::errs() << "masq: error: " << error << "\n";
    return session.finish(false);
  }
  llvm::SmallString<128> objPath;
  if (llvm::sys::fs::createTemporaryFile("masq-model", "o", objPath)) {
    llvm::errs() << "masq: error: cannot create a temporary object file\n";
    return 1;
  }
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(objPath, ec);
    os << object;
  }
  auto cxx = llvm::sys::findProgramByName(MASQ_LINK_CXX);
  std::string linker = cxx ? *cxx : std::string("/usr/bin/c++");
  std::vector<std::string> args{linker, objPath.str().str(), "-o", opts.output,
                                "-Wl,--start-group"};
  for (const char *lib : kMasqLinkLibs)
    args.push_back(lib);
  for (const char *f : {"-Wl,--end-group", "-lcairo", "-lz", "-fopenmp", "-pthread"})
    args.push_back(f);
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(linker, argv, std::nullopt, {}, 0, 0, &msg);
  llvm::sys::fs::remove(objPath);
  if (rc != 0) {
    llvm::errs() << "masq: error: linking the trainer failed (" << linker << "): " << msg
                 << "\n";
    return 1;
  }
  llvm::errs() << "masq: wrote the standalone trainer " << opts.output
               << " (run it with --help)\n";
  return 0;
}

#endif // MASQ_WITH_RUNTIME

/// The samples of run/grad/compile: a repeated --input NAME=... gives one
/// sample each; --data fills the inputs not given from images --sample K,
/// K+1, ...; masks are drawn from --seed. False with a message on bad input.
bool gatherSamples(const ModelInfo &info, const DriverOptions &opts, int64_t &batchOut,
                   std::vector<double> &inputs, std::string &error) {
  auto failWith = [&](const std::string &msg) {
    error = msg;
    return false;
  };
  std::vector<std::vector<std::vector<double>>> given(info.inputs.size());
  for (const std::string &spec : opts.inputs) {
    size_t eq = spec.find('=');
    std::string name = spec.substr(0, eq);
    const Slot *slot = info.input(name);
    if (eq == std::string::npos || !slot) {
      std::string names;
      for (const Slot &s : info.inputs)
        names += (names.empty() ? "" : ", ") + s.name;
      return failWith("--input " + spec + ": expected NAME=v1,v2,... with NAME one of: " +
                  names);
    }
    std::vector<double> values;
    if (!parseNumberList(spec.substr(eq + 1), values, error))
      return failWith("--input " + name + ": " + error);
    if (int64_t(values.size()) != slot->size)
      return failWith("--input " + name + ": got " + std::to_string(values.size()) +
                  " values, the model needs " + std::to_string(slot->size));
    given[slot - info.inputs.data()].push_back(std::move(values));
  }
  int64_t batch = opts.count;
  for (size_t i = 0; i < info.inputs.size(); ++i) {
    int64_t n = int64_t(given[i].size());
    if (n > 1 && batch > 1 && n != batch)
      return failWith("--input " + info.inputs[i].name + " is given " + std::to_string(n) +
                  " times for " + std::to_string(batch) + " samples");
    batch = std::max(batch, n);
  }
  inputs.assign(batch * info.inputSize, 0.0);
  for (size_t i = 0; i < info.inputs.size(); ++i) {
    const Slot &slot = info.inputs[i];
    for (int64_t s = 0; s < batch; ++s) {
      double *dst = inputs.data() + s * info.inputSize + slot.offset;
      if (!given[i].empty()) {
        const auto &v = given[i][given[i].size() == 1 ? 0 : s];
        std::copy(v.begin(), v.end(), dst);
        continue;
      }
      if (opts.data.empty())
        return failWith("input '" + slot.name + "' has no value: give --input " + slot.name +
                    "=... or --data NAME --sample K");
      std::vector<double> image;
      if (!loadSampleImage(opts.data, opts.sample + s, slot.size, image, error))
        return failWith("--data " + opts.data + ": " + error);
      std::copy(image.begin(), image.end(), dst);
    }
  }
  std::mt19937_64 rng(opts.seed ^ 0x6d61737100000000ull);
  for (int64_t s = 0; s < batch; ++s)
    drawMasks(info, rng, inputs.data() + s * info.inputSize);
  batchOut = batch;
  return true;
}

#if MASQ_WITH_RUNTIME
int runRun(const DriverOptions &opts, bool gradient) {
  if (int rc = checkSampleRange(opts)) // --sample/--count within --data, before any work
    return rc;
  Session session(opts);
  auto native = compileNative(session, opts);
  if (!native)
    return session.finish(false);
  const CompiledModel &m = native->model;
  const ModelInfo &info = m.info;
  if (gradient && !m.gradient && !m.psGradient)
    return fail("model '" + info.name + "' has no loss to differentiate");
  if (gradient && opts.gradMethod == "adjoint" && !m.gradient)
    return fail("model '" + info.name + "' has noise channels: the adjoint method cannot "
                "un-compute a drawn Kraus branch; use --method parameter-shift");
  if (std::string e;
      !checkModelMemory(info, opts.count, 1, gradient ? ModelUse::Gradient : ModelUse::Forward,
                        e, opts.distributedState ? dist::world().size : 1))
    return fail(e); // parameters, samples and state fit in memory, before allocating them

  std::vector<double> theta = initialParams(info, opts.seed);
  std::string error;
  if (!opts.params.empty() && !loadParams(opts.params, info, theta, error, opts.allowPartialParams))
    return fail(error);
  RunResult r;
  r.info = &info;
  r.gradient = gradient;
  std::vector<double> inputs;
  if (!gatherSamples(info, opts, r.batch, inputs, error))
    return fail(error);

  r.values.assign(size_t(r.batch * info.numValues), 0.0);
  r.grad.assign(size_t(info.numParams), 0.0);
  // One evaluation of the batch by compiled code (one thread). masq grad
  // with --shots estimates the values and the gradient from them (the
  // parameter-shift rule or finite differences); masq run estimates them
  // apart, below.
  ShotOptions shots{gradient ? opts.shots : 0, opts.shotSeed, 0, opts.trajectories};
  shots.distributed = opts.distributedState;
  auto evaluate = [&](double *g) {
    if (!gradient)
      return forwardBatch(m, theta.data(), inputs.data(), r.batch, r.values.data(), 1, error,
                          shots);
    if (opts.gradMethod == "parameter-shift")
      return psGradientBatch(m, theta.data(), inputs.data(), r.batch, r.values.data(), g, 1,
                             error, shots);
    if (opts.gradMethod == "finite-diff")
      return fdGradientBatch(m, theta.data(), inputs.data(), r.batch, r.values.data(), g, 1,
                             error, shots.shots > 0 ? 0.05 : 1e-6, shots);
    return gradientBatch(m, theta.data(), inputs.data(), r.batch, r.values.data(), g, 1,
                         error, shots);
  };
  bool ok = evaluate(r.grad.data());
  // The gradient computes the loss only; outputs come from the forward pass.
  if (ok && gradient && !info.outputs.empty())
    ok = forwardBatch(m, theta.data(), inputs.data(), r.batch, r.values.data(), 1, error,
                      shots);
  if (!ok)
    return fail(error);
  if (opts.repeat > 0) {
    // Time the same evaluation again (compiled code only, one thread).
    std::vector<double> gr(r.grad.size());
    auto t0 = Clock::now();
    for (int k = 0; k < opts.repeat && ok; ++k)
      ok = evaluate(gr.data());
    if (!ok)
      return fail(error);
    char buf[160];
    std::snprintf(buf, sizeof buf, "time: %.6g ms per %s of %lld sample(s) (%d runs)\n",
                  1e3 * since(t0) / opts.repeat, gradient ? "gradient" : "forward pass",
                  (long long)r.batch, opts.repeat);
    llvm::errs() << buf;
  }
  for (double &g : r.grad)
    g /= double(r.batch);
  if (opts.checkGradient && !checkGradient(m, theta, inputs, r, error))
    return fail(error);
  ShotReport estimates;
  if (opts.shots > 0 && !gradient &&
      !sampleShots(m, theta, inputs, r, ShotOptions{opts.shots, opts.shotSeed, 0,
                                                    opts.trajectories},
                   estimates, error))
    return fail(error);
  if (opts.json)
    printRunJson(llvm::outs(), r, estimates, opts.shots);
  else
    printRunText(llvm::outs(), r, estimates, opts.shots);
  return 0;
}

#endif // MASQ_WITH_RUNTIME

} // namespace masq
