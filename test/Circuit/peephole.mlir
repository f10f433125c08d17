// RUN: masq-opt %s --masq-peephole-circuit="target=line:2" | FileCheck %s
// masq-peephole-circuit: neighbouring rz merge, rz(2 pi k) goes, cx cx and
// x x cancel, sx sx becomes x. (Semantics: passes.test.)

// CHECK-LABEL: func.func @clean
func.func @clean() attributes {masq.circuit, masq.target = "line:2"} {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %t = arith.constant 0.25 : f64
  %u = arith.constant 0.5 : f64
  %w = arith.constant 6.283185307179586 : f64
  // CHECK: arith.constant 7.500000e-01
  // CHECK-NEXT: masq.rz
  // CHECK-NEXT: masq.x
  // CHECK-NEXT: masq.measure
  // CHECK-NOT: masq.cx
  // CHECK-NOT: masq.sx
  // CHECK-NOT: masq.rz
  %0 = masq.rz(%t) %a
  %1 = masq.rz(%u) %0
  %2 = masq.rz(%w) %b
  %3:2 = masq.cx %1, %2
  %4:2 = masq.cx %3#0, %3#1
  %5 = masq.sx %4#0
  %6 = masq.sx %5
  %7 = masq.x %4#1
  %8 = masq.x %7
  %9, %bit = masq.measure %6 {creg = "c", bit = 0 : i64}
  return
}

// A gate between two rz on the same qubit keeps them apart.
// CHECK-LABEL: func.func @apart
// CHECK: masq.rz
// CHECK-NEXT: masq.cx
// CHECK: masq.rz
func.func @apart() attributes {masq.circuit, masq.target = "line:2"} {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %t = arith.constant 0.25 : f64
  %0 = masq.rz(%t) %b
  %1:2 = masq.cx %a, %0
  %2 = masq.rz(%t) %1#1
  return
}
