//===- StateToLLVM.cpp - masq.sv.* -> calls of the compiled-code ABI ------===//
//
// Each state-level op becomes one call of a function of the runtime's
// compiled-code ABI (Compiled.h, by name only), chosen at compile time from the
// op and its gate (masq_rtc_ry, masq_rtc_ry_back, ...). Qubit lists become
// constant i32 arrays; the model description becomes the string
// masq_model_info. The remaining arith/math/scf/func code is lowered by the
// upstream conversions (see buildLoweringPipeline in Pipeline.cpp).
//
//===----------------------------------------------------------------------===//
#include "masq/Core/Channels.h"
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "MarkRuns.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cstring>
#include <optional>

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_STATETOLLVM
#include "masq/Passes/Passes.h.inc"
namespace {

/// Declarations and constant arrays shared by the patterns.
class Runtime {
public:
  Runtime(ModuleOp module, bool single) : module(module), single(single) {}

  /// Whether the states are complex64 (precision=single).
  bool singlePrecision() const { return single; }

  /// Each fused block's place in its run (masq_rtc_block_run: 1 first,
  /// 2 middle, 3 last, 4 last of a backward run after which nothing reads
  /// psi or lam; absent: alone), found by markRuns.
  llvm::DenseMap<Operation *, int32_t> runs;
  /// Zeroings of lam that the seed starting a backward run does itself
  /// (markRuns): lowered to nothing.
  llvm::DenseSet<Operation *> foldedZeros;

  Value call(OpBuilder &b, Location loc, StringRef abiName, Type result,
             ArrayRef<Value> args) {
    MLIRContext *ctx = b.getContext();
    // A function that takes a state has a complex64 twin; zero, mask and
    // mask_back take none.
    std::string name = abiName.str();
    if (single && name != "masq_rtc_zero" && name != "masq_rtc_mask" &&
        name != "masq_rtc_mask_back")
      name = "masq_rtc_f32_" + name.substr(std::strlen("masq_rtc_"));
    auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(name);
    if (!fn) {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(module.getBody());
      SmallVector<Type> types;
      for (Value a : args)
        types.push_back(a.getType());
      auto fty = LLVM::LLVMFunctionType::get(result ? result : LLVM::LLVMVoidType::get(ctx),
                                             types);
      fn = LLVM::LLVMFuncOp::create(b, loc, name, fty);
      fn.setLinkage(LLVM::Linkage::External);
    }
    auto c = LLVM::CallOp::create(b, loc, fn, ValueRange(args));
    return result ? c.getResult() : Value();
  }

  Value i32(OpBuilder &b, Location loc, int64_t v) {
    return LLVM::ConstantOp::create(b, loc, b.getI32Type(), b.getI32IntegerAttr(v));
  }
  Value i64(OpBuilder &b, Location loc, int64_t v) {
    return LLVM::ConstantOp::create(b, loc, b.getI64Type(), b.getI64IntegerAttr(v));
  }
  Value f64(OpBuilder &b, Location loc, double v) {
    return LLVM::ConstantOp::create(b, loc, b.getF64Type(), b.getF64FloatAttr(v));
  }
  /// The one-sample function, or its lane variant with the lane appended.
  Value callLane(OpBuilder &b, Location loc, std::string name, Type result,
                 SmallVector<Value> args, std::optional<uint32_t> lane) {
    if (lane) {
      name += "_lane";
      args.push_back(i32(b, loc, *lane));
    }
    return call(b, loc, name, result, args);
  }
  Value null(OpBuilder &b, Location loc) {
    return LLVM::ZeroOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()));
  }

  /// Address of a constant i32 array (deduplicated by content).
  Value array(OpBuilder &b, Location loc, ArrayRef<int32_t> values) {
    if (values.empty())
      return null(b, loc);
    std::vector<int32_t> key(values.begin(), values.end());
    auto it = arrays.find(key);
    LLVM::GlobalOp global;
    if (it != arrays.end()) {
      global = it->second;
    } else {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(module.getBody());
      auto ty = LLVM::LLVMArrayType::get(b.getI32Type(), values.size());
      std::string name = "masq_qubits_" + std::to_string(arrays.size());
      global = LLVM::GlobalOp::create(
          b, loc, ty, /*isConstant=*/true, LLVM::Linkage::Private, name,
          DenseElementsAttr::get(
              RankedTensorType::get({int64_t(values.size())}, b.getI32Type()),
              values));
      arrays[key] = global;
    }
    return LLVM::AddressOfOp::create(b, loc, global);
  }

private:
  ModuleOp module;
  bool single;
  std::map<std::vector<int32_t>, LLVM::GlobalOp> arrays;
};

template <typename Op>
struct SvPattern : public OpConversionPattern<Op> {
  SvPattern(MLIRContext *ctx, Runtime &rt) : OpConversionPattern<Op>(ctx), rt(rt) {}
  Runtime &rt;
};

struct InitLowering : SvPattern<SvInitOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvInitOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.call(r, l,
            op.getPaired()        ? "masq_rtc_init_pair"
            : rt.runs.lookup(op) ? "masq_rtc_init_run"
                                 : "masq_rtc_init",
            {}, {a.getPsi(), rt.i32(r, l, op.getNq())});
    r.eraseOp(op);
    return success();
  }
};

struct ZeroLowering : SvPattern<SvZeroOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvZeroOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    if (!rt.foldedZeros.contains(op))
      rt.call(r, l, "masq_rtc_zero", {}, {a.getBuf(), rt.i64(r, l, op.getCount())});
    r.eraseOp(op);
    return success();
  }
};

struct GateLowering : SvPattern<SvGateOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvGateOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    SmallVector<Value> args{a.getPsi(), rt.i32(r, l, op.getNq())};
    for (int32_t q : op.getQubits())
      args.push_back(rt.i32(r, l, q));
    llvm::append_range(args, a.getAngles());
    rt.call(r, l, ("masq_rtc_" + op.getGate()).str(), {}, args);
    r.eraseOp(op);
    return success();
  }
};

struct GateBackLowering : SvPattern<SvGateBackOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvGateBackOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    SmallVector<Value> args{a.getPsi(), a.getLam(), rt.i32(r, l, op.getNq())};
    for (int32_t q : op.getQubits())
      args.push_back(rt.i32(r, l, q));
    llvm::append_range(args, a.getAngles());
    std::string name = ("masq_rtc_" + op.getGate() + "_back").str();
    size_t numAngles = a.getAngles().size();
    if (numAngles == 0) {
      rt.call(r, l, name, {}, args);
      r.eraseOp(op);
      return success();
    }
    if (numAngles == 1) {
      Value d = rt.call(r, l, name, r.getF64Type(), args);
      if (op.getDerivs())
        r.replaceOp(op, d);
      else
        r.eraseOp(op);
      return success();
    }
    // u3: three derivatives through a stack slot.
    auto ptrTy = LLVM::LLVMPointerType::get(r.getContext());
    Value slot = LLVM::AllocaOp::create(r, l, ptrTy, r.getF64Type(),
                                        rt.i32(r, l, int(numAngles)));
    args.push_back(slot);
    rt.call(r, l, name, {}, args);
    SmallVector<Value> ds;
    for (size_t i = 0; i < numAngles; ++i) {
      Value p = LLVM::GEPOp::create(r, l, ptrTy, r.getF64Type(), slot,
                                    ArrayRef<LLVM::GEPArg>{LLVM::GEPArg(int32_t(i))});
      ds.push_back(LLVM::LoadOp::create(r, l, r.getF64Type(), p));
    }
    if (op.getDerivs())
      r.replaceOp(op, ds);
    else
      r.eraseOp(op);
    return success();
  }
};

/// The arguments a block's ABI functions share after psi (and lam): n, the
/// block qubits, k, the gate descriptor (kind, local a, local b per gate),
/// the number of gates and the angles (a stack array).
template <typename Op>
SmallVector<Value> blockArgs(Runtime &rt, ConversionPatternRewriter &r, Location l, Op op,
                             ValueRange angles) {
  ArrayRef<int32_t> qs = op.getQubits(), gq = op.getGateQubits();
  auto local = [&](int32_t q) {
    return q < 0 ? -1 : int32_t(llvm::find(qs, q) - qs.begin());
  };
  SmallVector<int32_t> desc;
  for (auto [i, g] : llvm::enumerate(op.getGates())) {
    gates::Kind kind = gates::Kind::X; // names were checked by the verifier
    gates::lookup(cast<StringAttr>(g).getValue().str(), kind);
    desc.append({int32_t(kind), local(gq[2 * i]), local(gq[2 * i + 1])});
  }
  auto ptrTy = LLVM::LLVMPointerType::get(r.getContext());
  Value slot = rt.null(r, l);
  if (!angles.empty()) {
    slot = LLVM::AllocaOp::create(r, l, ptrTy, r.getF64Type(),
                                  rt.i32(r, l, int(angles.size())));
    for (auto [i, a] : llvm::enumerate(angles)) {
      Value p = LLVM::GEPOp::create(r, l, ptrTy, r.getF64Type(), slot,
                                    ArrayRef<LLVM::GEPArg>{LLVM::GEPArg(int32_t(i))});
      LLVM::StoreOp::create(r, l, a, p);
    }
  }
  return {rt.i32(r, l, op.getNq()), rt.array(r, l, qs), rt.i32(r, l, qs.size()),
          rt.array(r, l, desc), rt.i32(r, l, op.getGates().size()), slot};
}

struct BlockLowering : SvPattern<SvBlockOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvBlockOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    SmallVector<Value> args{a.getPsi()};
    llvm::append_range(args, blockArgs(rt, r, op.getLoc(), op, a.getAngles()));
    if (int32_t run = rt.runs.lookup(op)) {
      args.push_back(rt.i32(r, op.getLoc(), run));
      rt.call(r, op.getLoc(), "masq_rtc_block_run", {}, args);
      r.eraseOp(op);
      return success();
    }
    rt.call(r, op.getLoc(), "masq_rtc_block", {}, args);
    r.eraseOp(op);
    return success();
  }
};

struct BlockBackLowering : SvPattern<SvBlockBackOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvBlockBackOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    SmallVector<Value> args{a.getPsi(), a.getLam()};
    llvm::append_range(args, blockArgs(rt, r, l, op, a.getAngles()));
    auto ptrTy = LLVM::LLVMPointerType::get(r.getContext());
    size_t numAngles = a.getAngles().size();
    Value d = rt.null(r, l);
    if (op.getDerivs())
      d = LLVM::AllocaOp::create(r, l, ptrTy, r.getF64Type(), rt.i32(r, l, int(numAngles)));
    args.push_back(d);
    if (int32_t run = rt.runs.lookup(op)) {
      args.push_back(rt.i32(r, l, run));
      rt.call(r, l, "masq_rtc_block_back_run", {}, args);
    } else {
      rt.call(r, l, "masq_rtc_block_back", {}, args);
    }
    if (!op.getDerivs()) {
      r.eraseOp(op);
      return success();
    }
    SmallVector<Value> ds;
    for (size_t i = 0; i < numAngles; ++i) {
      Value p = LLVM::GEPOp::create(r, l, ptrTy, r.getF64Type(), d,
                                    ArrayRef<LLVM::GEPArg>{LLVM::GEPArg(int32_t(i))});
      ds.push_back(LLVM::LoadOp::create(r, l, r.getF64Type(), p));
    }
    r.replaceOp(op, ds);
    return success();
  }
};

struct EncodeAmplitudeLowering : SvPattern<SvEncodeAmplitudeOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvEncodeAmplitudeOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.callLane(r, l, "masq_rtc_encode_amplitude", {},
                {a.getPsi(), rt.i32(r, l, op.getNq()), rt.array(r, l, op.getQubits()),
                 rt.i32(r, l, op.getQubits().size()), a.getX(),
                 rt.i32(r, l, op.getLength())}, op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct EncodeAmplitudeBackLowering : SvPattern<SvEncodeAmplitudeBackOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvEncodeAmplitudeBackOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.callLane(r, l, "masq_rtc_encode_amplitude_back", {},
                {a.getPsi(), a.getLam(), rt.i32(r, l, op.getNq()),
                 rt.array(r, l, op.getQubits()), rt.i32(r, l, op.getQubits().size()),
                 a.getX(), rt.i32(r, l, op.getLength()), a.getGx()}, op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct EncodeAngleLowering : SvPattern<SvEncodeAngleOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvEncodeAngleOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    SmallVector<Value> args = {a.getPsi(), rt.i32(r, l, op.getNq()),
                               rt.array(r, l, op.getQubits()),
                               rt.i32(r, l, op.getQubits().size()), a.getX(),
                               rt.i32(r, l, op.getAxis()),
                               rt.f64(r, l, op.getScale().convertToDouble())};
    if (std::optional<int64_t> base = op.getPsBase()) {
      // The shifted angles of a parameter-shift sweep (one sample: no lane).
      if (op.getLane())
        return op.emitError("a shifted angle encoding has no paired-sample form");
      args.push_back(rt.i64(r, l, *base));
      rt.call(r, l, "masq_rtc_encode_angle_ps", {}, args);
    } else {
      rt.callLane(r, l, "masq_rtc_encode_angle", {}, args, op.getLane());
    }
    r.eraseOp(op);
    return success();
  }
};

/// masq_rtc_channel(psi, nq, qubits, k, kind, p): one trajectory step.
struct ChannelLowering : SvPattern<SvChannelOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvChannelOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    channels::Kind kind;
    if (!channels::lookup(op.getKind().str(), kind))
      return op.emitError("unknown channel '") << op.getKind() << "'";
    if (rt.singlePrecision())
      return op.emitError("noise channels are simulated in double precision: "
                          "compile this model without --precision single");
    rt.call(r, l, "masq_rtc_channel", {},
            {a.getPsi(), rt.i32(r, l, op.getNq()), rt.array(r, l, op.getQubits()),
             rt.i32(r, l, op.getQubits().size()), rt.i32(r, l, int32_t(kind)),
             rt.f64(r, l, op.getP().convertToDouble())});
    r.eraseOp(op);
    return success();
  }
};

struct EncodeAngleBackLowering : SvPattern<SvEncodeAngleBackOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvEncodeAngleBackOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.callLane(r, l, "masq_rtc_encode_angle_back", {},
                {a.getPsi(), a.getLam(), rt.i32(r, l, op.getNq()),
                 rt.array(r, l, op.getQubits()), rt.i32(r, l, op.getQubits().size()),
                 a.getX(), rt.i32(r, l, op.getAxis()),
                 rt.f64(r, l, op.getScale().convertToDouble()), a.getGx()}, op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct MaskLowering : SvPattern<SvMaskOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvMaskOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    Value pattern = a.getPattern() ? a.getPattern() : rt.null(r, l);
    Value fill = a.getFill() ? a.getFill() : rt.null(r, l);
    rt.call(r, l, "masq_rtc_mask", {},
            {a.getX(), rt.i32(r, l, op.getLength()), pattern, rt.i32(r, l, op.getKind()),
             rt.i32(r, l, op.getRows()), rt.i32(r, l, op.getCols()),
             rt.i32(r, l, op.getSize()), rt.array(r, l, op.getIndices()),
             rt.i32(r, l, op.getIndices().size()), fill, rt.i32(r, l, op.getFillLen()),
             rt.f64(r, l, op.getFillValue().convertToDouble()), a.getOut()});
    r.eraseOp(op);
    return success();
  }
};

struct MaskBackLowering : SvPattern<SvMaskBackOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvMaskBackOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    Value pattern = a.getPattern() ? a.getPattern() : rt.null(r, l);
    rt.call(r, l, "masq_rtc_mask_back", {},
            {a.getX(), rt.i32(r, l, op.getLength()), pattern, rt.i32(r, l, op.getKind()),
             rt.i32(r, l, op.getRows()), rt.i32(r, l, op.getCols()),
             rt.i32(r, l, op.getSize()), rt.array(r, l, op.getIndices()),
             rt.i32(r, l, op.getIndices().size()), rt.i32(r, l, op.getFillLen()),
             a.getGout(), a.getGx() ? a.getGx() : rt.null(r, l),
             a.getGfill() ? a.getGfill() : rt.null(r, l)});
    r.eraseOp(op);
    return success();
  }
};

struct FidelityRefBackLowering : SvPattern<SvFidelityRefBackOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvFidelityRefBackOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.callLane(r, l, "masq_rtc_fidelity_ref_back", {},
                {a.getPsi(), rt.i32(r, l, op.getNq()), rt.array(r, l, op.getQubits()),
                 rt.i32(r, l, op.getQubits().size()), a.getRef(),
                 rt.i32(r, l, op.getLength()), a.getG(), a.getGref()},
                op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct ObserveLowering : SvPattern<SvObserveOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvObserveOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    SmallVector<Value> args{a.getPsi(), rt.i32(r, l, op.getNq()),
                            rt.array(r, l, op.getQubits()),
                            rt.i32(r, l, op.getQubits().size())};
    StringRef obs = op.getObs();
    std::string name = obs == "expval" ? "masq_rtc_expval_z" : ("masq_rtc_" + obs).str();
    if (int32_t run = rt.runs.lookup(op)) { // the last step of a forward run (markRuns)
      name += "_run";
      args.push_back(rt.i32(r, l, run));
    }
    if (obs == "fidelity") {
      args.push_back(a.getRef());
      args.push_back(rt.i32(r, l, op.getLength()));
    } else if (obs == "fidelity_state") {
      args.push_back(a.getRef());
    }
    r.replaceOp(op, rt.callLane(r, l, name, r.getF64Type(), args, op.getLane()));
    return success();
  }
};

struct SeedLowering : SvPattern<SvSeedOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvSeedOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    SmallVector<Value> args{a.getPsi(), a.getLam(), rt.i32(r, l, op.getNq()),
                            rt.array(r, l, op.getQubits()),
                            rt.i32(r, l, op.getQubits().size())};
    StringRef obs = op.getObs();
    std::string name = obs == "expval" ? "masq_rtc_seed_expval_z"
                                       : ("masq_rtc_seed_" + obs).str();
    if (rt.runs.lookup(op))
      name += "_run"; // the first step of a backward run (markRuns)
    if (obs == "fidelity") {
      args.push_back(a.getRef());
      args.push_back(rt.i32(r, l, op.getLength()));
    }
    args.push_back(a.getG());
    rt.callLane(r, l, name, {}, args, op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct SeedFidelityStateLowering : SvPattern<SvSeedFidelityStateOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvSeedFidelityStateOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.callLane(r, l, "masq_rtc_seed_fidelity_state", {},
                {a.getPsi(), a.getLam(), rt.i32(r, l, op.getNq()),
                 rt.array(r, l, op.getQubits()), rt.i32(r, l, op.getQubits().size()),
                 a.getPhi(), a.getLamPhi(), a.getG()},
                op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct ProbabilitiesLowering : SvPattern<SvProbabilitiesOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvProbabilitiesOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.callLane(r, l, "masq_rtc_probabilities", {},
                {a.getPsi(), rt.i32(r, l, op.getNq()), rt.array(r, l, op.getQubits()),
                 rt.i32(r, l, op.getQubits().size()), a.getOut()}, op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct SeedProbabilitiesLowering : SvPattern<SvSeedProbabilitiesOp> {
  using SvPattern::SvPattern;
  LogicalResult matchAndRewrite(SvSeedProbabilitiesOp op, OpAdaptor a,
                                ConversionPatternRewriter &r) const override {
    Location l = op.getLoc();
    rt.callLane(r, l, "masq_rtc_seed_probabilities", {},
                {a.getPsi(), a.getLam(), rt.i32(r, l, op.getNq()),
                 rt.array(r, l, op.getQubits()), rt.i32(r, l, op.getQubits().size()),
                 a.getG()}, op.getLane());
    r.eraseOp(op);
    return success();
  }
};

struct StateToLLVMPass : impl::StateToLLVMBase<StateToLLVMPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    ModelInfoAttr info = ModelInfoAttr::of(module);
    Runtime rt(module, info && info.getStateDoubles() == 1);
    markRuns(module, rt.singlePrecision(), rt.runs, rt.foldedZeros);
    ConversionTarget target(*ctx);
    target.addLegalDialect<LLVM::LLVMDialect, arith::ArithDialect, math::MathDialect,
                           scf::SCFDialect, func::FuncDialect>();
    target.addIllegalDialect<MasqDialect>();
    RewritePatternSet patterns(ctx);
    patterns.add<InitLowering, ZeroLowering, GateLowering, GateBackLowering,
                 BlockLowering, BlockBackLowering,
                 EncodeAmplitudeLowering, EncodeAmplitudeBackLowering,
                 EncodeAngleLowering, EncodeAngleBackLowering, MaskLowering,
                 MaskBackLowering, FidelityRefBackLowering, ObserveLowering, SeedLowering, SeedFidelityStateLowering,
                 ProbabilitiesLowering, SeedProbabilitiesLowering, ChannelLowering>(ctx, rt);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    // The model description, as a NUL-terminated string.
    if (info) {
      OpBuilder b(ctx);
      b.setInsertionPointToStart(module.getBody());
      std::string text = toJson(toCore(info));
      text.push_back('\0');
      auto ty = LLVM::LLVMArrayType::get(b.getI8Type(), text.size());
      LLVM::GlobalOp::create(b, module.getLoc(), ty, /*isConstant=*/true,
                             LLVM::Linkage::External, sym::kInfo,
                             b.getStringAttr(text));
    }
  }
};

} // namespace

} // namespace masq
