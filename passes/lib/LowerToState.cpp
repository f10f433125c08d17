//===- LowerToState.cpp - model function -> per-sample buffer code --------===//
//
// After MLIRGen every loop is unrolled and every call inlined, so a model is
// straight-line code and each qubit value names one static qubit. This pass
// rewrites the model function into
//   func.func private @masq_sample(psi, theta, inputs, values, scratch)
// over raw buffers (layout in masq/Core/ModelInfo.h), in four steps:
//   1. layout: the ModelInfo (register and ancillas, input, parameter, mask
//      and output slots) from the model's signature and ops;
//   2. beginSample: masq_sample with psi initialised and each model argument
//      a View of a buffer (LowerToState.h);
//   3. convertModel: the dialect conversion of the model, one pattern per op
//      (LowerToStatePatterns.cpp says what each op becomes);
//   4. writeModelInfo records the layout as the typed module attribute
//      `masq.info = #masq.model_info<...>` (MasqAttrs.td), which later
//      passes read; the batch entry point masq_model_forward is added and
//      the model erased.
//
//===----------------------------------------------------------------------===//
#include "LowerToState.h"
#include "PassDetail.h"
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_LOWERTOSTATE
#include "masq/Passes/Passes.h.inc"
namespace {

/// What a model output is when it is an observable itself (or a vector of
/// one kind of observable): the kind `masq run --shots` samples.
std::string observableKind(Value v) {
  Operation *d = v.getDefiningOp();
  if (!d)
    return "";
  if (isa<FidelityOp>(d))
    return "fidelity";
  if (isa<ExpvalOp>(d))
    return "expval";
  if (isa<ProbZeroOp>(d))
    return "prob";
  if (isa<ProbabilitiesOp>(d))
    return "probabilities";
  if (auto fe = dyn_cast<tensor::FromElementsOp>(d)) {
    std::string kind;
    for (Value e : fe.getElements()) {
      std::string k = observableKind(e);
      if (k.empty() || k == "probabilities" || (!kind.empty() && k != kind))
        return "";
      kind = k;
    }
    return kind;
  }
  return "";
}

std::vector<int64_t> shapeOf(Type t) {
  if (auto rt = dyn_cast<RankedTensorType>(t))
    return std::vector<int64_t>(rt.getShape().begin(), rt.getShape().end());
  return {};
}
int64_t sizeOf(Type t) {
  if (auto rt = dyn_cast<RankedTensorType>(t))
    return rt.getNumElements();
  return 1;
}

// ---- Layout: the ModelInfo, from the model before it is converted

/// The register and one ancilla per reset qubit above it.
LogicalResult layoutQubits(func::FuncOp model, LoweringState &st) {
  ModelInfo &info = st.info;
  for (Operation &op : model.getBody().front()) {
    if (auto alloc = dyn_cast<AllocOp>(op))
      info.numQubits = std::max<int>(info.numQubits, alloc.getIndex() + 1);
    if (auto reset = dyn_cast<ResetOp>(op))
      st.nextAncilla += reset.getIn().size();
  }
  if (info.numQubits == 0)
    return model.emitError("model has no qubits"), failure();
  st.nq = info.numQubits + st.nextAncilla;
  st.nextAncilla = info.numQubits;
  st.live = info.numQubits;
  if (st.nq > kMaxQubits)
    return model.emitError("model needs ")
               << st.nq << " qubits with one ancilla per reset qubit; at most " << kMaxQubits << " "
               << "can be simulated",
           failure();
  info.totalQubits = st.nq;
  return success();
}

/// Input and parameter slots, in argument order.
void layoutArguments(func::FuncOp model, ModelInfo &info) {
  for (unsigned i = 0; i < model.getNumArguments(); ++i) {
    Type t = model.getArgumentTypes()[i];
    if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kInput)) {
      Slot s;
      s.name = n.str();
      s.shape = shapeOf(t);
      s.size = sizeOf(t);
      s.offset = info.inputSize;
      info.inputSize += s.size;
      info.inputs.push_back(s);
    } else if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kParam)) {
      ParamSlot p;
      p.name = n.str();
      p.shape = shapeOf(t);
      p.size = sizeOf(t);
      p.offset = info.numParams;
      info.numParams += p.size;
      if (auto init = model.getArgAttrOfType<DictionaryAttr>(i, attr::kInit)) {
        if (auto k = init.getAs<StringAttr>("kind"))
          p.init = k.str();
        if (auto a = init.getAs<FloatAttr>("a"))
          p.a = a.getValueAsDouble();
        if (auto bb = init.getAs<FloatAttr>("b"))
          p.b = bb.getValueAsDouble();
      }
      info.params.push_back(p);
    }
  }
}

/// Mask patterns, after the inputs.
void layoutMasks(func::FuncOp model, ModelInfo &info) {
  for (unsigned i = 0; i < model.getNumArguments(); ++i) {
    auto n = model.getArgAttrOfType<StringAttr>(i, attr::kMask);
    if (!n)
      continue;
    MaskSlot m;
    m.name = n.str();
    m.shape = shapeOf(model.getArgumentTypes()[i]);
    m.size = sizeOf(model.getArgumentTypes()[i]);
    m.offset = info.inputSize;
    info.inputSize += m.size;
    for (Operation *user : model.getArgument(i).getUsers())
      if (auto mask = dyn_cast<MaskOp>(user)) {
        m.kind = mask.getKind() == MaskKind::Patches ? "patches" : "pixels";
        m.ratio = mask.getHiddenRatio();
        m.rows = mask.getRows();
        m.cols = mask.getCols();
        m.patch = mask.getPatchSide();
        if (auto arg = dyn_cast<BlockArgument>(mask.getData()))
          if (auto in = model.getArgAttrOfType<StringAttr>(arg.getArgNumber(), attr::kInput))
            m.input = in.str();
      }
    info.masks.push_back(m);
  }
}

/// The loss at values[0], the outputs after it; the hypers.
void layoutValues(func::FuncOp model, ModelInfo &info) {
  Block &body = model.getBody().front();
  for (Operation &op : body) {
    if (isa<LossOp>(op))
      info.hasLoss = true;
  }
  int64_t nextOutput = info.hasLoss ? 1 : 0;
  for (Operation &op : body)
    if (auto out = dyn_cast<OutputOp>(op)) {
      Slot s;
      s.name = out.getName().str();
      s.shape = shapeOf(out.getValue().getType());
      s.size = sizeOf(out.getValue().getType());
      s.offset = nextOutput;
      s.observable = observableKind(out.getValue());
      nextOutput += s.size;
      info.outputs.push_back(s);
    }
  info.numValues = nextOutput;
  if (auto hypers = model->getAttrOfType<DictionaryAttr>(attr::kHypers))
    for (NamedAttribute h : hypers)
      if (auto f = dyn_cast<FloatAttr>(h.getValue()))
        info.hypers[h.getName().str()] = f.getValueAsDouble();
}

LogicalResult layout(func::FuncOp model, LoweringState &st) {
  st.info.name = model.getSymName().str();
  if (failed(layoutQubits(model, st)))
    return failure();
  layoutArguments(model, st.info);
  layoutMasks(model, st.info);
  layoutValues(model, st.info);
  return success();
}

// ---- The conversion

/// Starts masq_sample(psi, theta, inputs, values, scratch) at the end of
/// the module: psi set to |0...0>, and each model argument a View of theta
/// or inputs. A scalar argument (`param a : real`) is also a number, its
/// load: the patterns see the argument (a mask fill needs to know it is
/// one), and `scalarArgs` pairs it with the load that takes its uses once
/// the conversion is done.
LogicalResult beginSample(ModuleOp module, func::FuncOp model, LoweringState &st,
                          SmallVectorImpl<std::pair<Value, Value>> &scalarArgs) {
  Location loc = model.getLoc();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type p = LLVM::LLVMPointerType::get(b.getContext());
  auto sample =
      func::FuncOp::create(b, loc, detail::kSampleFn, b.getFunctionType({p, p, p, p, p}, {}));
  sample.setPrivate();
  st.body = sample.addEntryBlock();
  st.psi = st.body->getArgument(detail::kArgPsi);
  st.theta = st.body->getArgument(detail::kArgTheta);
  st.inputs = st.body->getArgument(detail::kArgInputs);
  st.values = st.body->getArgument(detail::kArgValues);
  st.scratch = st.body->getArgument(detail::kArgScratch);
  b.setInsertionPointToStart(st.body);
  SvInitOp::create(b, loc, st.psi, b.getI32IntegerAttr(st.nq), UnitAttr());
  for (unsigned i = 0; i < model.getNumArguments(); ++i) {
    Value arg = model.getArgument(i);
    if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kInput)) {
      const Slot *s = st.info.input(n.str());
      st.views[arg] = View{detail::offsetPtr(b, loc, st.inputs, s->offset), s->size, {}, false};
    } else if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kParam)) {
      const ParamSlot *s = st.info.param(n.str());
      st.views[arg] = View{detail::offsetPtr(b, loc, st.theta, s->offset), s->size, {}, false};
    } else if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kMask)) {
      for (const MaskSlot &m : st.info.masks)
        if (m.name == n.str())
          st.views[arg] = View{detail::offsetPtr(b, loc, st.inputs, m.offset), m.size, {}, true};
    } else {
      return model.emitError("model argument ") << i << " has no masq role", failure();
    }
  }
  for (Value arg : model.getArguments())
    if (arg.getType().isF64() && st.views.count(arg))
      scalarArgs.push_back(
          {arg, LLVM::LoadOp::create(b, loc, b.getF64Type(), st.views[arg].ptr).getResult()});
  return success();
}

/// Converts every op of the model, in program order, into code appended to
/// masq_sample. A pattern that refuses its op reports why, once; the driver
/// then stops and adds its own "failed to legalize" error (and may first try
/// the catch-all pattern on the same op), which would only repeat it: the
/// first error is kept alone. (A pattern reports only on an op that is its
/// own, so an error always means a failed conversion.)
LogicalResult convertModel(func::FuncOp model, LoweringState &st) {
  MLIRContext *ctx = model.getContext();
  // Inside the model everything is illegal (the masq dialect first of all);
  // what the patterns build in masq_sample is the target.
  auto outsideModel = [&](Operation *op) { return !model->isProperAncestor(op); };
  ConversionTarget target(*ctx);
  target.addIllegalDialect<MasqDialect>();
  target.addDynamicallyLegalOp<SvInitOp, SvGateOp, SvChannelOp, SvEncodeAmplitudeOp, SvEncodeAngleOp, SvMaskOp,
                               SvObserveOp, SvProbabilitiesOp>(outsideModel);
  target.markUnknownOpDynamicallyLegal(outsideModel);
  RewritePatternSet patterns(ctx);
  populateMasqToStatePatterns(st, patterns);
  ConversionConfig config;
  config.foldingMode = DialectConversionFoldingMode::Never; // lower what is there
  bool reported = false;
  ScopedDiagnosticHandler firstErrorOnly(ctx, [&](Diagnostic &d) {
    if (d.getSeverity() != DiagnosticSeverity::Error)
      return failure(); // not ours to handle
    bool repeat = reported;
    reported = true;
    return success(repeat); // success: handled, i.e. dropped
  });
  if (failed(applyFullConversion(model, target, std::move(patterns), config)))
    return failure();
  return failure(reported);
}

/// The model's description for the runtime and the later passes: the
/// typed attribute #masq.model_info in `masq.info`.
void writeModelInfo(ModuleOp module, ModelInfo &info, int64_t scratchUsed, bool single) {
  info.scratch = scratchUsed;
  info.stateDoubles = single ? 1 : 2;
  module->setAttr(attr::kModelInfo, toAttr(module.getContext(), info));
}

LogicalResult lowerModel(ModuleOp module, func::FuncOp model, bool single) {
  LoweringState st;
  SmallVector<std::pair<Value, Value>> scalarArgs;
  if (failed(layout(model, st)) || failed(beginSample(module, model, st, scalarArgs)) ||
      failed(convertModel(model, st)))
    return failure();
  for (auto [arg, load] : scalarArgs)
    arg.replaceAllUsesWith(load);
  writeModelInfo(module, st.info, st.scratchUsed, single);
  OpBuilder b(module.getContext());
  detail::buildForwardEntry(b, module, model.getLoc(), cast<func::FuncOp>(st.body->getParentOp()),
                            nullptr);
  model.erase();
  return success();
}

struct LowerToStatePass : impl::LowerToStateBase<LowerToStatePass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (precision != "double" && precision != "single") {
      module.emitError() << "precision must be double or single, not '" << precision << "'";
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> models;
    for (auto f : module.getOps<func::FuncOp>())
      if (f->hasAttr(attr::kModel))
        models.push_back(f);
    if (models.size() != 1) {
      module.emitError("expected exactly one masq model in the module, found ") << models.size();
      return signalPassFailure();
    }
    if (failed(lowerModel(module, models.front(), precision == "single")))
      signalPassFailure();
  }
};

} // namespace

} // namespace masq
