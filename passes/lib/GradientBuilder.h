//===- GradientBuilder.h - builds a model's reverse function -----*- C++ -*-===//
//
// The builder of masq-generate-gradient (GenerateGradient.cpp has the
// pass, the activity analysis and the pruning; GradientReverse.cpp the
// reverse step of every op). Private to passes/lib.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_GRADIENTBUILDER_H
#define MASQ_PASSES_GRADIENTBUILDER_H

#include "masq/Dialect/MasqDialect.h"
#include "PassDetail.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

#include <optional>

namespace masq {
namespace grad {
using namespace mlir;


struct Addr {
  Value base;
  int64_t offset = 0;
  bool known = false;
};

/// Base argument and constant offset of a pointer built by constant GEPs.
Addr addrOf(Value p);
/// The base argument of a pointer, through GEPs of any index.
Value baseOf(Value p);

/// A loop `for i in 0..len: dst[i] = src[i]` (how masq-lower-to-state
/// writes a vector output into the values buffer).
struct CopyLoop {
  Addr dst, src;
  int64_t len = 0;
};
std::optional<CopyLoop> copyLoop(scf::ForOp loop);

class GradientBuilder {
public:
  /// The reverse function `name` of `sample`, whose scratch (and gscratch)
  /// holds scratchLen doubles.
  /// With `vjp`, the vector-Jacobian product of every value instead.
  /// With `ps`, the parameter-shift form (below) instead of the adjoint sweep;
  /// its vector-Jacobian product differentiates the inputs unless
  /// `psParamsOnly`.
  GradientBuilder(ModuleOp module, func::FuncOp sample, StringRef name, int64_t scratchLen,
                  bool vjp = false, bool ps = false, bool psParamsOnly = false)
      : module(module), sample(sample), name(name), scratchLen(scratchLen), vjp(vjp), ps(ps),
        psParamsOnly(psParamsOnly), b(module.getContext()) {}
  LogicalResult run();
  func::FuncOp result() { return grad; }

private:
  Type f64() { return b.getF64Type(); }
  Type ptrTy() { return LLVM::LLVMPointerType::get(b.getContext()); }
  Value at(Location loc, Value base, int64_t off) {
    return detail::offsetPtr(b, loc, base, off);
  }
  Value cst(Location loc, double x) {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(x));
  }
  void addAdj(Location loc, Value v, Value g) {
    auto it = adj.find(v);
    if (it == adj.end())
      adj[v] = g;
    else
      it->second = arith::AddFOp::create(b, loc, it->second, g);
  }
  /// mem[addr] += g
  void accumulate(Location loc, Value ptr, Value g) {
    Value old = LLVM::LoadOp::create(b, loc, f64(), ptr);
    LLVM::StoreOp::create(b, loc, arith::AddFOp::create(b, loc, old, g), ptr);
  }
  bool isTheta(const Addr &a) { return a.known && a.base == theta; }
  /// A model input (not a mask pattern) of the sample, in vjp mode.
  bool isInput(const Addr &a) { return vjp && a.known && a.base == inputs && a.offset < dataLen; }
  bool isValue(const Addr &a) { return a.known && a.base == values; }
  /// The adjoint buffer of data at `a` read `len` doubles long, or null when
  /// nothing is differentiated there: gtheta, ginputs, or gscratch for an
  /// active scratch region (marked as touched).
  Value gradOf(Location loc, const Addr &a, int64_t len) {
    if (isTheta(a))
      return at(loc, gtheta, a.offset);
    if (isInput(a))
      return at(loc, ginputs, a.offset);
    if (isScratch(a) && regionActive(a.offset, len)) {
      touch(a.offset, len);
      return at(loc, gscratch, a.offset);
    }
    return {};
  }
  /// Whether data at `a`, `len` doubles long, is differentiated.
  bool dataActive(const Addr &a, int64_t len) {
    return isTheta(a) || isInput(a) || (isScratch(a) && regionActive(a.offset, len));
  }
  bool isScratch(const Addr &a) { return a.known && a.base == scratch; }
  bool regionActive(int64_t off, int64_t len) {
    for (auto [lo, n] : activeRegions)
      if (off < lo + n && lo < off + len)
        return true;
    return false;
  }
  /// Fails (with the error at `reader`) when [off, off + len) of scratch
  /// was written by a loop the gradient cannot go through.
  LogicalResult checkNotOpaque(Operation *reader, int64_t off, int64_t len) {
    for (auto [lo, n, loop] : opaqueRegions)
      if (off < lo + n && lo < off + len) {
        InFlightDiagnostic d = loop->emitError()
                               << (vjp ? "the vector-Jacobian product" : "the gradient")
                               << " cannot be compiled through element-wise arithmetic on "
                                  "more than 4096 values that depend on parameters"
                               << (vjp ? " or inputs" : "");
        d.attachNote(reader->getLoc()) << "read here";
        return failure();
      }
    return success();
  }
  void touch(int64_t off, int64_t len) {
    for (int64_t i = 0; i < len; ++i)
      touched.insert(off + i);
  }
  bool regionTouched(int64_t off, int64_t len) {
    for (int64_t t : touched)
      if (t >= off && t < off + len)
        return true;
    return false;
  }
  /// The adjoint buffer of a state: lam for psi; gscratch at the same offset
  /// for a state kept in scratch (masq-eliminate-decoder's reference).
  Value lamOf(Location loc, Value state) {
    if (state == psi)
      return lam;
    Value &l = stateAdjoint[state]; // made at its first use (the seed)
    Addr a = addrOf(state);
    if (!l && isScratch(a))
      l = at(loc, gscratch, a.offset);
    return l;
  }
  void pruneToLoss(SmallVectorImpl<Operation *> &ops);
  LogicalResult forwardActivity(ArrayRef<Operation *> ops);
  LogicalResult loopActivity(scf::ForOp loop);
  LogicalResult reverse(Operation *op);
  void reverseStore(LLVM::StoreOp st);
  void reverseLoad(LLVM::LoadOp load);
  LogicalResult reverseObserve(SvObserveOp obs);
  void reverseProbabilities(SvProbabilitiesOp probs);
  template <class Op, class MakeBack>
  LogicalResult reverseUnitary(Op op, const char *what, MakeBack makeBack);
  void reverseData(Operation *op);
  void reverseCopy(scf::ForOp loop);
  LogicalResult reverseArith(Operation *op);

  // The parameter-shift form (GradientShift.cpp). The forward body is run
  // as it is, except that every angle that depends on parameters reads
  // angle + masq_rtc_ps_shift(k), k numbering those angle occurrences; the
  // reverse runs only when masq_rtc_ps_reverse() says so (not in the
  // shifted runs) and touches no state: an observable's adjoint goes to the
  // runtime (masq_rtc_ps_seed, with the observable's position), and the
  // adjoint of angle occurrence k is what the runtime's shifted runs give
  // (masq_rtc_ps_angle(k, gate kind)), from which the angle arithmetic's
  // reverse carries it to the parameters. An angle encoder of data that is
  // differentiated (inputs, in the vector-Jacobian product) gets `ps_base`:
  // its angles are occurrences too, and d loss / d x[i] is scale times the
  // derivative of occurrence ps_base + i. masq/Runtime/ParamShift.h.
  LogicalResult insertShifts(ArrayRef<Operation *> ops);
  LogicalResult reverseShifted(Operation *op);
  Value callRuntime(Location loc, StringRef fn, TypeRange results, ValueRange args);
  struct Occurrence {
    unsigned angle;  // index among the op's angles
    Value original;  // the angle before the shift was added
    int64_t index;   // k
    int32_t kind;    // gates::Kind, whose shift rule applies
  };
  DenseMap<Operation *, SmallVector<Occurrence>> occurrences;
  DenseMap<Operation *, int64_t> observableIndex;

  ModuleOp module;
  func::FuncOp sample, grad;
  StringRef name;
  int64_t scratchLen;
  bool vjp;
  bool ps;
  bool psParamsOnly;
  int64_t dataLen = 0; // doubles of model inputs per sample (before masks)
  OpBuilder b;
  Value psi, theta, inputs, values, scratch, lam, gtheta, gscratch, gvalues, ginputs;
  DenseSet<Value> active;
  DenseMap<Value, Value> adj;
  DenseMap<Value, Value> stateAdjoint; // state in scratch -> its adjoint
  SmallVector<std::pair<int64_t, int64_t>> activeRegions; // scratch
  // Scratch written by loops over parameter-dependent values: no adjoint.
  SmallVector<std::tuple<int64_t, int64_t, Operation *>> opaqueRegions;
  DenseSet<int64_t> touched;                              // gscratch offsets
};

} // namespace grad
} // namespace masq

#endif // MASQ_PASSES_GRADIENTBUILDER_H
