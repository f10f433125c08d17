// RUN: masq-opt %s --masq-decompose-circuit | FileCheck %s
// masq-decompose-circuit: every gate on two or more qubits becomes cx and
// one-qubit gates of the table; one-qubit gates, cx, measure and reset stay.
// (Semantics: passes.test simulates every stage.)

// CHECK-LABEL: func.func @swap_test
// CHECK-SAME: masq.circuit
func.func @swap_test() attributes {masq.circuit, masq.qubits = ["q[0]", "r[0]", "anc[0]"], masq.clbits = ["c[0]"]} {
  %q = masq.alloc 0
  %r = masq.alloc 1
  %a = masq.alloc 2
  // cswap(a; q, r) = cx(r, q) ccx(a, q, r) cx(r, q); ccx = 6 cx, 7 t/tdg, 2 h.
  // CHECK: masq.h
  // CHECK-NEXT: masq.cx
  // CHECK-NOT: masq.cswap
  // CHECK-COUNT-7: masq.cx
  // CHECK-NOT: masq.cx
  // CHECK: masq.h
  // CHECK-NEXT: masq.measure {{.*}} {bit = 0 : i64, creg = "c"}
  %a1 = masq.h %a
  %a2, %q1, %r1 = masq.cswap %a1, %q, %r
  %a3 = masq.h %a2
  %a4, %bit = masq.measure %a3 {creg = "c", bit = 0 : i64}
  return
}

// CHECK-LABEL: func.func @rotations
func.func @rotations() attributes {masq.circuit} {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %t = arith.constant 0.5 : f64
  // rzz(t) = cx rz(t) cx, on the gate's own qubits.
  // CHECK: %[[A:[^ ]*]] = masq.alloc 0
  // CHECK: %[[B:[^ ]*]] = masq.alloc 1
  // CHECK-NEXT: %[[C0:[^,]*]], %[[C1:[^ ]*]] = masq.cx %[[A]], %[[B]]
  // CHECK-NEXT: %[[T:[^ ]*]] = arith.constant 5.000000e-01
  // CHECK-NEXT: %[[Z:[^ ]*]] = masq.rz(%[[T]]) %[[C1]]
  // CHECK-NEXT: masq.cx %[[C0]], %[[Z]]
  %0:2 = masq.rzz(%t) %a, %b
  // crz(t) on (b, a): rz(t/2) cx rz(-t/2) cx with b the control.
  // CHECK: arith.constant 2.500000e-01
  // CHECK: masq.rz
  // CHECK: masq.cx
  // CHECK: arith.constant -2.500000e-01
  // CHECK: masq.rz
  // CHECK: masq.cx
  %1:2 = masq.crz(%t) %0#1, %0#0
  // swap = 3 cx; h stays; reset stays.
  // CHECK-COUNT-3: masq.cx
  // CHECK: masq.h
  // CHECK: masq.reset
  %2:2 = masq.swap %1#0, %1#1
  %3 = masq.h %2#0
  %4 = masq.reset %3
  return
}

// A function without masq.circuit is not touched.
// CHECK-LABEL: func.func @not_a_circuit
// CHECK: masq.swap
func.func @not_a_circuit() {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %0:2 = masq.swap %a, %b
  return
}
