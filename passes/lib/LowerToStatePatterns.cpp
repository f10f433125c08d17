//===- LowerToStatePatterns.cpp - one conversion pattern per model op -----===//
//
// The patterns of masq-lower-to-state (LowerToState.h says what they share).
// The driver visits the model's ops in program order, and each pattern
// appends the code of its op to masq_sample:
//   - qubit values become indices; `reset q` becomes a swap of q with a fresh
//     |0> ancilla above the register (an exact purification of the reset
//     channel: every later observable traces the ancillas out);
//   - tensors become Views: arguments are slices of theta or inputs, mask
//     results and probabilities are slices of the scratch buffer;
//     element-wise tensor arithmetic is unrolled into scalar ops stored to
//     scratch (up to kUnrollLimit values; larger tensors become scf.for
//     loops, which the gradient refuses to differentiate through);
//   - an element read from a tensor (`d[0]` of `let d = z - x`) is computed
//     from the elements of the operands (elementOf), so the loss is scalar
//     code the gradient differentiates, whatever the tensor was built from;
//   - gates, encoders, masks and observables become masq.sv.* ops;
//   - the loss goes to values[0], outputs after it.
// A pattern that refuses its op reports one located error and fails, which
// stops the conversion.
//
//===----------------------------------------------------------------------===//
#include "LowerToState.h"
#include "PassDetail.h"
#include "masq/Dialect/MasqDialect.h"

#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace masq {
namespace {

Type f64(OpBuilder &b) { return b.getF64Type(); }
Type ptrTy(OpBuilder &b) { return LLVM::LLVMPointerType::get(b.getContext()); }
Value at(OpBuilder &b, Location loc, Value base, int64_t off) {
  return detail::offsetPtr(b, loc, base, off);
}
Value atDyn(OpBuilder &b, Location loc, Value base, Value index) {
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  return LLVM::GEPOp::create(b, loc, ptrTy(b), f64(b), base, ValueRange{i64});
}
/// Element i of a view (loads, or the splat scalar).
Value element(OpBuilder &b, Location loc, const View &v, Value index) {
  if (v.scalar)
    return v.scalar;
  return LLVM::LoadOp::create(b, loc, f64(b), atDyn(b, loc, v.ptr, index));
}
/// A loop over [0, size) whose body `body(i)` builds.
void forEachIndex(OpBuilder &b, Location loc, int64_t size, function_ref<void(Value)> body) {
  Value lo = arith::ConstantIndexOp::create(b, loc, 0);
  Value hi = arith::ConstantIndexOp::create(b, loc, size);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(b, loc, lo, hi, one);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(loop.getBody());
  body(loop.getInductionVar());
}
/// `op` (element-wise, on tensors) rebuilt on the scalars `operands`.
Value scalarClone(OpBuilder &b, Operation *op, Location loc, ValueRange operands) {
  OperationState st(loc, op->getName());
  st.addOperands(operands);
  st.addTypes(f64(b));
  st.addAttributes(op->getAttrs());
  return b.create(st)->getResult(0);
}
/// Arithmetic whose elements elementOf computes from its operands' elements.
bool isElementwise(Operation *def) {
  return def && def->getNumResults() == 1 && def->getNumRegions() == 0 &&
         !isa<arith::ConstantOp>(def) &&
         isa_and_present<arith::ArithDialect, math::MathDialect>(def->getDialect());
}
/// From now on the tensor `op` made is `view`, and `op` is done.
LogicalResult replaceByView(LoweringState &st, ConversionPatternRewriter &rw, Operation *op,
                            const View &view) {
  st.views[op->getResult(0)] = view;
  rw.eraseOp(op);
  return success();
}
int64_t sizeOf(Type t) {
  if (auto rt = dyn_cast<RankedTensorType>(t))
    return rt.getNumElements();
  return 1;
}

} // namespace

// ---- LoweringState

View LoweringState::scratchView(OpBuilder &b, Location loc, int64_t size) {
  View v{at(b, loc, scratch, scratchUsed), size, {}, false};
  scratchUsed += size;
  return v;
}

FailureOr<View> LoweringState::viewOf(Operation *user, Value v) {
  auto it = views.find(v);
  if (it == views.end())
    return user->emitError("cannot lower this use of a tensor to native code"), failure();
  return it->second;
}

FailureOr<SmallVector<int32_t>> LoweringState::qubitsOf(Operation *user, ValueRange qs) {
  SmallVector<int32_t> out;
  for (Value q : qs) {
    auto it = qidx.find(q);
    if (it == qidx.end())
      return user->emitError("qubit value of unknown origin"), failure();
    out.push_back(it->second);
  }
  return out;
}

void LoweringState::setQubits(ValueRange outs, ArrayRef<int32_t> qs) {
  for (auto [out, q] : llvm::zip(outs, qs))
    qidx[out] = q;
}

/// Element `linear` (row-major) of a tensor as a scalar, computed from what
/// defines it: the element of each operand of element-wise arithmetic, the
/// scalar of a splat or from_elements, a constant, or a load from the
/// tensor's memory (arguments, masks, probabilities). Null after an error.
Value LoweringState::elementOf(ConversionPatternRewriter &rw, Location loc, Value tensor,
                               int64_t linear) {
  auto key = std::make_pair(tensor, linear);
  if (Value v = elements.lookup(key))
    return v;
  Value result;
  Operation *def = tensor.getDefiningOp();
  if (auto sp = dyn_cast_if_present<tensor::SplatOp>(def)) {
    result = rw.getRemappedValue(sp.getInput());
  } else if (auto fe = dyn_cast_if_present<tensor::FromElementsOp>(def)) {
    result = rw.getRemappedValue(fe.getElements()[linear]);
  } else if (auto sl = dyn_cast_if_present<tensor::ExtractSliceOp>(def);
             sl && sl.getStaticOffsets().size() == 1 &&
             !ShapedType::isDynamic(sl.getStaticOffsets()[0])) {
    result = elementOf(rw, loc, sl.getSource(), sl.getStaticOffsets()[0] + linear);
  } else if (isElementwise(def)) {
    SmallVector<Value> operands;
    for (Value v : def->getOperands()) {
      Value s = isa<RankedTensorType>(v.getType()) ? elementOf(rw, loc, v, linear)
                                                   : rw.getRemappedValue(v);
      if (!s) {
        def->emitError("operand of unknown origin");
        return {};
      }
      operands.push_back(s);
    }
    result = scalarClone(rw, def, def->getLoc(), operands);
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
      auto load = LLVM::LoadOp::create(rw, loc, f64(rw), at(rw, loc, view.ptr, linear));
      if (view.noGrad)
        load->setAttr("masq.nograd", rw.getUnitAttr());
      result = load.getResult();
    }
  }
  elements[key] = result;
  return result;
}

namespace {

// ---- Patterns

/// A pattern of this pass: `lower` appends the code of one op to
/// masq_sample, with the shared state.
template <typename OpT> struct Lowering : OpConversionPattern<OpT> {
  using OpAdaptor = typename OpConversionPattern<OpT>::OpAdaptor;
  Lowering(LoweringState &st, MLIRContext *ctx) : OpConversionPattern<OpT>(ctx), st(st) {}
  LoweringState &st;

  LogicalResult matchAndRewrite(OpT op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rw) const final {
    rw.setInsertionPointToEnd(st.body);
    return lower(op, adaptor, rw);
  }
  virtual LogicalResult lower(OpT op, OpAdaptor adaptor, ConversionPatternRewriter &rw) const = 0;
};

struct AllocLowering : Lowering<AllocOp> {
  using Lowering::Lowering;
  LogicalResult lower(AllocOp alloc, OpAdaptor, ConversionPatternRewriter &rw) const override {
    st.qidx[alloc.getResult()] = alloc.getIndex();
    rw.eraseOp(alloc);
    return success();
  }
};

/// Every gate, through the gate interface: its table entry applied to psi.
struct GateLowering : OpInterfaceConversionPattern<GateOp> {
  GateLowering(LoweringState &st, MLIRContext *ctx)
      : OpInterfaceConversionPattern<GateOp>(ctx), st(st) {}
  LoweringState &st;
  LogicalResult matchAndRewrite(GateOp gate, ArrayRef<Value>,
                                ConversionPatternRewriter &rw) const override {
    rw.setInsertionPointToEnd(st.body);
    auto qs = st.qubitsOf(gate, gate.getInQubits());
    SmallVector<Value> angles;
    if (failed(qs) || failed(rw.getRemappedValues(gate.getAngles(), angles)))
      return failure();
    SvGateOp::create(rw, gate.getLoc(), st.psi, angles,
                     rw.getStringAttr(gates::info(gate.getGateKind()).name),
                     rw.getDenseI32ArrayAttr(*qs), rw.getI32IntegerAttr(st.live));
    st.setQubits(gate.getOutQubits(), *qs);
    rw.eraseOp(gate);
    return success();
  }
};

/// Each reset qubit swaps with the next fresh ancilla, which widens the
/// live part of the state.
struct ResetLowering : Lowering<ResetOp> {
  using Lowering::Lowering;
  LogicalResult lower(ResetOp reset, OpAdaptor, ConversionPatternRewriter &rw) const override {
    auto qs = st.qubitsOf(reset, reset.getIn());
    if (failed(qs))
      return failure();
    for (auto [out, q] : llvm::zip(reset.getOut(), *qs)) {
      int32_t anc = st.nextAncilla++;
      st.live = anc + 1;
      SvGateOp::create(rw, reset.getLoc(), st.psi, ValueRange{}, rw.getStringAttr("swap"),
                       rw.getDenseI32ArrayAttr({q, anc}), rw.getI32IntegerAttr(anc + 1));
      st.qidx[out] = q;
    }
    rw.eraseOp(reset);
    return success();
  }
};

/// A noise channel: one trajectory step on its qubits (masq.sv.channel).
struct ChannelLowering : Lowering<ChannelOp> {
  using Lowering::Lowering;
  LogicalResult lower(ChannelOp ch, OpAdaptor, ConversionPatternRewriter &rw) const override {
    auto qs = st.qubitsOf(ch, ch.getIn());
    if (failed(qs))
      return failure();
    SvChannelOp::create(rw, ch.getLoc(), st.psi, ch.getKindAttr(), ch.getPAttr(),
                        rw.getDenseI32ArrayAttr(*qs), rw.getI32IntegerAttr(st.live));
    st.setQubits(ch.getOut(), *qs);
    rw.eraseOp(ch);
    return success();
  }
};

/// Encoders: the data's View into their qubits, which keep their indices.
/// `build` (one per encoder) makes the masq.sv op.
template <typename OpT> struct EncodeLowering : Lowering<OpT> {
  using Lowering<OpT>::Lowering;
  LogicalResult lower(OpT enc, typename Lowering<OpT>::OpAdaptor,
                      ConversionPatternRewriter &rw) const override {
    auto qs = this->st.qubitsOf(enc, enc.getIn());
    if (failed(qs))
      return failure();
    auto data = this->st.viewOf(enc, enc.getData());
    if (failed(data))
      return failure();
    build(rw, enc, *data, rw.getDenseI32ArrayAttr(*qs), rw.getI32IntegerAttr(this->st.live));
    this->st.setQubits(enc.getOut(), *qs);
    rw.eraseOp(enc);
    return success();
  }
  void build(OpBuilder &b, OpT enc, const View &data, DenseI32ArrayAttr qubits,
             IntegerAttr live) const;
};

template <>
void EncodeLowering<EncodeAmplitudeOp>::build(OpBuilder &b, EncodeAmplitudeOp enc, const View &data,
                                              DenseI32ArrayAttr qubits, IntegerAttr live) const {
  SvEncodeAmplitudeOp::create(b, enc.getLoc(), st.psi, data.ptr, qubits, live,
                              b.getI32IntegerAttr(data.size), IntegerAttr());
}

template <>
void EncodeLowering<EncodeAngleOp>::build(OpBuilder &b, EncodeAngleOp enc, const View &data,
                                          DenseI32ArrayAttr qubits, IntegerAttr live) const {
  gates::Kind axis = enc.getAxis() == Axis::X   ? gates::Kind::RX
                     : enc.getAxis() == Axis::Y ? gates::Kind::RY
                                                : gates::Kind::RZ;
  SvEncodeAngleOp::create(b, enc.getLoc(), st.psi, data.ptr, qubits, live,
                          b.getI32IntegerAttr(int(axis)), enc.getScaleAttr(), IntegerAttr(),
                          /*ps_base=*/IntegerAttr());
}

/// A mask of data into scratch: the pattern from the inputs, the fill from
/// theta (where the mask's backward step adds its gradient) or a constant.
struct MaskLowering : Lowering<MaskOp> {
  using Lowering::Lowering;
  LogicalResult lower(MaskOp mask, OpAdaptor adaptor,
                      ConversionPatternRewriter &rw) const override {
    auto data = st.viewOf(mask, mask.getData());
    if (failed(data))
      return failure();
    Value pattern, fill;
    int64_t fillLen = 0;
    if (mask.getPattern()) {
      auto p = st.viewOf(mask, mask.getPattern());
      if (failed(p))
        return failure();
      pattern = p->ptr;
    }
    if (mask.getFill() && failed(lowerFill(rw, mask, adaptor.getFill(), fill, fillLen)))
      return failure();
    int32_t kind = int32_t(toCore(mask.getKind()));
    SmallVector<int32_t> indices;
    if (auto idx = mask.getIndices())
      for (int64_t i : *idx)
        indices.push_back(int32_t(i));
    View out = st.scratchView(rw, mask.getLoc(), data->size);
    SvMaskOp::create(rw, mask.getLoc(), data->ptr, pattern, fill, out.ptr,
                     rw.getI32IntegerAttr(kind), rw.getI32IntegerAttr(data->size),
                     rw.getI32IntegerAttr(mask.getRows()), rw.getI32IntegerAttr(mask.getCols()),
                     rw.getI32IntegerAttr(mask.getPatchSide()), rw.getDenseI32ArrayAttr(indices),
                     rw.getI32IntegerAttr(fillLen), rw.getF64FloatAttr(mask.getFillConstant()));
    return replaceByView(st, rw, mask, out);
  }

  /// The fill's address and length; `scalar` is the fill as a lowered scalar.
  LogicalResult lowerFill(ConversionPatternRewriter &rw, MaskOp mask, Value scalar, Value &fill,
                          int64_t &fillLen) const {
    Value f = mask.getFill();
    // A parameter (vector or scalar) fills from theta.
    if (isa<RankedTensorType>(f.getType()) || isa<BlockArgument>(f)) {
      auto fv = st.viewOf(mask, f);
      if (failed(fv))
        return failure();
      fill = fv->ptr;
      fillLen = fv->size;
      return success();
    }
    // One element of a parameter (`fill = w[2]`) fills from theta, where the
    // gradient reaches it; anything else computed is refused.
    auto load = scalar.getDefiningOp<LLVM::LoadOp>();
    Value base = load ? load.getAddr() : Value();
    while (auto gep = base ? base.getDefiningOp<LLVM::GEPOp>() : nullptr)
      base = gep.getBase();
    if (base && base == st.theta) {
      fill = load.getAddr();
      fillLen = 1;
    } else if (scalar.getDefiningOp<arith::ConstantOp>()) {
      View slot = st.scratchView(rw, mask.getLoc(), 1);
      LLVM::StoreOp::create(rw, mask.getLoc(), scalar, slot.ptr);
      fill = slot.ptr;
      fillLen = 1;
    } else {
      return mask.emitError("a computed mask fill cannot be compiled; use a "
                            "parameter, an element of one or a parameter vector");
    }
    return success();
  }
};

/// Observables with a value (fidelity, expval, prob_zero): the runtime's
/// `kind` on some qubits, against reference data for a fidelity.
template <typename OpT> struct ObserveLowering : Lowering<OpT> {
  ObserveLowering(LoweringState &st, MLIRContext *ctx, StringRef kind)
      : Lowering<OpT>(st, ctx), kind(kind) {}
  StringRef kind;
  LogicalResult lower(OpT op, typename Lowering<OpT>::OpAdaptor,
                      ConversionPatternRewriter &rw) const override {
    LoweringState &st = this->st;
    auto qs = st.qubitsOf(op, op.getQubits());
    if (failed(qs))
      return failure();
    View ref;
    if constexpr (std::is_same_v<OpT, FidelityOp>) {
      auto r = st.viewOf(op, op.getReference());
      if (failed(r))
        return failure();
      ref = *r;
    }
    // A Pauli string: rotate each X or Y qubit into the Z basis (H; H Sdg),
    // read <Z...Z>, rotate back, so later ops see the state unchanged.
    auto basis = [&](bool undo) {
      if constexpr (std::is_same_v<OpT, ExpvalOp>)
        for (auto [k, q] : llvm::enumerate(*qs)) {
          char p = op.pauliAt(k);
          SmallVector<StringRef, 2> gates;
          if (p == 'X')
            gates = {"h"};
          else if (p == 'Y')
            gates = undo ? SmallVector<StringRef, 2>{"h", "s"} : SmallVector<StringRef, 2>{"sdg", "h"};
          for (StringRef g : gates)
            SvGateOp::create(rw, op.getLoc(), st.psi, ValueRange{}, rw.getStringAttr(g),
                             rw.getDenseI32ArrayAttr({q}), rw.getI32IntegerAttr(st.live));
        }
    };
    basis(false);
    auto v = SvObserveOp::create(rw, op.getLoc(), st.psi, ref.ptr, rw.getStringAttr(kind),
                                 rw.getDenseI32ArrayAttr(*qs), rw.getI32IntegerAttr(st.live),
                                 rw.getI32IntegerAttr(ref.size), IntegerAttr());
    basis(true);
    rw.replaceOp(op, v.getResult());
    return success();
  }
};

/// The probabilities of the basis states of some qubits, into scratch.
struct ProbabilitiesLowering : Lowering<ProbabilitiesOp> {
  using Lowering::Lowering;
  LogicalResult lower(ProbabilitiesOp probs, OpAdaptor,
                      ConversionPatternRewriter &rw) const override {
    auto qs = st.qubitsOf(probs, probs.getQubits());
    if (failed(qs))
      return failure();
    View out = st.scratchView(rw, probs.getLoc(), int64_t(1) << qs->size());
    SvProbabilitiesOp::create(rw, probs.getLoc(), st.psi, out.ptr, rw.getDenseI32ArrayAttr(*qs),
                              rw.getI32IntegerAttr(st.live), IntegerAttr());
    return replaceByView(st, rw, probs, out);
  }
};

/// An element of a tensor at constant indices: elementOf.
struct ExtractLowering : Lowering<tensor::ExtractOp> {
  using Lowering::Lowering;
  LogicalResult lower(tensor::ExtractOp ex, OpAdaptor adaptor,
                      ConversionPatternRewriter &rw) const override {
    auto rt = cast<RankedTensorType>(ex.getTensor().getType());
    int64_t linear = 0;
    for (auto [idx, dim] : llvm::zip(adaptor.getIndices(), rt.getShape())) {
      auto cst = idx.getDefiningOp<arith::ConstantIndexOp>();
      if (!cst)
        return ex.emitError("a tensor index must be a constant to be compiled");
      linear = linear * dim + cst.value();
    }
    Value e = st.elementOf(rw, ex.getLoc(), ex.getTensor(), linear);
    if (!e)
      return failure();
    rw.replaceOp(ex, e);
    return success();
  }
};

/// A contiguous piece of a vector (a fixed mask folded into an angle
/// encoder): a view into the same memory.
struct ExtractSliceLowering : Lowering<tensor::ExtractSliceOp> {
  using Lowering::Lowering;
  LogicalResult lower(tensor::ExtractSliceOp sl, OpAdaptor,
                      ConversionPatternRewriter &rw) const override {
    auto view = st.viewOf(sl, sl.getSource());
    if (failed(view))
      return failure();
    auto offs = sl.getStaticOffsets(), sizes = sl.getStaticSizes(), strides = sl.getStaticStrides();
    if (offs.size() != 1 || ShapedType::isDynamic(offs[0]) || ShapedType::isDynamic(sizes[0]) ||
        strides[0] != 1)
      return sl.emitError("only a constant, contiguous slice of a vector can be compiled");
    View out = *view;
    out.size = sizes[0];
    if (!view->scalar)
      out.ptr = at(rw, sl.getLoc(), view->ptr, offs[0]);
    return replaceByView(st, rw, sl, out);
  }
};

/// A vector of scalars, stored to scratch.
struct FromElementsLowering : Lowering<tensor::FromElementsOp> {
  using Lowering::Lowering;
  LogicalResult lower(tensor::FromElementsOp fe, OpAdaptor adaptor,
                      ConversionPatternRewriter &rw) const override {
    View out = st.scratchView(rw, fe.getLoc(), fe.getElements().size());
    int64_t i = 0;
    for (Value e : adaptor.getElements())
      LLVM::StoreOp::create(rw, fe.getLoc(), e, at(rw, fe.getLoc(), out.ptr, i++));
    return replaceByView(st, rw, fe, out);
  }
};

struct SplatLowering : Lowering<tensor::SplatOp> {
  using Lowering::Lowering;
  LogicalResult lower(tensor::SplatOp sp, OpAdaptor adaptor,
                      ConversionPatternRewriter &rw) const override {
    return replaceByView(st, rw, sp, View{{}, sizeOf(sp.getType()), adaptor.getInput(), true});
  }
};

/// A constant vector: its splat scalar, or its values stored to scratch.
/// (A scalar constant is ScalarLowering's.)
struct TensorConstantLowering : Lowering<arith::ConstantOp> {
  using Lowering::Lowering;
  LogicalResult lower(arith::ConstantOp cst, OpAdaptor,
                      ConversionPatternRewriter &rw) const override {
    auto rt = dyn_cast<RankedTensorType>(cst.getType());
    if (!rt)
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
    if (!dense || !rt.getElementType().isF64())
      return cst.emitError("cannot lower this constant to native code");
    Location loc = cst.getLoc();
    auto number = [&](APFloat x) -> Value {
      return arith::ConstantOp::create(rw, loc, rw.getF64FloatAttr(x.convertToDouble()));
    };
    if (dense.isSplat())
      return replaceByView(
          st, rw, cst, View{{}, rt.getNumElements(), number(dense.getSplatValue<APFloat>()), true});
    View out = st.scratchView(rw, loc, rt.getNumElements());
    int64_t i = 0;
    for (APFloat x : dense.getValues<APFloat>()) {
      Value s = number(x);
      LLVM::StoreOp::create(rw, loc, s, at(rw, loc, out.ptr, i++));
    }
    out.noGrad = true;
    return replaceByView(st, rw, cst, out);
  }
};

/// A pattern for ops of a dialect (it checks which ops are its own).
struct AnyOpLowering : ConversionPattern {
  AnyOpLowering(LoweringState &st, MLIRContext *ctx)
      : ConversionPattern(MatchAnyOpTypeTag(), PatternBenefit(1), ctx), st(st) {}
  LoweringState &st;
};

/// Element-wise arith/math on f64 tensors: scalar code per element stored to
/// scratch for the readers of the whole tensor (encoders, outputs; the
/// gradient follows the stores), or a loop beyond kUnrollLimit elements.
struct ElementwiseLowering : AnyOpLowering {
  using AnyOpLowering::AnyOpLowering;

  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                                ConversionPatternRewriter &rw) const override {
    if (!isElementwise(op) || !isa<RankedTensorType>(op->getResult(0).getType()))
      return failure();
    rw.setInsertionPointToEnd(st.body);
    auto rt = cast<RankedTensorType>(op->getResult(0).getType());
    if (!rt.getElementType().isF64())
      return op->emitError("cannot lower '")
             << op->getName() << "' on non-f64 tensors to native code";
    SmallVector<View> ins;
    for (auto [v, s] : llvm::zip(op->getOperands(), operands)) {
      if (!isa<RankedTensorType>(v.getType())) {
        ins.push_back(View{{}, 1, s, false});
        continue;
      }
      auto view = st.viewOf(op, v);
      if (failed(view))
        return failure();
      ins.push_back(*view);
    }
    View out = st.scratchView(rw, op->getLoc(), rt.getNumElements());
    if (rt.getNumElements() <= kUnrollLimit) {
      if (failed(unroll(rw, op, out)))
        return failure();
    } else {
      loop(rw, op, ins, out);
      out.noGrad = true;
    }
    return replaceByView(st, rw, op, out);
  }

  LogicalResult unroll(ConversionPatternRewriter &rw, Operation *op, const View &out) const {
    for (int64_t i = 0; i < out.size; ++i) {
      Value e = st.elementOf(rw, op->getLoc(), op->getResult(0), i);
      if (!e)
        return failure();
      LLVM::StoreOp::create(rw, op->getLoc(), e, at(rw, op->getLoc(), out.ptr, i));
    }
    return success();
  }

  void loop(OpBuilder &b, Operation *op, ArrayRef<View> ins, const View &out) const {
    Location loc = op->getLoc();
    forEachIndex(b, loc, out.size, [&](Value i) {
      SmallVector<Value> elems;
      for (const View &v : ins)
        elems.push_back(element(b, loc, v, i));
      Value e = scalarClone(b, op, loc, elems);
      LLVM::StoreOp::create(b, loc, e, atDyn(b, loc, out.ptr, i));
    });
  }
};

/// Scalar arithmetic, copied as it is onto the lowered operands.
struct ScalarLowering : AnyOpLowering {
  using AnyOpLowering::AnyOpLowering;

  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                                ConversionPatternRewriter &rw) const override {
    if (!isa_and_present<arith::ArithDialect, math::MathDialect>(op->getDialect()) ||
        (op->getNumResults() == 1 && isa<RankedTensorType>(op->getResult(0).getType())))
      return failure();
    rw.setInsertionPointToEnd(st.body);
    IRMapping lowered;
    lowered.map(op->getOperands(), operands);
    rw.replaceOp(op, rw.clone(*op, lowered)->getResults());
    return success();
  }
};

/// An output into its slot of values (a copy loop for a tensor).
struct OutputLowering : Lowering<OutputOp> {
  using Lowering::Lowering;
  LogicalResult lower(OutputOp out, OpAdaptor adaptor,
                      ConversionPatternRewriter &rw) const override {
    Location loc = out.getLoc();
    const Slot *slot = st.info.output(out.getName().str());
    Value dst = at(rw, loc, st.values, slot->offset);
    Value v = out.getValue();
    if (isa<RankedTensorType>(v.getType())) {
      auto view = st.viewOf(out, v);
      if (failed(view))
        return failure();
      forEachIndex(rw, loc, slot->size, [&](Value i) {
        LLVM::StoreOp::create(rw, loc, element(rw, loc, *view, i), atDyn(rw, loc, dst, i));
      });
    } else if (v.getType().isF64()) {
      LLVM::StoreOp::create(rw, loc, adaptor.getValue(), dst);
    } else {
      return out.emitError("output '") << out.getName()
                                       << "' (a measurement outcome) cannot be "
                                          "compiled yet; use probabilities()";
    }
    rw.eraseOp(out);
    return success();
  }
};

/// The loss into values[0], marked for the gradient.
struct LossLowering : Lowering<LossOp> {
  using Lowering::Lowering;
  LogicalResult lower(LossOp loss, OpAdaptor adaptor,
                      ConversionPatternRewriter &rw) const override {
    auto store = LLVM::StoreOp::create(rw, loss.getLoc(), adaptor.getValue(), st.values);
    store->setAttr("masq.loss", rw.getUnitAttr());
    rw.eraseOp(loss);
    return success();
  }
};

struct ReturnLowering : Lowering<func::ReturnOp> {
  using Lowering::Lowering;
  LogicalResult lower(func::ReturnOp ret, OpAdaptor, ConversionPatternRewriter &rw) const override {
    func::ReturnOp::create(rw, ret.getLoc());
    rw.eraseOp(ret);
    return success();
  }
};

struct MeasureLowering : OpConversionPattern<MeasureOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(MeasureOp measure, OpAdaptor,
                                ConversionPatternRewriter &) const override {
    return measure.emitError("mid-circuit measurement cannot be compiled yet; use "
                             "probabilities() or prob()");
  }
};

/// What no pattern above lowers. Tried last: benefit 0, and the driver tries
/// an op's own pattern before an any-op pattern of equal benefit.
struct UnsupportedLowering : ConversionPattern {
  UnsupportedLowering(MLIRContext *ctx)
      : ConversionPattern(MatchAnyOpTypeTag(), PatternBenefit(0), ctx) {}
  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value>,
                                ConversionPatternRewriter &) const override {
    return op->emitError("'") << op->getName() << "' cannot be lowered to native code";
  }
};

} // namespace

void populateMasqToStatePatterns(LoweringState &state, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<AllocLowering, GateLowering, ResetLowering, ChannelLowering, EncodeLowering<EncodeAmplitudeOp>,
               EncodeLowering<EncodeAngleOp>, MaskLowering, ProbabilitiesLowering, ExtractLowering,
               ExtractSliceLowering, FromElementsLowering, SplatLowering, TensorConstantLowering,
               ElementwiseLowering, ScalarLowering, OutputLowering, LossLowering, ReturnLowering>(
      state, ctx);
  patterns.add<ObserveLowering<FidelityOp>>(state, ctx, "fidelity");
  patterns.add<ObserveLowering<ExpvalOp>>(state, ctx, "expval");
  patterns.add<ObserveLowering<ProbZeroOp>>(state, ctx, "prob_zero");
  patterns.add<MeasureLowering, UnsupportedLowering>(ctx);
}

} // namespace masq
