//===- MasqDialect.cpp - dialect registration, types, attributes ----------===//
#include "masq/Dialect/MasqDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace masq;

#include "masq/Dialect/MasqDialect.cpp.inc"
#include "masq/Dialect/MasqEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "masq/Dialect/MasqTypes.cpp.inc"
namespace masq::detail {
// Field parsers of the #masq.model_info parameters (MasqAttrs.td).
FailureOr<APFloat> parseF64(AsmParser &parser) {
  double v = 0;
  if (parser.parseFloat(v))
    return failure();
  return APFloat(v);
}
FailureOr<bool> parseBool(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (parser.parseKeyword("false"))
    return failure();
  return false;
}
template <typename T> FailureOr<SmallVector<T>> parseList(AsmParser &parser) {
  SmallVector<T> out;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&]() -> ParseResult {
        FailureOr<T> e = FieldParser<T>::parse(parser);
        if (failed(e))
          return failure();
        out.push_back(*e);
        return success();
      }))
    return failure();
  return out;
}
} // namespace masq::detail

#define GET_ATTRDEF_CLASSES
#include "masq/Dialect/MasqAttrs.cpp.inc"

//===----------------------------------------------------------------------===//
// #masq.model_info
//===----------------------------------------------------------------------===//

int64_t SlotAttr::getSize() const {
  int64_t n = 1;
  for (int64_t d : getShape())
    n *= d;
  return n;
}

namespace {
template <typename Range, typename F> int64_t total(Range r, F slotOf) {
  int64_t n = 0;
  for (auto e : r)
    n += slotOf(e).getSize();
  return n;
}
SlotAttr self(SlotAttr s) { return s; }
SlotAttr slotOfParam(ParamAttr p) { return p.getSlot(); }
SlotAttr slotOfMask(MaskAttr m) { return m.getSlot(); }
} // namespace

int64_t ModelInfoAttr::getNumParams() const { return total(getParams(), slotOfParam); }
int64_t ModelInfoAttr::getInputSize() const {
  return total(getInputs(), self) + total(getMasks(), slotOfMask);
}
int64_t ModelInfoAttr::getNumValues() const {
  return (getHasLoss() ? 1 : 0) + total(getOutputs(), self);
}

ModelInfoAttr ModelInfoAttr::of(ModuleOp module) {
  return module->getAttrOfType<ModelInfoAttr>(attr::kModelInfo);
}

ModelInfoAttr ModelInfoAttr::withScratch(int64_t scratch) const {
  return get(getContext(), getName(), getNumQubits(), getTotalQubits(), scratch,
             getHasLoss(), getInputs(), getParams(), getMasks(), getOutputs(), getHypers(),
             getStateDoubles());
}

LogicalResult ModelInfoAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                    StringRef, int64_t numQubits, int64_t totalQubits,
                                    int64_t scratch, bool hasLoss, ArrayRef<SlotAttr> inputs,
                                    ArrayRef<ParamAttr> params, ArrayRef<MaskAttr> masks,
                                    ArrayRef<SlotAttr> outputs, DictionaryAttr hypers,
                                    int64_t stateDoubles) {
  if (stateDoubles != 1 && stateDoubles != 2)
    return emitError() << "state_doubles must be 2 (complex128) or 1 (complex64), not "
                       << stateDoubles;
  if (numQubits < 1 || totalQubits < numQubits || totalQubits > kMaxQubits)
    return emitError() << "qubits: register " << numQubits << ", total " << totalQubits
                       << " (1 <= register <= total <= " << kMaxQubits << ")";
  if (scratch < 0)
    return emitError() << "negative scratch size";
  // Each buffer's slots are contiguous, in order, from its start.
  auto contiguous = [&](StringRef buffer, int64_t &next, SlotAttr s) -> LogicalResult {
    if (s.getOffset() != next)
      return emitError() << buffer << " slot '" << s.getName() << "' at offset "
                         << s.getOffset() << ", expected " << next;
    next += s.getSize();
    return success();
  };
  int64_t next = 0;
  for (ParamAttr p : params)
    if (failed(contiguous("theta", next, p.getSlot())))
      return failure();
  next = 0;
  for (SlotAttr s : inputs)
    if (failed(contiguous("inputs", next, s)))
      return failure();
  for (MaskAttr m : masks)
    if (failed(contiguous("inputs", next, m.getSlot())))
      return failure();
  next = hasLoss ? 1 : 0;
  for (SlotAttr s : outputs)
    if (failed(contiguous("values", next, s)))
      return failure();
  if (hypers)
    for (NamedAttribute h : hypers)
      if (!isa<FloatAttr>(h.getValue()))
        return emitError() << "hyperparameter '" << h.getName().strref() << "' is not a float";
  return success();
}

namespace masq {
namespace {
SlotAttr slotAttr(MLIRContext *ctx, const Slot &s) {
  return SlotAttr::get(ctx, s.name, s.shape, s.offset, s.observable);
}
void readSlot(SlotAttr a, Slot &s) {
  s.name = a.getName().str();
  s.shape.assign(a.getShape().begin(), a.getShape().end());
  s.offset = a.getOffset();
  s.size = a.getSize();
  s.observable = a.getObservable().str();
}
} // namespace

ModelInfoAttr toAttr(MLIRContext *ctx, const ModelInfo &info) {
  SmallVector<SlotAttr> inputs, outputs;
  SmallVector<ParamAttr> params;
  SmallVector<MaskAttr> masks;
  for (const Slot &s : info.inputs)
    inputs.push_back(slotAttr(ctx, s));
  for (const ParamSlot &p : info.params)
    params.push_back(ParamAttr::get(ctx, slotAttr(ctx, p), p.init, APFloat(p.a), APFloat(p.b)));
  for (const MaskSlot &m : info.masks)
    masks.push_back(MaskAttr::get(ctx, slotAttr(ctx, m), m.kind, m.input, APFloat(m.ratio), m.rows,
                                  m.cols, m.patch));
  for (const Slot &s : info.outputs)
    outputs.push_back(slotAttr(ctx, s));
  DictionaryAttr hypers;
  if (!info.hypers.empty()) {
    Builder b(ctx);
    SmallVector<NamedAttribute> entries;
    for (const auto &[name, value] : info.hypers)
      entries.push_back(b.getNamedAttr(name, b.getF64FloatAttr(value)));
    hypers = b.getDictionaryAttr(entries);
  }
  return ModelInfoAttr::get(ctx, info.name, info.numQubits, info.totalQubits, info.scratch,
                            info.hasLoss, inputs, params, masks, outputs, hypers,
                            info.stateDoubles);
}

ModelInfo toCore(ModelInfoAttr a) {
  ModelInfo info;
  info.name = a.getName().str();
  info.numQubits = int(a.getNumQubits());
  info.totalQubits = int(a.getTotalQubits());
  info.numParams = a.getNumParams();
  info.inputSize = a.getInputSize();
  info.numValues = a.getNumValues();
  info.scratch = a.getScratch();
  info.stateDoubles = int(a.getStateDoubles());
  info.hasLoss = a.getHasLoss();
  for (SlotAttr s : a.getInputs())
    readSlot(s, info.inputs.emplace_back());
  for (ParamAttr p : a.getParams()) {
    ParamSlot &q = info.params.emplace_back();
    readSlot(p.getSlot(), q);
    q.init = p.getInit().str();
    q.a = p.getA().convertToDouble();
    q.b = p.getB().convertToDouble();
  }
  for (MaskAttr m : a.getMasks()) {
    MaskSlot &k = info.masks.emplace_back();
    readSlot(m.getSlot(), k);
    k.kind = m.getKind().str();
    k.input = m.getInput().str();
    k.ratio = m.getRatio().convertToDouble();
    k.rows = m.getRows();
    k.cols = m.getCols();
    k.patch = m.getPatch();
  }
  for (SlotAttr s : a.getOutputs())
    readSlot(s, info.outputs.emplace_back());
  if (DictionaryAttr h = a.getHypers())
    for (NamedAttribute e : h)
      info.hypers[e.getName().str()] = cast<FloatAttr>(e.getValue()).getValueAsDouble();
  return info;
}
} // namespace masq

void MasqDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "masq/Dialect/MasqTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "masq/Dialect/MasqAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "masq/Dialect/MasqOps.cpp.inc"
      >();
}
