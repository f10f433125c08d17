//===- LowerToState.cpp - model function -> per-sample buffer code --------===//
//
// After MLIRGen every loop is unrolled and every call inlined, so a model is
// straight-line code and each qubit value names one static qubit. This pass
// rewrites the model function into
//   func.func private @masq_sample(psi, theta, inputs, values, scratch)
// over raw buffers (layout in masq/Core/ModelInfo.h), where
//   - qubit values become indices; `reset q` becomes a swap of q with a fresh
//     |0> ancilla above the register (an exact purification of the reset
//     channel: every later observable traces the ancillas out);
//   - tensors become slices of the buffers: arguments are slices of theta or
//     inputs, mask results and probabilities are slices of the scratch
//     buffer; element-wise tensor arithmetic is unrolled into scalar ops
//     stored to scratch (up to kUnrollLimit values; larger tensors become
//     scf.for loops, which the gradient refuses to differentiate through);
//   - an element read from a tensor (`d[0]` of `let d = z - x`) is computed
//     from the elements of the operands (elementOf), so the loss is scalar
//     code the gradient differentiates, whatever the tensor was built from;
//   - gates, encoders, masks and observables become masq.sv.* ops;
//   - the loss goes to values[0], outputs after it.
// It also adds the batch entry point masq_model_forward and records the
// ModelInfo as JSON in the module attribute `masq.info`.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Core/ModelInfo.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

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

/// A tensor value as memory: `size` doubles at `ptr`, or a splat `scalar`.
struct View {
  Value ptr;
  int64_t size = 0;
  Value scalar;
  bool noGrad = false; // produced by code the gradient does not go through
};

class Lowerer {
public:
  Lowerer(ModuleOp module, func::FuncOp model)
      : module(module), model(model), b(module.getContext()) {}

  LogicalResult run();

private:
  LogicalResult layout();
  LogicalResult layoutQubits();
  void layoutArguments();
  void layoutMasks();
  void layoutValues();
  LogicalResult lowerOp(Operation *op);
  LogicalResult lowerElementwise(Operation *op);
  Value elementOf(Location loc, Value tensor, int64_t linear);

  Type f64() { return b.getF64Type(); }
  Type ptrTy() { return LLVM::LLVMPointerType::get(b.getContext()); }
  Value at(Location loc, Value base, int64_t off) {
    return detail::offsetPtr(b, loc, base, off);
  }
  Value atDyn(Location loc, Value base, Value index) {
    Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
    return LLVM::GEPOp::create(b, loc, ptrTy(), f64(), base, ValueRange{i64});
  }
  View scratchView(Location loc, int64_t size) {
    View v{at(loc, scratch, scratchUsed), size, {}, false};
    scratchUsed += size;
    return v;
  }
  Value scalarOf(Value v) { return map.lookupOrNull(v); }
  FailureOr<View> viewOf(Operation *user, Value v) {
    auto it = views.find(v);
    if (it == views.end())
      return user->emitError("cannot lower this use of a tensor to native code"),
             failure();
    return it->second;
  }
  FailureOr<SmallVector<int32_t>> qubitsOf(Operation *user, ValueRange qs) {
    SmallVector<int32_t> out;
    for (Value q : qs) {
      auto it = qidx.find(q);
      if (it == qidx.end())
        return user->emitError("qubit value of unknown origin"), failure();
      out.push_back(it->second);
    }
    return out;
  }
  /// element i of a view (loads, or the splat scalar).
  Value element(Location loc, const View &v, Value index) {
    if (v.scalar)
      return v.scalar;
    return LLVM::LoadOp::create(b, loc, f64(), atDyn(loc, v.ptr, index));
  }
  void copyTo(Location loc, const View &v, Value dst, int64_t size);

  ModuleOp module;
  func::FuncOp model;
  OpBuilder b;
  ModelInfo info;
  func::FuncOp sample;
  Value psi, theta, inputs, values, scratch;
  int64_t scratchUsed = 0;
  int nq = 0, nextAncilla = 0;
  // Qubits in use so far: ancillas above them are still |0>, so ops before a
  // reset work on the low 2^live amplitudes only (exact for psi and for the
  // adjoint vector, whose other sectors never meet a non-zero amplitude).
  int live = 0;
  DenseMap<Value, int> qidx;
  DenseMap<Value, View> views;
  IRMapping map;
  int64_t nextOutput = 0;
  // Scalars already computed for (tensor, linear index): straight-line code,
  // so one computed at the top level dominates every later use.
  DenseMap<std::pair<Value, int64_t>, Value> elements;
};

/// Element-wise tensor ops with at most this many values are unrolled into
/// scalar code (differentiable); larger ones become loops.
constexpr int64_t kUnrollLimit = 4096;

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

/// The ModelInfo, from the model's signature and ops.
LogicalResult Lowerer::layout() {
  info.name = model.getSymName().str();
  if (failed(layoutQubits()))
    return failure();
  layoutArguments();
  layoutMasks();
  layoutValues();
  return success();
}

/// The register and one ancilla per reset qubit above it.
LogicalResult Lowerer::layoutQubits() {
  for (Operation &op : model.getBody().front()) {
    if (auto alloc = dyn_cast<AllocOp>(op))
      info.numQubits = std::max<int>(info.numQubits, alloc.getIndex() + 1);
    if (auto reset = dyn_cast<ResetOp>(op))
      nextAncilla += reset.getIn().size();
  }
  if (info.numQubits == 0)
    return model.emitError("model has no qubits"), failure();
  nq = info.numQubits + nextAncilla;
  nextAncilla = info.numQubits;
  live = info.numQubits;
  if (nq > kMaxQubits)
    return model.emitError("model needs ")
               << nq << " qubits with one ancilla per reset qubit; at most " << kMaxQubits << " "
               << "can be simulated",
           failure();
  info.totalQubits = nq;
  return success();
}

/// Input and parameter slots, in argument order.
void Lowerer::layoutArguments() {
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
void Lowerer::layoutMasks() {
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
          if (auto in = model.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                           attr::kInput))
            m.input = in.str();
      }
    info.masks.push_back(m);
  }
}

/// The loss at values[0], the outputs after it; the hypers.
void Lowerer::layoutValues() {
  Block &body = model.getBody().front();
  for (Operation &op : body) {
    if (isa<LossOp>(op))
      info.hasLoss = true;
  }
  nextOutput = info.hasLoss ? 1 : 0;
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

void Lowerer::copyTo(Location loc, const View &v, Value dst, int64_t size) {
  Value lo = arith::ConstantIndexOp::create(b, loc, 0);
  Value hi = arith::ConstantIndexOp::create(b, loc, size);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(b, loc, lo, hi, one);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(loop.getBody());
  Value i = loop.getInductionVar();
  LLVM::StoreOp::create(b, loc, element(loc, v, i), atDyn(loc, dst, i));
}

/// Element `linear` (row-major) of a tensor as a scalar, computed from what
/// defines it: the element of each operand of element-wise arithmetic, the
/// scalar of a splat or from_elements, a constant, or a load from the
/// tensor's memory (arguments, masks, probabilities). Null after an error.
Value Lowerer::elementOf(Location loc, Value tensor, int64_t linear) {
  auto key = std::make_pair(tensor, linear);
  if (Value v = elements.lookup(key))
    return v;
  Value result;
  Operation *def = tensor.getDefiningOp();
  if (auto sp = dyn_cast_if_present<tensor::SplatOp>(def)) {
    result = map.lookup(sp.getInput());
  } else if (auto fe = dyn_cast_if_present<tensor::FromElementsOp>(def)) {
    result = map.lookup(fe.getElements()[linear]);
  } else if (auto sl = dyn_cast_if_present<tensor::ExtractSliceOp>(def);
             sl && sl.getStaticOffsets().size() == 1 &&
             !ShapedType::isDynamic(sl.getStaticOffsets()[0])) {
    result = elementOf(loc, sl.getSource(), sl.getStaticOffsets()[0] + linear);
  } else if (def && def->getNumResults() == 1 && def->getNumRegions() == 0 &&
             !isa<arith::ConstantOp>(def) &&
             isa<arith::ArithDialect, math::MathDialect>(def->getDialect())) {
    SmallVector<Value> operands;
    for (Value v : def->getOperands()) {
      Value s = isa<RankedTensorType>(v.getType()) ? elementOf(loc, v, linear)
                                                   : scalarOf(v);
      if (!s) {
        def->emitError("operand of unknown origin");
        return {};
      }
      operands.push_back(s);
    }
    OperationState st(def->getLoc(), def->getName());
    st.addOperands(operands);
    st.addTypes(f64());
    st.addAttributes(def->getAttrs());
    result = b.create(st)->getResult(0);
  } else {
    auto it = views.find(tensor);
    if (it == views.end()) {
      emitError(loc, "cannot lower this use of a tensor to native code");
      return {};
    }
    const View &view = it->second;
    if (view.scalar) {
      result = view.scalar;
    } else {
      auto load = LLVM::LoadOp::create(b, loc, f64(), at(loc, view.ptr, linear));
      if (view.noGrad)
        load->setAttr("masq.nograd", b.getUnitAttr());
      result = load.getResult();
    }
  }
  elements[key] = result;
  return result;
}

LogicalResult Lowerer::lowerElementwise(Operation *op) {
  Location loc = op->getLoc();
  auto rt = cast<RankedTensorType>(op->getResult(0).getType());
  if (!rt.getElementType().isF64())
    return op->emitError("cannot lower '") << op->getName()
                                           << "' on non-f64 tensors to native code";
  SmallVector<View> ins;
  for (Value v : op->getOperands()) {
    if (isa<RankedTensorType>(v.getType())) {
      auto view = viewOf(op, v);
      if (failed(view))
        return failure();
      ins.push_back(*view);
    } else if (Value s = scalarOf(v)) {
      ins.push_back(View{{}, 1, s, false});
    } else {
      return op->emitError("operand of unknown origin"), failure();
    }
  }
  View out = scratchView(loc, rt.getNumElements());
  if (rt.getNumElements() <= kUnrollLimit) {
    // Scalar code per element, stored for the readers of the whole tensor
    // (encoders, outputs); the gradient follows the stores.
    for (int64_t i = 0; i < rt.getNumElements(); ++i) {
      Value e = elementOf(loc, op->getResult(0), i);
      if (!e)
        return failure();
      LLVM::StoreOp::create(b, loc, e, at(loc, out.ptr, i));
    }
    views[op->getResult(0)] = out;
    return success();
  }
  out.noGrad = true;
  Value lo = arith::ConstantIndexOp::create(b, loc, 0);
  Value hi = arith::ConstantIndexOp::create(b, loc, rt.getNumElements());
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(b, loc, lo, hi, one);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value i = loop.getInductionVar();
    SmallVector<Value> elems;
    for (const View &v : ins)
      elems.push_back(element(loc, v, i));
    OperationState st(loc, op->getName());
    st.addOperands(elems);
    st.addTypes(f64());
    st.addAttributes(op->getAttrs());
    Operation *scalarOp = b.create(st);
    LLVM::StoreOp::create(b, loc, scalarOp->getResult(0), atDyn(loc, out.ptr, i));
  }
  views[op->getResult(0)] = out;
  return success();
}

LogicalResult Lowerer::lowerOp(Operation *op) {
  Location loc = op->getLoc();
  if (auto alloc = dyn_cast<AllocOp>(op)) {
    qidx[alloc.getResult()] = alloc.getIndex();
    return success();
  }
  if (auto gate = dyn_cast<GateOp>(op)) {
    auto qs = qubitsOf(op, gate.getInQubits());
    if (failed(qs))
      return failure();
    SmallVector<Value> angles;
    for (Value a : gate.getAngles())
      angles.push_back(map.lookup(a));
    SvGateOp::create(b, loc, psi, angles,
                     b.getStringAttr(gates::info(gate.getGateKind()).name),
                     b.getDenseI32ArrayAttr(*qs), b.getI32IntegerAttr(live));
    for (auto [out, q] : llvm::zip(gate.getOutQubits(), *qs))
      qidx[out] = q;
    return success();
  }
  if (auto reset = dyn_cast<ResetOp>(op)) {
    auto qs = qubitsOf(op, reset.getIn());
    if (failed(qs))
      return failure();
    for (auto [out, q] : llvm::zip(reset.getOut(), *qs)) {
      int32_t anc = nextAncilla++;
      live = anc + 1;
      SvGateOp::create(b, loc, psi, ValueRange{}, b.getStringAttr("swap"),
                       b.getDenseI32ArrayAttr({q, anc}), b.getI32IntegerAttr(anc + 1));
      qidx[out] = q;
    }
    return success();
  }
  if (auto enc = dyn_cast<EncodeAmplitudeOp>(op)) {
    auto qs = qubitsOf(op, enc.getIn());
    auto data = viewOf(op, enc.getData());
    if (failed(qs) || failed(data))
      return failure();
    SvEncodeAmplitudeOp::create(b, loc, psi, data->ptr, b.getDenseI32ArrayAttr(*qs),
                                b.getI32IntegerAttr(live),
                                b.getI32IntegerAttr(data->size), IntegerAttr());
    for (auto [out, q] : llvm::zip(enc.getOut(), *qs))
      qidx[out] = q;
    return success();
  }
  if (auto enc = dyn_cast<EncodeAngleOp>(op)) {
    auto qs = qubitsOf(op, enc.getIn());
    auto data = viewOf(op, enc.getData());
    if (failed(qs) || failed(data))
      return failure();
    gates::Kind axis = enc.getAxis() == Axis::X   ? gates::Kind::RX
                       : enc.getAxis() == Axis::Y ? gates::Kind::RY
                                                  : gates::Kind::RZ;
    SvEncodeAngleOp::create(b, loc, psi, data->ptr, b.getDenseI32ArrayAttr(*qs),
                            b.getI32IntegerAttr(live), b.getI32IntegerAttr(int(axis)),
                            enc.getScaleAttr(), IntegerAttr());
    for (auto [out, q] : llvm::zip(enc.getOut(), *qs))
      qidx[out] = q;
    return success();
  }
  if (auto mask = dyn_cast<MaskOp>(op)) {
    auto data = viewOf(op, mask.getData());
    if (failed(data))
      return failure();
    Value pattern, fill;
    int64_t fillLen = 0;
    if (mask.getPattern()) {
      auto p = viewOf(op, mask.getPattern());
      if (failed(p))
        return failure();
      pattern = p->ptr;
    }
    if (Value f = mask.getFill()) {
      // A parameter (vector or scalar) fills from theta, where the mask's
      // backward step adds its gradient.
      if (isa<RankedTensorType>(f.getType()) || isa<BlockArgument>(f)) {
        auto fv = viewOf(op, f);
        if (failed(fv))
          return failure();
        fill = fv->ptr;
        fillLen = fv->size;
      } else {
        // One element of a parameter (`fill = w[2]`) fills from theta, where
        // the gradient reaches it; anything else computed is refused.
        Value s = map.lookup(f);
        auto load = s.getDefiningOp<LLVM::LoadOp>();
        Value base = load ? load.getAddr() : Value();
        while (auto gep = base ? base.getDefiningOp<LLVM::GEPOp>() : nullptr)
          base = gep.getBase();
        if (base && base == theta) {
          fill = load.getAddr();
          fillLen = 1;
        } else if (s.getDefiningOp<arith::ConstantOp>()) {
          View slot = scratchView(loc, 1);
          LLVM::StoreOp::create(b, loc, s, slot.ptr);
          fill = slot.ptr;
          fillLen = 1;
        } else {
          return op->emitError("a computed mask fill cannot be compiled; use a "
                               "parameter, an element of one or a parameter vector"),
                 failure();
        }
      }
    }
    int32_t kind = int32_t(toCore(mask.getKind()));
    SmallVector<int32_t> indices;
    if (auto idx = mask.getIndices())
      for (int64_t i : *idx)
        indices.push_back(int32_t(i));
    View out = scratchView(loc, data->size);
    SvMaskOp::create(b, loc, data->ptr, pattern, fill, out.ptr,
                     b.getI32IntegerAttr(kind), b.getI32IntegerAttr(data->size),
                     b.getI32IntegerAttr(mask.getRows()),
                     b.getI32IntegerAttr(mask.getCols()),
                     b.getI32IntegerAttr(mask.getPatchSide()),
                     b.getDenseI32ArrayAttr(indices), b.getI32IntegerAttr(fillLen),
                     b.getF64FloatAttr(mask.getFillConstant()));
    views[mask.getResult()] = out;
    return success();
  }
  if (auto fid = dyn_cast<FidelityOp>(op)) {
    auto qs = qubitsOf(op, fid.getQubits());
    auto ref = viewOf(op, fid.getReference());
    if (failed(qs) || failed(ref))
      return failure();
    auto v = SvObserveOp::create(b, loc, psi, ref->ptr, b.getStringAttr("fidelity"),
                                 b.getDenseI32ArrayAttr(*qs), b.getI32IntegerAttr(live),
                                 b.getI32IntegerAttr(ref->size), IntegerAttr());
    map.map(fid.getResult(), v.getResult());
    return success();
  }
  if (isa<ExpvalOp, ProbZeroOp>(op)) {
    auto qs = qubitsOf(op, op->getOperands());
    if (failed(qs))
      return failure();
    auto v = SvObserveOp::create(
        b, loc, psi, Value(), b.getStringAttr(isa<ExpvalOp>(op) ? "expval" : "prob_zero"),
        b.getDenseI32ArrayAttr(*qs), b.getI32IntegerAttr(live), b.getI32IntegerAttr(0),
        IntegerAttr());
    map.map(op->getResult(0), v.getResult());
    return success();
  }
  if (auto probs = dyn_cast<ProbabilitiesOp>(op)) {
    auto qs = qubitsOf(op, probs.getQubits());
    if (failed(qs))
      return failure();
    View out = scratchView(loc, int64_t(1) << qs->size());
    SvProbabilitiesOp::create(b, loc, psi, out.ptr, b.getDenseI32ArrayAttr(*qs),
                              b.getI32IntegerAttr(live), IntegerAttr());
    views[probs.getResult()] = out;
    return success();
  }
  if (auto ex = dyn_cast<tensor::ExtractOp>(op)) {
    auto rt = cast<RankedTensorType>(ex.getTensor().getType());
    int64_t linear = 0;
    for (auto [idx, dim] : llvm::zip(ex.getIndices(), rt.getShape())) {
      Value c = map.lookupOrNull(idx);
      auto cst = c ? c.getDefiningOp<arith::ConstantIndexOp>() : nullptr;
      if (!cst)
        return op->emitError("a tensor index must be a constant to be compiled"),
               failure();
      linear = linear * dim + cst.value();
    }
    Value e = elementOf(loc, ex.getTensor(), linear);
    if (!e)
      return failure();
    map.map(ex.getResult(), e);
    return success();
  }
  if (auto sl = dyn_cast<tensor::ExtractSliceOp>(op)) {
    // A contiguous piece of a vector (a fixed mask folded into an angle
    // encoder): a view into the same memory.
    auto view = viewOf(op, sl.getSource());
    if (failed(view))
      return failure();
    auto offs = sl.getStaticOffsets(), sizes = sl.getStaticSizes(),
         strides = sl.getStaticStrides();
    if (offs.size() != 1 || ShapedType::isDynamic(offs[0]) ||
        ShapedType::isDynamic(sizes[0]) || strides[0] != 1)
      return op->emitError("only a constant, contiguous slice of a vector can be compiled"),
             failure();
    View out = *view;
    out.size = sizes[0];
    if (!view->scalar)
      out.ptr = at(loc, view->ptr, offs[0]);
    views[sl.getResult()] = out;
    return success();
  }
  if (auto fe = dyn_cast<tensor::FromElementsOp>(op)) {
    View out = scratchView(loc, fe.getElements().size());
    int64_t i = 0;
    for (Value e : fe.getElements())
      LLVM::StoreOp::create(b, loc, map.lookup(e), at(loc, out.ptr, i++));
    views[fe.getResult()] = out;
    return success();
  }
  if (auto sp = dyn_cast<tensor::SplatOp>(op)) {
    views[sp.getResult()] = View{{}, sizeOf(sp.getType()), map.lookup(sp.getInput()), true};
    return success();
  }
  if (auto out = dyn_cast<OutputOp>(op)) {
    const Slot *slot = info.output(out.getName().str());
    Value dst = at(loc, values, slot->offset);
    Value v = out.getValue();
    if (isa<RankedTensorType>(v.getType())) {
      auto view = viewOf(op, v);
      if (failed(view))
        return failure();
      copyTo(loc, *view, dst, slot->size);
    } else if (v.getType().isF64()) {
      LLVM::StoreOp::create(b, loc, map.lookup(v), dst);
    } else {
      return op->emitError("output '") << out.getName()
                                       << "' (a measurement outcome) cannot be "
                                          "compiled yet; use probabilities()",
             failure();
    }
    return success();
  }
  if (auto loss = dyn_cast<LossOp>(op)) {
    auto st = LLVM::StoreOp::create(b, loc, map.lookup(loss.getValue()), values);
    st->setAttr("masq.loss", b.getUnitAttr());
    return success();
  }
  if (isa<MeasureOp>(op))
    return op->emitError("mid-circuit measurement cannot be compiled yet; use "
                         "probabilities() or prob()"),
           failure();
  if (isa<func::ReturnOp>(op)) {
    func::ReturnOp::create(b, loc);
    return success();
  }
  if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
    if (auto rt = dyn_cast<RankedTensorType>(cst.getType())) {
      auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
      if (!dense || !rt.getElementType().isF64())
        return op->emitError("cannot lower this constant to native code"), failure();
      if (dense.isSplat()) {
        Value s = arith::ConstantOp::create(
            b, loc, b.getF64FloatAttr(dense.getSplatValue<APFloat>().convertToDouble()));
        views[cst.getResult()] = View{{}, rt.getNumElements(), s, true};
        return success();
      }
      View out = scratchView(loc, rt.getNumElements());
      int64_t i = 0;
      for (APFloat x : dense.getValues<APFloat>()) {
        Value s = arith::ConstantOp::create(b, loc, b.getF64FloatAttr(x.convertToDouble()));
        LLVM::StoreOp::create(b, loc, s, at(loc, out.ptr, i++));
      }
      out.noGrad = true;
      views[cst.getResult()] = out;
      return success();
    }
  }
  bool tensorResult = op->getNumResults() == 1 &&
                      isa<RankedTensorType>(op->getResult(0).getType());
  if (tensorResult && isa<arith::ArithDialect, math::MathDialect>(op->getDialect()))
    return lowerElementwise(op);
  if (!tensorResult && isa<arith::ArithDialect, math::MathDialect>(op->getDialect())) {
    for (Value v : op->getOperands())
      if (!map.contains(v))
        return op->emitError("operand of unknown origin"), failure();
    b.clone(*op, map);
    return success();
  }
  return op->emitError("'") << op->getName() << "' cannot be lowered to native code",
         failure();
}

/// The model's description for the runtime and the later passes: the
/// ModelInfo as JSON in `masq.info`, and the sizes they read as attributes.
void writeModelInfo(ModuleOp module, ModelInfo &info, int nq, int64_t scratchUsed) {
  Builder b(module.getContext());
  info.scratch = scratchUsed;
  module->setAttr(sym::kInfoAttr, b.getStringAttr(toJson(info)));
  module->setAttr("masq.nq", b.getI32IntegerAttr(nq));
  module->setAttr("masq.scratch", b.getI64IntegerAttr(scratchUsed));
  module->setAttr("masq.input_size", b.getI64IntegerAttr(info.inputSize));
  module->setAttr("masq.num_values", b.getI64IntegerAttr(info.numValues));
}

LogicalResult Lowerer::run() {
  if (failed(layout()))
    return failure();
  Location loc = model.getLoc();
  Type p = ptrTy();
  b.setInsertionPointToEnd(module.getBody());
  sample = func::FuncOp::create(b, loc, detail::kSampleFn,
                                b.getFunctionType({p, p, p, p, p}, {}));
  sample.setPrivate();
  Block *entry = sample.addEntryBlock();
  psi = entry->getArgument(detail::kArgPsi);
  theta = entry->getArgument(detail::kArgTheta);
  inputs = entry->getArgument(detail::kArgInputs);
  values = entry->getArgument(detail::kArgValues);
  scratch = entry->getArgument(detail::kArgScratch);
  b.setInsertionPointToStart(entry);
  SvInitOp::create(b, loc, psi, b.getI32IntegerAttr(nq), UnitAttr());
  // Arguments are slices of theta and inputs.
  for (unsigned i = 0; i < model.getNumArguments(); ++i) {
    Value arg = model.getArgument(i);
    if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kInput)) {
      const Slot *s = info.input(n.str());
      views[arg] = View{at(loc, inputs, s->offset), s->size, {}, false};
    } else if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kParam)) {
      const ParamSlot *s = info.param(n.str());
      views[arg] = View{at(loc, theta, s->offset), s->size, {}, false};
    } else if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kMask)) {
      for (const MaskSlot &m : info.masks)
        if (m.name == n.str())
          views[arg] = View{at(loc, inputs, m.offset), m.size, {}, true};
    } else {
      return model.emitError("model argument ") << i << " has no masq role",
             failure();
    }
  }
  // A scalar argument (`param a : real`) is also a number: its load.
  for (Value arg : model.getArguments())
    if (arg.getType().isF64() && views.count(arg))
      map.map(arg, LLVM::LoadOp::create(b, loc, f64(), views[arg].ptr).getResult());
  for (Operation &op : model.getBody().front())
    if (failed(lowerOp(&op)))
      return failure();
  writeModelInfo(module, info, nq, scratchUsed);
  detail::buildForwardEntry(b, module, loc, sample, nullptr);
  model.erase();
  return success();
}

struct LowerToStatePass : impl::LowerToStateBase<LowerToStatePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> models;
    for (auto f : module.getOps<func::FuncOp>())
      if (f->hasAttr(attr::kModel))
        models.push_back(f);
    if (models.size() != 1) {
      module.emitError("expected exactly one masq model in the module, found ")
          << models.size();
      return signalPassFailure();
    }
    Lowerer lowerer(module, models.front());
    if (failed(lowerer.run()))
      signalPassFailure();
  }
};

} // namespace

} // namespace masq
