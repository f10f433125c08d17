//===- MaskElimination.cpp - masks that hide nothing ----------------------===//
//
// masq-eliminate-masks: a patch or pixel mask whose ratio is 0 (evaluation
// with `--set ratio=0`) and a fixed mask with no index hide nothing, so the
// encoder reads the input itself: no masked copy is made at run time, and the
// per-sample pattern, still drawn by the trainer (all zeros), is read by
// nobody.
//
// A fixed mask read only by angle encoders is folded into them: each run of
// visible features is encoded straight from the input (a slice of it, no
// copy), and a hidden feature's qubit gets the rotation its fill would have
// given: none for a zero fill (the qubit stays |0>, which the basis-state
// pass then uses), a constant rotation for a constant fill, a rotation by
// the learnable token for a token fill (differentiated like any gate, and
// merged with a following rotation of the same axis by canonicalisation),
// placed at the qubit's first use.
// Amplitude encoding needs the whole masked vector (its norm), so a mask
// read by one keeps its copy.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_MASKELIMINATION
#include "masq/Passes/Passes.h.inc"
namespace {

bool hidesNothing(MaskOp mask) {
  if (mask.getKind() == MaskKind::Fixed)
    return !mask.getIndicesAttr() || mask.getIndicesAttr().empty();
  return mask.getHiddenRatio() == 0.0;
}

/// Folds a fixed mask into the angle encoders that read it (file comment).
/// False, changing nothing, when the mask does not qualify.
bool foldIntoAngleEncoders(MaskOp mask) {
  auto idx = mask.getIndicesAttr();
  auto type = dyn_cast<RankedTensorType>(mask.getType());
  if (mask.getKind() != MaskKind::Fixed || !idx || idx.empty() || !type ||
      type.getRank() != 1 || mask.getResult().use_empty())
    return false;
  // The input itself (an argument), not something computed or trained.
  if (!isa<BlockArgument>(mask.getData()))
    return false;
  for (Operation *user : mask.getResult().getUsers())
    if (!isa<EncodeAngleOp>(user))
      return false;
  Value fill = mask.getFill();
  if (fill)
    if (auto ft = dyn_cast<RankedTensorType>(fill.getType()))
      if (ft.getRank() != 1 || ft.getDimSize(0) != 1)
        return false;
  const int64_t n = type.getDimSize(0);
  std::vector<bool> hidden(size_t(n), false);
  for (int64_t i : idx.asArrayRef()) {
    if (i < 0 || i >= n)
      return false;
    hidden[size_t(i)] = true;
  }
  SmallVector<EncodeAngleOp> encoders;
  for (Operation *user : mask.getResult().getUsers())
    encoders.push_back(cast<EncodeAngleOp>(user));
  for (EncodeAngleOp enc : encoders) {
    OpBuilder b(enc);
    const Location loc = enc.getLoc();
    const gates::Kind rot = enc.getAxis() == Axis::X   ? gates::Kind::RX
                            : enc.getAxis() == Axis::Y ? gates::Kind::RY
                                                       : gates::Kind::RZ;
    const double scale = enc.getScale().convertToDouble();
    SmallVector<Value> outs(static_cast<size_t>(n), Value());
    for (int64_t i = 0; i < n;) {
      if (!hidden[size_t(i)]) { // a run of visible features: encode a slice
        int64_t j = i;
        while (j < n && !hidden[size_t(j)])
          ++j;
        SmallVector<OpFoldResult> off{b.getIndexAttr(i)}, len{b.getIndexAttr(j - i)},
            one{b.getIndexAttr(1)};
        Value part = tensor::ExtractSliceOp::create(b, loc, mask.getData(), off, len, one);
        auto e = EncodeAngleOp::create(b, loc, part, enc.getIn().slice(i, j - i),
                                       enc.getAxisAttr(), enc.getScaleAttr());
        for (int64_t k = i; k < j; ++k)
          outs[size_t(k)] = e.getOut()[k - i];
        i = j;
        continue;
      }
      // The rotation goes just before the qubit's first use, after the
      // model's encoders (the compiled gradient wants encoders first).
      Value q = enc.getIn()[i];
      Value result = enc.getOut()[i];
      if (result.use_empty()) {
        outs[size_t(i++)] = q;
        continue;
      }
      // The earliest user in the block (an observable may read the qubit
      // before the gate that consumes it), so the rotation dominates all.
      Operation *first = *result.getUsers().begin();
      for (Operation *user : result.getUsers())
        if (user->isBeforeInBlock(first))
          first = user;
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(first);
      Value angle;
      if (fill) {
        Value f = fill;
        if (isa<RankedTensorType>(fill.getType())) {
          Value zero = arith::ConstantIndexOp::create(b, loc, 0);
          f = tensor::ExtractOp::create(b, loc, fill, ValueRange{zero});
        }
        Value s = arith::ConstantOp::create(b, loc, b.getF64FloatAttr(scale));
        angle = arith::MulFOp::create(b, loc, s, f);
      } else if (mask.getFillConstant() * scale != 0.0) {
        angle = arith::ConstantOp::create(b, loc,
                                          b.getF64FloatAttr(mask.getFillConstant() * scale));
      }
      outs[size_t(i)] = angle ? createGate(b, loc, rot, angle, q)->getResult(0) : q;
      ++i;
    }
    enc.replaceAllUsesWith(outs);
    enc.erase();
  }
  mask.erase();
  return true;
}

struct MaskEliminationPass : impl::MaskEliminationBase<MaskEliminationPass> {
  void runOnOperation() override {
    SmallVector<MaskOp> gone;
    getOperation().walk([&](MaskOp mask) {
      if (hidesNothing(mask))
        gone.push_back(mask);
    });
    for (MaskOp mask : gone) {
      mask.getResult().replaceAllUsesWith(mask.getData());
      mask.erase();
    }
    SmallVector<MaskOp> fixed;
    getOperation().walk([&](MaskOp mask) { fixed.push_back(mask); });
    for (MaskOp mask : fixed)
      foldIntoAngleEncoders(mask);
  }
};

} // namespace

} // namespace masq
