// RUN: masq-opt %s -masq-std-to-llvm | FileCheck %s
// The one conversion of arith, math, func and cf to the LLVM dialect that
// ends the lowering pipeline: nothing of the four dialects is left.

// CHECK-NOT: arith.
// CHECK-NOT: math.
// CHECK-NOT: cf.
// CHECK-NOT: func.
// CHECK-LABEL: llvm.func @angle
// CHECK: llvm.fmul
// CHECK: llvm.intr.cos
// CHECK: llvm.cond_br
// CHECK: llvm.call @sink
// CHECK: llvm.return
func.func private @sink(f64)
func.func @angle(%a: f64, %n: i32) {
  %two = arith.constant 2.0 : f64
  %zero = arith.constant 0 : i32
  %h = arith.mulf %a, %two : f64
  %c = math.cos %h : f64
  %pos = arith.cmpi sgt, %n, %zero : i32
  cf.cond_br %pos, ^yes, ^no
^yes:
  func.call @sink(%c) : (f64) -> ()
  cf.br ^no
^no:
  return
}
