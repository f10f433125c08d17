// RUN: masq-opt %s -split-input-file -canonicalize | FileCheck %s

// CHECK-LABEL: func.func @self_inverse
func.func @self_inverse() {
  %a = masq.alloc 0
  %b = masq.alloc 1
  // CHECK-NOT: masq.h
  // CHECK-NOT: masq.cx
  // CHECK-NOT: masq.s
  %0 = masq.h %a
  %1 = masq.h %0
  %2:2 = masq.cx %1, %b
  %3:2 = masq.cx %2#0, %2#1
  %4 = masq.s %3#0
  %5 = masq.sdg %4
  // CHECK: masq.probabilities
  %p = masq.probabilities %5, %3#1 : tensor<4xf64>
  masq.output "p", %p : tensor<4xf64>
  return
}

// -----

// cx with swapped operands is a different gate: it must stay.
// CHECK-LABEL: func.func @not_inverse
func.func @not_inverse() {
  %a = masq.alloc 0
  %b = masq.alloc 1
  // CHECK-COUNT-2: masq.cx
  %0:2 = masq.cx %a, %b
  %1:2 = masq.cx %0#1, %0#0
  %p = masq.probabilities %1#0, %1#1 : tensor<4xf64>
  masq.output "p", %p : tensor<4xf64>
  return
}

// -----

// CHECK-LABEL: func.func @merge_rotations
// CHECK-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64)
func.func @merge_rotations(%a: f64, %b: f64) {
  %q = masq.alloc 0
  // CHECK: %[[S:.*]] = arith.addf %[[A]], %[[B]]
  // CHECK: masq.ry(%[[S]])
  // CHECK-NOT: masq.ry
  %0 = masq.ry(%a) %q
  %1 = masq.ry(%b) %0
  // Different axes do not merge.
  // CHECK: masq.rx
  %2 = masq.rx(%a) %1
  %e = masq.expval %2
  masq.loss %e
  return
}

// -----

// CHECK-LABEL: func.func @zero_and_inverse_angles
func.func @zero_and_inverse_angles(%a: f64) {
  %q = masq.alloc 0
  %r = masq.alloc 1
  %z = arith.constant 0.0 : f64
  %n = arith.negf %a : f64
  // CHECK-NOT: masq.rx
  // CHECK-NOT: masq.crz
  // CHECK-NOT: masq.ry
  %0 = masq.rx(%z) %q
  %1:2 = masq.crz(%z) %0, %r
  %2 = masq.ry(%a) %1#0
  %3 = masq.ry(%n) %2
  %e = masq.expval %3, %1#1
  masq.loss %e
  return
}

// -----

// A gate across a reset is not cancelled.
// CHECK-LABEL: func.func @across_reset
func.func @across_reset() {
  %q = masq.alloc 0
  // CHECK: masq.x
  // CHECK: masq.reset
  // CHECK: masq.x
  %0 = masq.x %q
  %1 = masq.reset %0
  %2 = masq.x %1
  %e = masq.expval %2
  masq.loss %e
  return
}
