//===- GenState.cpp - masks and observables -> masq dialect ---------------===//
#include "Gen.h"

using namespace mlir;
using namespace masq;
using namespace masq::gen;

/// mask(data, patches(rows, cols, size = s) | pixels(rows, cols) |
///      fixed([i, ...]), ratio = r, fill = c | param)
Result Gen::mask(const ast::Expr &e) {
  if (e.args.size() < 2 || !e.args[0].name.empty() || !e.args[1].name.empty()) {
    error(e.loc) << "mask takes the data, a pattern (patches, pixels or "
                    "fixed), then 'ratio' and 'fill'";
    return std::nullopt;
  }
  Result data = expr(*e.args[0].value);
  if (!data)
    return std::nullopt;
  if (data->kind != Val::Tensor || data->shape.size() != 1) {
    error(e.args[0].loc) << "mask needs a vector, got " << data->describe();
    return std::nullopt;
  }
  int64_t len = data->shape[0];
  const ast::Expr &pat = *e.args[1].value;
  if (pat.kind != ast::Expr::Call ||
      (pat.name != "patches" && pat.name != "pixels" && pat.name != "fixed")) {
    error(pat.loc) << "a mask pattern is patches(rows, cols, size = s), "
                      "pixels() or fixed([indices])";
    return std::nullopt;
  }
  MaskKind kind = pat.name == "patches" ? MaskKind::Patches
                  : pat.name == "pixels" ? MaskKind::Pixels
                                         : MaskKind::Fixed;
  int64_t rows = 1, cols = len, size = 1;
  double ratio = 0;
  std::vector<int64_t> indices;
  std::vector<int64_t> positional;
  for (const ast::Arg &a : pat.args) {
    if (kind == MaskKind::Fixed) {
      Result l = expr(*a.value);
      if (!l)
        return std::nullopt;
      if (l->kind != Val::List || !a.name.empty() || pat.args.size() != 1) {
        error(a.loc) << "fixed takes one list of pixel indices";
        return std::nullopt;
      }
      for (double x : l->list) {
        if (x != (int64_t)x || x < 0 || x >= len) {
          error(a.loc) << "fixed index " << x << " is out of range for "
                       << len << " values";
          return std::nullopt;
        }
        indices.push_back((int64_t)x);
      }
      continue;
    }
    if (a.name.empty()) {
      Result v = constInt(*a.value, "an image size");
      if (!v)
        return std::nullopt;
      positional.push_back(v->i);
    } else if (a.name == "size" && kind == MaskKind::Patches) {
      Result v = constInt(*a.value, "a patch size");
      if (!v)
        return std::nullopt;
      size = v->i;
    } else if (a.name == "ratio") {
      Result v = number(*a.value, "a mask ratio");
      if (!v)
        return std::nullopt;
      ratio = v->num();
    } else {
      error(a.loc) << "unknown argument '" << a.name << "' of " << pat.name;
      return std::nullopt;
    }
  }
  if (kind == MaskKind::Patches && positional.size() != 2) {
    error(pat.loc) << "patches takes the image's rows and columns";
    return std::nullopt;
  }
  if (kind == MaskKind::Pixels && positional.size() != 0 && positional.size() != 2) {
    error(pat.loc) << "pixels takes nothing or the image's rows and columns";
    return std::nullopt;
  }
  if (positional.size() == 2)
    rows = positional[0], cols = positional[1];
  if (rows < 1 || cols < 1 || rows * cols != len) {
    error(pat.loc) << "a " << rows << "x" << cols << " image has "
                   << rows * cols << " values, the data has " << len;
    return std::nullopt;
  }
  if (kind == MaskKind::Patches &&
      (size < 1 || rows % size != 0 || cols % size != 0)) {
    error(pat.loc) << "patches of side " << size << " do not tile a " << rows
                   << "x" << cols << " image";
    return std::nullopt;
  }
  int64_t patchPixels = kind == MaskKind::Patches ? size * size : 1;
  Value fill;
  double fillValue = 0;
  for (size_t k = 2; k < e.args.size(); ++k) {
    const ast::Arg &a = e.args[k];
    if (a.name == "ratio") {
      Result v = number(*a.value, "a mask ratio");
      if (!v)
        return std::nullopt;
      ratio = v->num();
    } else if (a.name == "fill") {
      Result v = expr(*a.value);
      if (!v)
        return std::nullopt;
      if (v->isConst()) {
        fillValue = v->num();
      } else if (v->kind == Val::Scalar) {
        fill = v->v;
      } else if (v->kind == Val::Tensor && v->shape.size() == 1 &&
                 v->shape[0] == patchPixels) {
        fill = v->v;
      } else {
        auto diag = error(a.loc) << "fill must be a number or a vector of one "
                                    "patch's size ("
                                 << patchPixels << " values), got "
                                 << v->describe();
        return std::nullopt;
      }
    } else {
      error(a.loc) << "mask takes 'ratio' and 'fill'"
                   << (a.name.empty() ? "" : ", not '" + a.name + "'");
      return std::nullopt;
    }
  }
  if (!(ratio >= 0 && ratio <= 1)) {
    error(e.loc) << "mask ratio " << ratio << " is not in [0, 1]";
    return std::nullopt;
  }
  Value pattern;
  if (kind != MaskKind::Fixed) {
    int64_t entries = kind == MaskKind::Patches ? (rows / size) * (cols / size)
                                                : rows * cols;
    NamedAttrList attrs;
    attrs.set(attr::kMask, b.getStringAttr("mask" + std::to_string(maskCount++)));
    pattern = addArgument(RankedTensorType::get({entries}, b.getI1Type()),
                          e.loc, attrs);
  }
  auto op = MaskOp::create(
      b, loc(e.loc), data->v.getType(), data->v, pattern, fill,
      MaskKindAttr::get(&ctx, kind), b.getI64IntegerAttr(rows),
      b.getI64IntegerAttr(cols),
      kind == MaskKind::Patches ? b.getI64IntegerAttr(size) : IntegerAttr(),
      kind == MaskKind::Fixed ? FloatAttr() : b.getF64FloatAttr(ratio),
      kind == MaskKind::Fixed ? b.getDenseI64ArrayAttr(indices)
                              : DenseI64ArrayAttr(),
      fill ? FloatAttr() : b.getF64FloatAttr(fillValue));
  Val out = *data;
  out.v = op.getResult();
  return out;
}

Result Gen::observable(const ast::Expr &e, StringRef fn) {
  Location l = loc(e.loc);
  auto f64Tensor = [&](int64_t n) {
    return RankedTensorType::get({n}, b.getF64Type());
  };
  Val out;
  out.kind = Val::Scalar;
  if (fn == "fidelity") {
    if (e.args.size() != 2 || e.args[1].value->kind != ast::Expr::Call ||
        e.args[1].value->name != "amplitude" ||
        e.args[1].value->args.size() != 1) {
      error(e.loc) << "fidelity takes a register and amplitude(data)";
      return std::nullopt;
    }
    auto q = qubits(*e.args[0].value);
    Result ref = expr(*e.args[1].value->args[0].value);
    if (!q || !ref)
      return std::nullopt;
    if (ref->kind != Val::Tensor || ref->shape.size() != 1 ||
        ref->shape[0] > (int64_t(1) << q->size())) {
      error(e.args[1].loc) << "amplitude reference " << ref->describe()
                           << " does not fit " << q->size() << " qubits";
      return std::nullopt;
    }
    out.v = FidelityOp::create(b, l, currentQubits(*q), ref->v);
    return out;
  }
  if (fn == "expval")
    return expval(e);
  if (fn == "prob") {
    const ast::Expr *cmp = e.args.size() == 1 ? e.args[0].value.get() : nullptr;
    if (!cmp || cmp->kind != ast::Expr::Eq ||
        cmp->operands[1]->kind != ast::Expr::Int || cmp->operands[1]->ival != 0) {
      error(e.loc) << "prob takes (qubits == 0)";
      return std::nullopt;
    }
    auto q = qubits(*cmp->operands[0]);
    if (!q)
      return std::nullopt;
    out.v = ProbZeroOp::create(b, l, currentQubits(*q));
    return out;
  }
  // probabilities(register)
  if (e.args.size() != 1) {
    error(e.loc) << "probabilities takes one register";
    return std::nullopt;
  }
  auto q = qubits(*e.args[0].value);
  if (!q)
    return std::nullopt;
  if (q->size() > 24) {
    error(e.loc) << "probabilities of more than 24 qubits is too large a vector";
    return std::nullopt;
  }
  out.kind = Val::Tensor;
  out.shape = {int64_t(1) << q->size()};
  out.v = ProbabilitiesOp::create(b, l, f64Tensor(out.shape[0]), currentQubits(*q));
  return out;
}
