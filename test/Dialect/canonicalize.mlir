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
  // CHECK-NOT: masq.rxx
  // CHECK-NOT: masq.ry
  %0 = masq.rx(%z) %q
  %1:2 = masq.crz(%z) %0, %r
  %x:2 = masq.rxx(%z) %1#0, %1#1
  %2 = masq.ry(%a) %x#0
  %3 = masq.ry(%n) %2
  %e = masq.expval %3, %x#1
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

// -----

// Runs of constant one-qubit gates fold into one gate, up to a global
// phase: h z h is x; s t t is z (real, so pairing still applies); t s is
// rz(3 pi / 4); h s is a u3; ry(0.5) then y is ry(0.5 + pi), which up
// to the phase -1 is ry(0.5 - pi).
// CHECK-LABEL: func.func @fold_constant_gates
func.func @fold_constant_gates() {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %c = masq.alloc 2
  %d = masq.alloc 3
  %e = masq.alloc 4
  %h = arith.constant 0.5 : f64
  // CHECK-DAG: %[[RZ:.*]] = arith.constant 2.35619449019234{{[0-9]*}} : f64
  // CHECK-DAG: %[[T1:.*]] = arith.constant 1.5707963267948{{[0-9]*}} : f64
  // CHECK-DAG: %[[RY:.*]] = arith.constant -2.6415926535897{{[0-9]*}} : f64
  // CHECK: %[[X:.*]] = masq.x %{{.*}}
  %0 = masq.h %a
  %1 = masq.z %0
  %2 = masq.h %1
  // CHECK: %[[Z:.*]] = masq.z %{{.*}}
  %3 = masq.s %b
  %4 = masq.t %3
  %5 = masq.t %4
  // CHECK: %[[R:.*]] = masq.rz(%[[RZ]]) %{{.*}}
  %6 = masq.t %c
  %7 = masq.s %6
  // CHECK: %[[U:.*]] = masq.u3(%[[T1]], %{{.*}}, %{{.*}}) %{{.*}}
  %8 = masq.h %d
  %9 = masq.s %8
  // CHECK: %[[Y:.*]] = masq.ry(%[[RY]]) %{{.*}}
  %10 = masq.ry(%h) %e
  %11 = masq.y %10
  // CHECK-NOT: masq.h
  // CHECK-NOT: masq.s
  // CHECK-NOT: masq.t
  // CHECK: masq.probabilities %[[X]], %[[Z]], %[[R]], %[[U]], %[[Y]]
  %p = masq.probabilities %2, %5, %7, %9, %11 : tensor<32xf64>
  masq.output "p", %p : tensor<32xf64>
  return
}

// -----

// What must not fold: a trained angle next to a constant gate, a real
// reflection with no one-gate form (h then ry), and gates across a reset.
// CHECK-LABEL: func.func @fold_constant_gates_negative
func.func @fold_constant_gates_negative(%t: f64) {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %c = masq.alloc 2
  %k = arith.constant 0.3 : f64
  // CHECK: masq.h
  // CHECK-NEXT: masq.rz(%arg0)
  %0 = masq.h %a
  %1 = masq.rz(%t) %0
  // CHECK: masq.h
  // CHECK-NEXT: masq.ry
  %2 = masq.h %b
  %3 = masq.ry(%k) %2
  // CHECK: masq.s
  // CHECK-NEXT: masq.reset
  // CHECK-NEXT: masq.t
  %4 = masq.s %c
  %5 = masq.reset %4
  %6 = masq.t %5
  %p = masq.probabilities %1, %3, %6 : tensor<8xf64>
  masq.output "p", %p : tensor<8xf64>
  return
}

// -----

// sx;sxdg and sxdg;sx cancel (inverse pair); sx;sx folds to the x it is.
// CHECK-LABEL: func.func @sqrt_x
func.func @sqrt_x() {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %c = masq.alloc 2
  // CHECK-NOT: masq.sx
  // CHECK: masq.x
  // CHECK-NOT: masq.sx
  // CHECK: masq.probabilities
  %0 = masq.sx %a
  %1 = masq.sxdg %0
  %2 = masq.sxdg %b
  %3 = masq.sx %2
  %4 = masq.sx %c
  %5 = masq.sx %4
  %p = masq.probabilities %1, %3, %5 : tensor<8xf64>
  masq.output "p", %p : tensor<8xf64>
  return
}
