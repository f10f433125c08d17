//===- Driver.cpp - masq check / compile ----------------------------------===//
#include "Driver.h"

#include "masq/Dialect/MasqDialect.h"
#include "masq/Frontend/AST.h"
#include "masq/Frontend/MLIRGen.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace masq {
namespace {

/// One compilation: the source in a SourceMgr so every diagnostic prints
/// `file:line:col: error: ...` with the line and a caret.
class Session {
public:
  explicit Session(const DriverOptions &opts) : opts(opts) {
    context.disableMultithreading();
    context.printOpOnDiagnostic(false);
  }

  /// Parses and generates; null on error (diagnostics already reported).
  OwningOpRef<ModuleOp> load() {
    std::string err;
    auto buffer = openInputFile(opts.file, &err);
    if (!buffer) {
      llvm::errs() << "masq: error: cannot read '" << opts.file << "': " << err
                   << "\n";
      return nullptr;
    }
    std::string source = buffer->getBuffer().str();
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    if (opts.verifyDiagnostics)
      verifier = std::make_unique<SourceMgrDiagnosticVerifierHandler>(
          sourceMgr, &context);
    else
      handler = std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context);

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
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<SourceMgrDiagnosticHandler> handler;
  std::unique_ptr<SourceMgrDiagnosticVerifierHandler> verifier;
};

} // namespace

int runCheck(const DriverOptions &opts) {
  Session session(opts);
  OwningOpRef<ModuleOp> module = session.load();
  return session.finish(bool(module));
}

int runCompile(const DriverOptions &opts) {
  Session session(opts);
  OwningOpRef<ModuleOp> module = session.load();
  if (!module)
    return session.finish(false);
  if (opts.optLevel > 0) {
    PassManager pm(&session.context);
    // CSE between two canonicalisations lets `ry(t); ry(-t)` across an
    // ansatz and its adjoint cancel once both read the same parameter value.
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    pm.addPass(createCanonicalizerPass());
    if (failed(pm.run(*module)))
      return session.finish(false);
  }
  std::string err;
  auto out = openOutputFile(opts.output, &err);
  if (!out) {
    llvm::errs() << "masq: error: cannot write '" << opts.output << "': " << err
                 << "\n";
    return 1;
  }
  OpPrintingFlags flags;
  if (opts.locations)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  module->print(out->os(), flags);
  out->os() << "\n";
  out->keep();
  return session.finish(true);
}

} // namespace masq
