// RUN: masq-opt %s --masq-native-gates="target=line:2" | FileCheck %s
// RUN: not masq-opt %s --masq-native-gates="target=ion:2" 2>&1 | FileCheck %s --check-prefix=WRONG
// masq-native-gates: on a routed circuit, each gate becomes the target's
// native gates in place (here rz sx x cx). (Semantics: passes.test.)

// CHECK-LABEL: func.func @on_line
func.func @on_line() attributes {masq.circuit, masq.target = "line:2", masq.router = "sabre", masq.swaps = 0 : i64, masq.layout_initial = array<i64: 0, 1>, masq.layout_final = array<i64: 0, 1>} {
  %a = masq.alloc 0
  %b = masq.alloc 1
  // h = rz(pi/2) sx rz(pi/2) up to a global phase.
  // CHECK: %[[P:.*]] = arith.constant 1.5707963267948
  // CHECK-NEXT: masq.rz(%[[P]])
  // CHECK-NEXT: masq.sx
  // CHECK-NEXT: arith.constant 1.5707963267948
  // CHECK-NEXT: masq.rz
  // CHECK-NEXT: masq.cx
  %0 = masq.h %a
  %1:2 = masq.cx %0, %b
  // x and sx are native; ry(0.3) is rz sx rz sx rz.
  // CHECK-NEXT: masq.x
  // CHECK-NEXT: masq.sx
  // CHECK-COUNT-2: masq.sx
  // CHECK-NOT: masq.ry
  %2 = masq.x %1#0
  %3 = masq.sx %2
  %t = arith.constant 0.3 : f64
  %4 = masq.ry(%t) %1#1
  return
}

// WRONG: error: masq-native-gates: the circuit is routed onto "line:2", not ion:2
