//===- QasmTarget.cpp - an emitted circuit on a device --------------------===//
#include "QasmTarget.h"

#include "Circuit.h"
#include "masq/Passes/Passes.h"
#include "masq/Targets/Translate.h"

#include "mlir/Pass/PassManager.h"

#include <charconv>
#include <cmath>

namespace masq {

std::string shortestNumber(double x) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::string circuitName(mlir::func::FuncOp model) {
  return (model.getSymName() + "_circuit").str();
}

void addTargetPipeline(mlir::OpPassManager &pm, const std::string &observable,
                       const std::string &target, const std::string &router) {
  pm.addPass(createMaterializeCircuit(MaterializeCircuitOptions{observable}));
  if (target.empty())
    return;
  pm.addPass(createDecomposeCircuit());
  pm.addPass(createRouteCircuit(RouteCircuitOptions{target, router}));
  pm.addPass(createDecomposeCircuit()); // the SWAPs
  pm.addPass(createNativeGates(NativeGatesOptions{target}));
  pm.addPass(createPeepholeCircuit(PeepholeCircuitOptions{target}));
}

mlir::LogicalResult describeCircuit(mlir::func::FuncOp f, const targets::Target &target,
                                    int version, TargetedCircuit &out) {
  using namespace targets;
  std::vector<Op> native;
  if (mlir::failed(circuit::readCircuit(f, native)))
    return mlir::failure();
  std::vector<std::string> names, clbits;
  for (auto a : f->getAttrOfType<mlir::ArrayAttr>(circuit::kQubits))
    names.push_back(mlir::cast<mlir::StringAttr>(a).str());
  if (auto bits = f->getAttrOfType<mlir::ArrayAttr>(circuit::kClbits))
    for (auto a : bits)
      clbits.push_back(mlir::cast<mlir::StringAttr>(a).str());
  auto layoutOf = [&](const char *attr) {
    auto a = f->getAttrOfType<mlir::DenseI64ArrayAttr>(attr);
    return a ? std::vector<int>(a.asArrayRef().begin(), a.asArrayRef().end())
             : std::vector<int>();
  };
  struct {
    std::vector<int> initial, final;
    int swaps;
  } r{layoutOf(circuit::kLayoutInitial), layoutOf(circuit::kLayoutFinal), 0};
  if (auto s = f->getAttrOfType<mlir::IntegerAttr>(circuit::kSwaps))
    r.swaps = int(s.getInt());
  const std::string router =
      f->getAttrOfType<mlir::StringAttr>(circuit::kRouter)
          ? f->getAttrOfType<mlir::StringAttr>(circuit::kRouter).str()
          : "sabre";
  const int n = int(std::min(names.size(), r.initial.size()));
  out.swaps = r.swaps;
  std::map<int, unsigned> depthOf;
  double logSuccess = 0;
  for (const Op &op : native) {
    auto q = [&](int p) { return "q[" + std::to_string(p) + "]"; };
    if (op.gate == "measure") {
      const std::string &bit = clbits[size_t(op.clbit)];
      out.body.push_back(version == 2 ? "measure " + q(op.qubits[0]) + " -> " + bit + ";"
                                      : bit + " = measure " + q(op.qubits[0]) + ";");
      logSuccess += std::log1p(-target.errorReadout);
    } else if (op.gate == "reset") {
      out.body.push_back("reset " + q(op.qubits[0]) + ";");
    } else {
      std::string line = op.gate;
      if (!op.params.empty()) {
        line += "(";
        for (size_t i = 0; i < op.params.size(); ++i)
          line += (i ? ", " : "") + shortestNumber(op.params[i]);
        line += ")";
      }
      for (size_t i = 0; i < op.qubits.size(); ++i)
        line += (i ? ", " : " ") + q(op.qubits[i]);
      out.body.push_back(line + ";");
      if (op.qubits.size() == 2)
        ++out.twoQubit;
      logSuccess += std::log1p(-(op.qubits.size() == 2 ? target.error2q : target.error1q));
    }
    ++out.counts[op.gate];
    unsigned d = 0;
    for (int p : op.qubits)
      d = std::max(d, depthOf[p]);
    for (int p : op.qubits)
      depthOf[p] = d + 1;
    out.depth = std::max(out.depth, d + 1);
  }
  out.successProbability = std::exp(logSuccess);
  std::string basis;
  for (const std::string &g : target.basis)
    basis += (basis.empty() ? "" : " ") + g;
  out.notes.push_back("target " + target.name +
                      (target.source == "built-in" ? "" : " (" + target.source + ")") +
                      ": " + std::to_string(target.numQubits) + " qubits, basis " + basis +
                      (target.allToAll ? ", all-to-all" : ", coupling map") +
                      (target.directed ? " (directed)" : ""));
  auto layout = [&](const std::vector<int> &l2p) {
    std::string s;
    for (int l = 0; l < n; ++l)
      s += (l ? ", " : "") + names[size_t(l)] + "->q[" + std::to_string(l2p[size_t(l)]) + "]";
    return s;
  };
  out.initialLayout = layout(r.initial);
  out.finalLayout = layout(r.final);
  out.notes.push_back("layout at the start (model qubit -> physical qubit): " +
                      out.initialLayout);
  out.notes.push_back("layout at the end: " + out.finalLayout);
  out.notes.push_back(std::to_string(r.swaps) + " SWAPs added by the " +
                      (router == "trivial" ? "trivial router" : "SABRE router") + "; " +
                      std::to_string(out.twoQubit) + " two-qubit gates");
  return mlir::success();
}

} // namespace masq
