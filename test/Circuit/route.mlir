// RUN: masq-opt %s --masq-route-circuit="target=line:3" | FileCheck %s
// RUN: masq-opt %s --masq-route-circuit="target=line:3 router=trivial" | FileCheck %s --check-prefix=TRIVIAL
// RUN: masq-opt %s --masq-route-circuit="target=ion:3" | FileCheck %s --check-prefix=ION
// masq-route-circuit: the wires become physical qubits of the target, SWAPs
// make every two-qubit gate act on a coupled pair, and the layouts and the
// SWAP count go into attributes. (Semantics: passes.test.)

// A triangle of cx on a line of three: one SWAP at least.
// CHECK-LABEL: func.func @triangle
// CHECK-SAME: masq.layout_final = array<i64: {{[0-2], [0-2], [0-2]}}>
// CHECK-SAME: masq.layout_initial = array<i64: {{[0-2], [0-2], [0-2]}}>
// CHECK-SAME: masq.router = "sabre", masq.swaps = 1 : i64, masq.target = "line:3"
// CHECK: masq.swap
// CHECK-NOT: masq.swap
// CHECK: masq.measure
// TRIVIAL-LABEL: func.func @triangle
// TRIVIAL-SAME: masq.layout_initial = array<i64: 0, 1, 2>
// TRIVIAL-SAME: masq.router = "trivial", masq.swaps = 1 : i64
// TRIVIAL: masq.cx
// TRIVIAL: masq.cx
// TRIVIAL: masq.swap
// ION-LABEL: func.func @triangle
// ION-SAME: masq.swaps = 0 : i64, masq.target = "ion:3"
// ION-NOT: masq.swap
func.func @triangle() attributes {masq.circuit, masq.qubits = ["q[0]", "q[1]", "q[2]"], masq.clbits = ["c[0]"]} {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %c = masq.alloc 2
  %0:2 = masq.cx %a, %b
  %1:2 = masq.cx %0#1, %c
  %2:2 = masq.cx %1#1, %0#0
  %3, %bit = masq.measure %2#1 {creg = "c", bit = 0 : i64}
  return
}
