//===- EmitQasm.cpp - OpenQASM 2 / 3 from a masq model --------------------===//
//
// A translation, not a pass: the optimised model with its values bound
// becomes an OpenQASM circuit using only qelib1.inc / stdgates.inc gates.
//   - gates print as themselves (every gate of the table is in qelib1.inc,
//     sx and sxdg as in the qelib1.inc of Qiskit and quantum-circuit, not
//     of the original OpenQASM 2.0 paper, and so are rzz and rxx;
//     stdgates.inc lacks rzz, which OpenQASM 3 gets as cx, rz, cx, rxx,
//     which it gets as the same between Hadamards on both qubits, and sxdg,
//     which it gets as h, sdg, h: exactly, no global phase);
//   - angle encoding becomes one rotation per qubit (in OpenQASM 3 on
//     `input` variables when the data is an unbound input);
//   - amplitude encoding becomes uniformly controlled RY rotations and CX
//     (QasmStatePrep.cpp);
//   - reset and measure print as themselves;
//   - the observable the loss reads (or, without a loss, the first output)
//     becomes measurements: a fidelity becomes a SWAP test against a
//     reference register prepared from its data (ancilla P(0) = (1 + F)/2),
//     expval / prob / probabilities measure their qubits.
// Numbers print in the shortest form that reads back to the same double.
//
//===----------------------------------------------------------------------===//
#include "masq/Passes/Qasm.h"
#include "PassDetail.h"
#include "QasmStatePrep.h"
#include "QasmTarget.h"
#include "masq/Dialect/MasqDialect.h"
#include "masq/Core/Mask.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <charconv>
#include <cmath>
#include <map>

using namespace mlir;

namespace masq {
namespace {

std::string num(double x) { return shortestNumber(x); }

/// A constant scalar, if the value is one.
std::optional<double> constScalar(Value v) {
  FloatAttr f;
  if (matchPattern(v, m_Constant(&f)))
    return f.getValueAsDouble();
  return std::nullopt;
}

/// A constant f64 vector (or a mask applied to constants), if the value is.
bool constVector(Value v, std::vector<double> &out) {
  DenseElementsAttr d;
  if (matchPattern(v, m_Constant(&d))) {
    out.clear();
    for (APFloat x : d.getValues<APFloat>())
      out.push_back(x.convertToDouble());
    return true;
  }
  // A mask on constants: the runtime's own mask semantics (masq/Core/Mask.h).
  auto mask = v.getDefiningOp<MaskOp>();
  std::vector<double> x, pattern, fill;
  if (!mask || !constVector(mask.getData(), x))
    return false;
  if (mask.getPattern()) {
    DenseElementsAttr pat;
    if (!matchPattern(mask.getPattern(), m_Constant(&pat)))
      return false;
    for (bool b : pat.getValues<bool>())
      pattern.push_back(b ? 1.0 : 0.0);
  }
  if (mask.getFill()) {
    if (auto f = constScalar(mask.getFill()))
      fill = {*f};
    else if (!constVector(mask.getFill(), fill))
      return false;
  }
  std::vector<int32_t> indices;
  if (auto idx = mask.getIndicesAttr())
    for (int64_t i : idx.asArrayRef())
      indices.push_back(int32_t(i));
  out.assign(x.size(), 0.0);
  const mask::Args m{int32_t(x.size()), int32_t(toCore(mask.getKind())),
                     int32_t(mask.getRows()), int32_t(mask.getCols()),
                     int32_t(mask.getPatchSide()), pattern.empty() ? nullptr : pattern.data(),
                     indices.data(), int32_t(indices.size()), int32_t(fill.size())};
  if (!m.check(x.data(), out.data()).empty())
    return false;
  const double fillConstant = mask.getFillConstant();
  if (fill.empty() && !std::isfinite(fillConstant))
    return false;
  for (int32_t p = 0; p < m.len; ++p) {
    const int32_t s = m.slot(p);
    out[p] = s < 0            ? x[p]
             : !fill.empty() ? fill[fill.size() == 1 ? 0 : s]
                             : fillConstant;
  }
  return true;
}

class Emitter {
public:
  /// `recording`: keep the circuit as operations (recordCircuit) and write
  /// nothing.
  Emitter(const QasmOptions &o, bool recording = false) : o(o), recording(recording) {}

  /// Writes the model's circuit (or, with o.resources, its counts) to os.
  LogicalResult run(func::FuncOp model, raw_ostream &os);

private:
  // The phases of run, in order.
  LogicalResult chooseObservable(); // sink, observed, lastObserved
  LogicalResult checkMeasurable();  // one circuit measures them together
  void noteUnmeasured();
  void planRegisters(); // the model's classical registers and c
  LogicalResult emitOp(Operation &op, bool &end);
  LogicalResult emitGate(GateOp g);
  LogicalResult emitAngle(EncodeAngleOp e);
  LogicalResult emitObservable(Operation &op);
  LogicalResult emitSwapTest(FidelityOp f, const std::vector<std::string> &qs);
  void printResources(raw_ostream &os);
  void printProgram(raw_ostream &os);

  std::vector<std::string> qubitsOf(ValueRange vs) {
    std::vector<std::string> out;
    for (Value v : vs)
      out.push_back(q(index.lookup(v)));
    return out;
  }
  /// The op's results are its operands' qubits.
  void forward(ValueRange in, ValueRange out) {
    for (auto [i, r] : llvm::zip(in, out))
      index[r] = index.lookup(i);
  }
  void measure(const std::string &qubit, const std::string &bit) {
    body.push_back(o.version == 2 ? "measure " + qubit + " -> " + bit + ";"
                                  : bit + " = measure " + qubit + ";");
    ++counts["measure"];
    record("measure", {}, {qubit}, int(clbits.size()));
    clbits.push_back(bit);
  }
  void reset(const std::string &qubit) {
    body.push_back("reset " + qubit + ";");
    ++counts["reset"];
    record("reset", {}, {qubit});
  }
  /// With `recording`, the circuit as operations on logical qubits
  /// (numbered in order of first use) for recordCircuit.
  void record(StringRef name, ArrayRef<std::string> angles, ArrayRef<std::string> qubits,
              int clbit = -1) {
    if (!recording)
      return;
    targets::Op op{name.str(), {}, {}, clbit};
    for (const std::string &a : angles) {
      double v = 0;
      std::from_chars(a.data(), a.data() + a.size(), v);
      op.params.push_back(v);
    }
    for (const std::string &qb : qubits) {
      auto [it, fresh] = logicalOf.try_emplace(qb, int(logicalNames.size()));
      if (fresh)
        logicalNames.push_back(qb);
      op.qubits.push_back(it->second);
    }
    circuit.push_back(std::move(op));
  }

  // Circuit text and resources.
  void gate(StringRef name, ArrayRef<std::string> angles, ArrayRef<std::string> qubits) {
    std::string line = name.str();
    if (!angles.empty()) {
      line += "(";
      for (size_t i = 0; i < angles.size(); ++i)
        line += (i ? ", " : "") + angles[i];
      line += ")";
    }
    line += " ";
    for (size_t i = 0; i < qubits.size(); ++i)
      line += (i ? ", " : "") + qubits[i];
    body.push_back(line + ";");
    ++counts[name.str()];
    record(name, angles, qubits);
    unsigned d = 0;
    for (const std::string &q : qubits)
      d = std::max(d, depthOf[q]);
    for (const std::string &q : qubits)
      depthOf[q] = d + 1;
  }
  std::string q(int i) { return "q[" + std::to_string(i) + "]"; }

  /// |x>/|x| (zero-padded to 2^k) on qubits (QasmStatePrep.h).
  LogicalResult amplitude(Operation *op, const std::vector<double> &x,
                          const std::vector<std::string> &qubits) {
    auto emit = [&](StringRef name, ArrayRef<double> angles, ArrayRef<std::string> qs) {
      std::vector<std::string> a;
      for (double v : angles)
        a.push_back(num(v));
      gate(name, a, qs);
    };
    if (!prepareAmplitudes(x, qubits, emit))
      return op->emitError("amplitude encoding of a zero vector"), failure();
    return success();
  }

  const QasmOptions &o;
  const bool recording;
  func::FuncOp model;
  std::vector<std::string> body, header, inputs;
  std::map<std::string, unsigned> counts;
  std::map<std::string, unsigned> depthOf;
  DenseMap<Value, int> index; // qubit value -> model qubit
  int numQubits = 0;
  // What the circuit measures: the sink (the loss or an output) and the
  // observables it reads.
  Operation *loss = nullptr, *sink = nullptr, *lastObserved = nullptr;
  SetVector<Operation *> observed;
  std::vector<std::string> notes;                     // comment lines
  std::vector<std::pair<std::string, int64_t>> cregs; // OpenQASM name, width
  std::map<std::string, size_t> cregOf;               // model name -> cregs index
  Operation *lastMeasure = nullptr;
  std::string c = "c"; // the observable's classical register
  int numBits = 0;
  std::map<std::string, int> bitOf; // measured qubit -> classical bit
  std::map<std::string, char> basisOf; // measured qubit -> X, Y or Z
  std::string extraRegs;            // the SWAP test's reference and ancilla
  // With `recording` (record, recordCircuit).
  std::vector<targets::Op> circuit;
  std::map<std::string, int> logicalOf;
  std::vector<std::string> logicalNames, clbits;
  // With a target: the routed circuit (QasmTarget.cpp).
  TargetedCircuit targeted;
  LogicalResult useTargeted();
  friend LogicalResult masq::recordCircuit(ModuleOp, const QasmOptions &, RecordedCircuit &);
};

LogicalResult Emitter::run(func::FuncOp m, raw_ostream &os) {
  model = m;
  if (failed(chooseObservable()) || failed(checkMeasurable()))
    return failure();
  noteUnmeasured();
  planRegisters();
  for (Operation &op : model.getBody().front()) {
    bool end = false;
    if (failed(emitOp(op, end)))
      return failure();
    if (end)
      break;
  }
  if (recording)
    return success(); // OpenQASM 2: every angle is a number

  if (o.target && failed(useTargeted()))
    return failure();
  if (o.resources)
    printResources(os);
  else
    printProgram(os);
  return success();
}

LogicalResult Emitter::chooseObservable() {
  Block &body = model.getBody().front();
  // The observable to measure: what the loss reads, else the first output.
  Operation *firstOutput = nullptr;
  for (Operation &op : body) {
    if (isa<LossOp>(op))
      loss = &op;
    else if (isa<OutputOp>(op) && !firstOutput &&
             !op.getOperand(0).getDefiningOp<MeasureOp>()) // outcomes are measured anyway
      firstOutput = &op;
  }
  sink = loss ? loss : firstOutput;
  if (!o.observable.empty()) {
    sink = nullptr;
    std::string names;
    for (Operation &op : body) {
      if (auto out = dyn_cast<OutputOp>(op)) {
        names += (names.empty() ? "" : ", ") + out.getName().str();
        if (out.getName() == o.observable)
          sink = &op;
      }
    }
    if (o.observable == "loss")
      sink = loss;
    if (!sink)
      return model.emitError("--observable ")
                 << o.observable << ": the model has no "
                 << (o.observable == "loss" ? "loss" : "output of that name")
                 << " (outputs: " << (names.empty() ? "none" : names) << ")",
             failure();
  }
  if (!sink)
    return success();
  // The observables the chosen value is computed from.
  SmallVector<Value> work(sink->getOperands());
  DenseSet<Value> seen;
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    Operation *d = v.getDefiningOp();
    if (!d)
      continue;
    if (isa<FidelityOp, ExpvalOp, ProbZeroOp, ProbabilitiesOp>(d))
      observed.insert(d);
    else
      llvm::append_range(work, d->getOperands());
  }
  for (Operation &op : body) // the last in program order
    if (observed.contains(&op))
      lastObserved = &op;
  return success();
}

LogicalResult Emitter::checkMeasurable() {
  // Several Z-basis observables measure together when nothing acts on the
  // state between them; a SWAP test measures alone.
  if (observed.size() < 2)
    return success();
  bool fid = llvm::any_of(observed, [](Operation *o) { return isa<FidelityOp>(o); });
  bool between = false;
  Operation *first = nullptr;
  for (Operation &op : model.getBody().front())
    if (observed.contains(&op) && !first)
      first = &op;
  for (Operation *o = first; o && o != lastObserved; o = o->getNextNode())
    between |= isa<GateOp, ResetOp, EncodeAngleOp, EncodeAmplitudeOp, MeasureOp>(o);
  if (fid || between)
    return sink->emitError("this ")
               << (isa<LossOp>(sink) ? "loss" : "output") << " reads " << observed.size()
               << " observables that one circuit cannot measure together",
           failure();
  return success();
}

void Emitter::noteUnmeasured() {
  for (Operation &op : model.getBody().front())
    if (auto out = dyn_cast<OutputOp>(op))
      if (&op != sink && !out->getOperand(0).getDefiningOp<MeasureOp>())
        notes.push_back("output '" + out.getName().str() +
                        "' is not measured by this circuit (--observable picks what is)");
  if (loss && loss != sink)
    notes.push_back("the loss is not measured by this circuit (--observable loss)");
}

void Emitter::planRegisters() {
  // `measure q -> m` writes the model's own classical register m; the
  // observable's bits go to c (or, if the model names a register c, to the
  // first free name), declared first; the model's registers follow in order
  // of first use.
  auto taken = [&](const std::string &n) {
    return llvm::any_of(cregs, [&](auto &r) { return r.first == n; });
  };
  auto reserved = [&](const std::string &n) {
    static const char *const kw[] = {"q", "r", "anc", "U", "CX", "pi", "qreg",
                                     "creg", "gate", "opaque", "barrier", "if", "reset",
                                     "measure", "include", "bit", "qubit", "input",
                                     "output", "float", "int", "angle", "let", "def"};
    return llvm::is_contained(kw, n) || taken(n);
  };
  for (Operation &op : model.getBody().front())
    if (auto m = dyn_cast<MeasureOp>(op)) {
      lastMeasure = &op;
      std::string name = m.getCreg().str();
      auto it = cregOf.find(name);
      if (it == cregOf.end()) {
        std::string out = name;
        while (reserved(out))
          out += "_m";
        it = cregOf.emplace(name, cregs.size()).first;
        cregs.push_back({out, 0});
        notes.push_back(out + "[k] = measure " + name + " of the model" +
                        (out == name ? "" : " (renamed: " + name + " clashes with a name here)"));
      }
      int64_t &width = cregs[it->second].second;
      width = std::max<int64_t>(width, int64_t(m.getBit()) + 1);
    }
  while (taken(c))
    c += "_obs";
}

LogicalResult Emitter::emitOp(Operation &op, bool &end) {
  if (auto a = dyn_cast<AllocOp>(op)) {
    index[a.getResult()] = int(a.getIndex());
    numQubits = std::max(numQubits, int(a.getIndex()) + 1);
    return success();
  }
  if (auto g = dyn_cast<GateOp>(&op))
    return emitGate(g);
  if (auto e = dyn_cast<EncodeAngleOp>(op))
    return emitAngle(e);
  if (auto e = dyn_cast<EncodeAmplitudeOp>(op)) {
    std::vector<double> x;
    if (!constVector(e.getData(), x))
      return op.emitError("the amplitude-encoded data is not known when emitting "
                          "OpenQASM (bind it with --input or --data)"),
             failure();
    if (failed(amplitude(&op, x, qubitsOf(e.getIn()))))
      return failure();
    forward(e.getIn(), e.getOut());
    return success();
  }
  if (auto ch = dyn_cast<ChannelOp>(op)) {
    // Noise is the device's own: a model's channels simulate it, and the
    // circuit carries them as comments only.
    std::string on;
    for (Value in : ch.getIn())
      on += (on.empty() ? "" : ", ") + q(index.lookup(in));
    char p[32];
    std::snprintf(p, sizeof p, "%g", ch.getP().convertToDouble());
    body.push_back("// noise channel " + ch.getKind().str() + "(" + p + ") " + on +
                   ": simulated by masq, not emitted");
    ++counts["noise channels (not emitted)"];
    forward(ch.getIn(), ch.getOut());
    return success();
  }
  if (auto r = dyn_cast<ResetOp>(op)) {
    for (Value in : r.getIn())
      reset(q(index.lookup(in)));
    forward(r.getIn(), r.getOut());
    return success();
  }
  if (auto m = dyn_cast<MeasureOp>(op)) {
    std::string bit = cregs[cregOf[m.getCreg().str()]].first + "[" +
                      std::to_string(m.getBit()) + "]";
    measure(q(index.lookup(m.getIn())), bit);
    index[m.getOut()] = index.lookup(m.getIn());
    return success();
  }
  if (!observed.contains(&op))
    return success();
  if (failed(emitObservable(op)))
    return failure();
  // Nothing after the observable changes it; the circuit ends there unless
  // the model measures something later.
  if (&op == lastObserved && (!lastMeasure || lastMeasure->isBeforeInBlock(&op))) {
    notes.push_back("the circuit ends at the measured observable: what follows "
                    "in the model cannot change it");
    end = true;
  }
  return success();
}

LogicalResult Emitter::emitGate(GateOp g) {
  std::vector<std::string> angles;
  for (Value a : g.getAngles()) {
    auto c = constScalar(a);
    if (!c)
      return g->emitError("this gate's angle is not known when emitting OpenQASM "
                          "(bind it with --params, --input or --data)"),
             failure();
    angles.push_back(num(*c));
  }
  auto qs = qubitsOf(g.getInQubits());
  const gates::Kind kind = g.getGateKind();
  if (o.version == 3 && (kind == gates::Kind::RZZ || kind == gates::Kind::RXX)) {
    // stdgates.inc has no rzz: exp(-i t/2 Z Z) = cx; rz(t) on the target; cx.
    // Nor rxx: X X = (H H) Z Z (H H), so rxx is rzz between Hadamards.
    auto hadamards = [&] {
      if (kind == gates::Kind::RXX)
        for (const std::string &q : qs)
          gate("h", {}, {q});
    };
    hadamards();
    gate("cx", {}, qs);
    gate("rz", angles, {qs[1]});
    gate("cx", {}, qs);
    hadamards();
  } else if (o.version == 3 && g.getGateKind() == gates::Kind::SXdg) {
    // stdgates.inc has no sxdg: sx = h s h exactly, so sxdg = h sdg h.
    gate("h", {}, qs);
    gate("sdg", {}, qs);
    gate("h", {}, qs);
  } else {
    gate(g.getQasmName(), angles, qs);
  }
  forward(g.getInQubits(), g.getOutQubits());
  return success();
}

LogicalResult Emitter::emitAngle(EncodeAngleOp e) {
  std::vector<double> x;
  const char *rot = e.getAxis() == Axis::X ? "rx" : e.getAxis() == Axis::Y ? "ry" : "rz";
  const double scale = e.getScale().convertToDouble();
  bool symbolic = !constVector(e.getData(), x);
  std::string name;
  if (symbolic) {
    // OpenQASM 3 takes the data as an input array.
    auto arg = dyn_cast<BlockArgument>(e.getData());
    auto in = arg ? model.getArgAttrOfType<StringAttr>(arg.getArgNumber(), attr::kInput)
                  : StringAttr();
    if (!in || o.version != 3)
      return e.emitError("the angle-encoded data is not known when emitting "
                         "OpenQASM (bind it with --input or --data)"),
             failure();
    name = in.str();
    inputs.push_back("input array[float[64], " + std::to_string(e.getIn().size()) + "] " +
                     name + ";");
  }
  auto qs = qubitsOf(e.getIn());
  for (size_t i = 0; i < qs.size(); ++i) {
    std::string angle = symbolic ? (scale == 1 ? "" : num(scale) + " * ") + name + "[" +
                                       std::to_string(i) + "]"
                                 : num(scale * x[i]);
    gate(rot, {angle}, {qs[i]});
  }
  forward(e.getIn(), e.getOut());
  return success();
}

LogicalResult Emitter::emitObservable(Operation &op) {
  auto qs = qubitsOf(op.getOperands().take_front(
      isa<FidelityOp>(op) ? cast<FidelityOp>(op).getQubits().size() : op.getNumOperands()));
  if (auto f = dyn_cast<FidelityOp>(op))
    return emitSwapTest(f, qs);
  std::string bits, paulis;
  auto expval = dyn_cast<ExpvalOp>(op);
  for (auto [k, qb] : llvm::enumerate(qs)) {
    // An X or Y qubit is rotated into the Z basis before it is measured.
    const char p = expval ? expval.pauliAt(k) : 'Z';
    paulis += (paulis.empty() ? "" : " ") + std::string(1, p) + "(" + qb + ")";
    auto [it, fresh] = bitOf.try_emplace(qb, numBits);
    if (fresh) {
      basisOf[qb] = p;
      if (p == 'Y')
        gate("sdg", {}, {qb});
      if (p != 'Z')
        gate("h", {}, {qb});
      measure(qb, c + "[" + std::to_string(numBits++) + "]");
    } else if (basisOf[qb] != p) {
      return op.emitError("the observables read ")
             << qb << " in two bases (" << basisOf[qb] << " and " << p
             << "), which one circuit cannot measure; emit OpenQASM for each group of "
                "qubit-wise commuting terms (--observable NAME with one output per group)",
             failure();
    }
    bits += (bits.empty() ? "" : ", ") + c + "[" + std::to_string(it->second) + "]";
  }
  notes.push_back(isa<ExpvalOp>(op)     ? "<" + paulis + "> = E[(-1)^(sum of " + bits + ")]"
                  : isa<ProbZeroOp>(op) ? "prob = P(" + bits + " all 0)"
                                        : "probabilities = the distribution of " + bits);
  return success();
}

LogicalResult Emitter::emitSwapTest(FidelityOp f, const std::vector<std::string> &qs) {
  std::vector<double> ref;
  if (!constVector(f.getReference(), ref))
    return f.emitError("the fidelity's reference is not known when emitting "
                       "OpenQASM (bind it with --input or --data)"),
           failure();
  const size_t k = qs.size();
  extraRegs = o.version == 2 ? "qreg r[" + std::to_string(k) + "];\nqreg anc[1];\n"
                             : "qubit[" + std::to_string(k) + "] r;\nqubit[1] anc;\n";
  std::vector<std::string> rs;
  for (size_t i = 0; i < k; ++i)
    rs.push_back("r[" + std::to_string(i) + "]");
  if (failed(amplitude(f, ref, rs)))
    return failure();
  gate("h", {}, {"anc[0]"});
  for (size_t i = 0; i < k; ++i)
    gate("cswap", {}, {"anc[0]", qs[i], rs[i]});
  gate("h", {}, {"anc[0]"});
  measure("anc[0]", c + "[0]");
  numBits = 1;
  notes.push_back(c + "[0]: SWAP-test ancilla; P(" + c + "[0] = 0) = (1 + F) / 2, F = "
                  "the fidelity of q[...] with r[...] (the reference data)");
  return success();
}

LogicalResult Emitter::useTargeted() {
  auto f = model->getParentOfType<ModuleOp>().lookupSymbol<func::FuncOp>(circuitName(model));
  if (!f)
    return model.emitError("no circuit function (masq-materialize-circuit did not run)"),
           failure();
  if (failed(describeCircuit(f, *o.target, o.version, targeted)))
    return failure();
  // The circuit is now the routed one, on the target's physical qubits.
  body = targeted.body;
  counts = targeted.counts;
  depthOf = {{"", targeted.depth}};
  numQubits = o.target->numQubits;
  extraRegs.clear();
  for (const std::string &n : targeted.notes)
    notes.push_back(n);
  return success();
}

void Emitter::printResources(raw_ostream &os) {
  int64_t userBits = 0;
  for (auto &[name, width] : cregs)
    userBits += width;
  unsigned depth = 0, total = 0;
  for (auto &[qb, d] : depthOf)
    depth = std::max(depth, d);
  os << "qubits: " << numQubits << (extraRegs.empty() ? "" : " + reference and ancilla")
     << "\nclassical bits: " << numBits + userBits << "\ndepth: " << depth << "\n";
  for (auto &[name, n] : counts) {
    os << name << ": " << n << "\n";
    if (name != "reset" && name != "measure" && name != "noise channels (not emitted)")
      total += n;
  }
  os << "gates (without reset and measure): " << total << "\n";
  if (o.target) {
    char p[32];
    std::snprintf(p, sizeof p, "%.4g", targeted.successProbability);
    os << "target: " << o.target->name << "\ntwo-qubit gates: " << targeted.twoQubit
       << "\nSWAPs added: " << targeted.swaps << " (" << o.router << " router)"
       << "\nlayout at the start: " << targeted.initialLayout
       << "\nlayout at the end: " << targeted.finalLayout
       << "\nestimated success probability: " << p
       << (o.target->error1q || o.target->error2q || o.target->errorReadout
               ? " (the product of (1 - error) over gates and measurements)"
               : " (the target gives no error rates)")
       << "\n";
  }
}

void Emitter::printProgram(raw_ostream &os) {
  os << (o.version == 2 ? "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"
                        : "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
  os << "// masq model '" << model.getSymName() << "'"
     << (o.source.empty() ? "" : " from " + o.source) << "\n";
  os << (o.target ? "// q[i] = physical qubit i of the target (the layouts below place the "
                    "model's qubits)\n"
                  : "// q[i] = model qubit i (q[0] the least significant bit of a basis index)\n");
  for (const std::string &n : notes)
    os << "// " << n << "\n";
  for (const std::string &in : inputs)
    os << in << "\n";
  if (o.version == 2)
    os << "qreg q[" << numQubits << "];\n" << extraRegs;
  else
    os << "qubit[" << numQubits << "] q;\n" << extraRegs;
  if (numBits > 0)
    cregs.insert(cregs.begin(), {c, numBits});
  for (auto &[name, width] : cregs)
    os << (o.version == 2 ? "creg " + name + "[" + std::to_string(width) + "];\n"
                          : "bit[" + std::to_string(width) + "] " + name + ";\n");
  for (const std::string &line : body)
    os << line << "\n";
}

} // namespace

LogicalResult emitQasm(ModuleOp module, const QasmOptions &opts, raw_ostream &os) {
  func::FuncOp model = detail::modelOf(module);
  if (!model)
    return module.emitError("no masq model in the module"), failure();
  if (opts.target) {
    PassManager pm(module.getContext());
    addTargetPipeline(pm, opts.observable, opts.targetSpec, opts.router);
    if (failed(pm.run(module)))
      return failure();
  }
  Emitter e(opts);
  return e.run(model, os);
}

LogicalResult recordCircuit(ModuleOp module, const QasmOptions &opts, RecordedCircuit &out) {
  func::FuncOp model = detail::modelOf(module);
  if (!model)
    return module.emitError("no masq model in the module"), failure();
  QasmOptions two = opts;
  two.version = 2; // angle-encoded inputs are bound, not OpenQASM 3 inputs
  Emitter e(two, /*recording=*/true);
  std::string ignored;
  llvm::raw_string_ostream os(ignored);
  if (failed(e.run(model, os)))
    return failure();
  out.ops = std::move(e.circuit);
  out.qubits = std::move(e.logicalNames);
  out.clbits = std::move(e.clbits);
  return success();
}

} // namespace masq
