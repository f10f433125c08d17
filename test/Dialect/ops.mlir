// RUN: masq-opt %s | masq-opt | FileCheck %s
// Every op of the dialect prints and parses back to itself.

// CHECK-LABEL: func.func @gates
func.func @gates(%t: f64, %p: f64, %l: f64) {
  // CHECK: %[[A:.*]] = masq.alloc 0
  %a = masq.alloc 0
  %b = masq.alloc 1
  // CHECK: masq.h %[[A]]
  %0 = masq.h %a
  // CHECK: masq.x
  %1 = masq.x %0
  // CHECK: masq.y
  %2 = masq.y %1
  // CHECK: masq.z
  %3 = masq.z %2
  // CHECK: masq.s
  %4 = masq.s %3
  // CHECK: masq.sdg
  %5 = masq.sdg %4
  // CHECK: masq.t
  %6 = masq.t %5
  // CHECK: masq.tdg
  %7 = masq.tdg %6
  // CHECK: masq.rx(%{{.*}}) %{{.*}}
  %8 = masq.rx(%t) %7
  // CHECK: masq.ry(%{{.*}})
  %9 = masq.ry(%t) %8
  // CHECK: masq.rz(%{{.*}})
  %10 = masq.rz(%t) %9
  // CHECK: masq.u3(%{{.*}}, %{{.*}}, %{{.*}}) %{{.*}}
  %11 = masq.u3(%t, %p, %l) %10
  // CHECK: masq.cx
  %12:2 = masq.cx %11, %b
  // CHECK: masq.cy
  %13:2 = masq.cy %12#0, %12#1
  // CHECK: masq.cz
  %14:2 = masq.cz %13#0, %13#1
  // CHECK: masq.swap
  %15:2 = masq.swap %14#0, %14#1
  // CHECK: masq.crx(%{{.*}}) %{{.*}}, %{{.*}}
  %16:2 = masq.crx(%t) %15#0, %15#1
  // CHECK: masq.cry
  %17:2 = masq.cry(%t) %16#0, %16#1
  // CHECK: masq.crz
  %18:2 = masq.crz(%t) %17#0, %17#1
  // CHECK: masq.rzz
  %19:2 = masq.rzz(%t) %18#0, %18#1
  // CHECK: masq.rxx(%{{.*}}) %{{.*}}, %{{.*}}
  %rxx:2 = masq.rxx(%t) %19#0, %19#1
  // CHECK: masq.measure %{{.*}} {bit = 0 : i64, creg = "c"}
  %20, %bit = masq.measure %rxx#0 {creg = "c", bit = 0 : i64}
  // CHECK: masq.output "c", %{{.*}} : i1
  masq.output "c", %bit : i1
  return
}

// CHECK-LABEL: func.func @sqrt_x
func.func @sqrt_x() {
  // CHECK: %[[A:.*]] = masq.alloc 0
  %a = masq.alloc 0
  // CHECK: %[[S:.*]] = masq.sx %[[A]]
  %0 = masq.sx %a
  // CHECK: masq.sxdg %[[S]]
  %1 = masq.sxdg %0
  %p = masq.probabilities %1 : tensor<2xf64>
  masq.output "p", %p : tensor<2xf64>
  return
}

// CHECK-LABEL: func.func @data
func.func @data(%x: tensor<64xf64>, %m: tensor<16xi1>, %tok: tensor<4xf64>, %f: tensor<2xf64>) {
  %q0 = masq.alloc 0
  %q1 = masq.alloc 1
  %q2 = masq.alloc 2
  %q3 = masq.alloc 3
  %q4 = masq.alloc 4
  %q5 = masq.alloc 5
  %q6 = masq.alloc 6
  %q7 = masq.alloc 7
  // CHECK: masq.mask %{{.*}} pattern %{{.*}} : tensor<16xi1> fill %{{.*}} : tensor<4xf64> {cols = 8 : i64, kind = #masq.mask_kind<patches>, ratio = 2.500000e-01 : f64, rows = 8 : i64, size = 2 : i64} : tensor<64xf64>
  %seen = masq.mask %x pattern %m : tensor<16xi1> fill %tok : tensor<4xf64> {kind = #masq.mask_kind<patches>, rows = 8, cols = 8, size = 2, ratio = 0.25} : tensor<64xf64>
  // CHECK: masq.mask %{{.*}} {cols = 8 : i64, fill_value = 5.000000e-01 : f64, indices = array<i64: 3, 4>, kind = #masq.mask_kind<fixed>, rows = 8 : i64} : tensor<64xf64>
  %fixed = masq.mask %x {kind = #masq.mask_kind<fixed>, rows = 8, cols = 8, indices = array<i64: 3, 4>, fill_value = 0.5} : tensor<64xf64>
  // CHECK: masq.encode_amplitude %{{.*}} -> %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<64xf64>
  %e:6 = masq.encode_amplitude %seen -> %q0, %q1, %q2, %q3, %q4, %q5 : tensor<64xf64>
  // CHECK: masq.encode_angle %{{.*}} -> %{{.*}}, %{{.*}} {axis = #masq.axis<X>, scale = 3.140000e+00 : f64} : tensor<2xf64>
  %g:2 = masq.encode_angle %f -> %q6, %q7 {axis = #masq.axis<X>, scale = 3.14 : f64} : tensor<2xf64>
  // CHECK: masq.reset %{{.*}}, %{{.*}}
  %r:2 = masq.reset %e#4, %e#5
  // CHECK: masq.fidelity(%{{.*}}), %{{.*}} : tensor<64xf64>
  %fid = masq.fidelity(%e#0, %e#1, %e#2, %e#3, %r#0, %r#1), %fixed : tensor<64xf64>
  // CHECK: masq.expval %{{.*}}, %{{.*}}
  %z = masq.expval %g#0, %g#1
  // CHECK: masq.prob_zero %{{.*}}, %{{.*}}
  %p0 = masq.prob_zero %r#0, %r#1
  // CHECK: masq.probabilities %{{.*}}, %{{.*}} : tensor<4xf64>
  %pr = masq.probabilities %g#0, %g#1 : tensor<4xf64>
  // CHECK: masq.loss %{{.*}}
  masq.loss %fid
  // CHECK: masq.output "p", %{{.*}} : tensor<4xf64>
  masq.output "p", %pr : tensor<4xf64>
  masq.output "z", %z : f64
  masq.output "p0", %p0 : f64
  return
}
