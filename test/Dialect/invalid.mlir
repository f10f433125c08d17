// RUN: masq-opt %s -split-input-file -verify-diagnostics

func.func @twice() {
  %a = masq.alloc 0
  // expected-error @+1 {{uses one qubit value twice}}
  %b:2 = masq.cx %a, %a
  return
}

// -----

func.func @consumed_twice() {
  // expected-error @+1 {{qubit result is consumed more than once}}
  %a = masq.alloc 0
  %b = masq.h %a
  %c = masq.x %a
  return
}

// -----

func.func @not_fresh(%x: tensor<2xf64>) {
  %a = masq.alloc 0
  %b = masq.h %a
  // expected-error @+1 {{needs qubits in |0>}}
  %c = masq.encode_amplitude %x -> %b : tensor<2xf64>
  return
}

// -----

func.func @too_long(%x: tensor<8xf64>) {
  %a = masq.alloc 0
  %b = masq.alloc 1
  // expected-error @+1 {{a vector of 8 entries does not fit 2 qubits}}
  %c:2 = masq.encode_amplitude %x -> %a, %b : tensor<8xf64>
  return
}

// -----

func.func @angle_count(%x: tensor<3xf64>) {
  %a = masq.alloc 0
  // expected-error @+1 {{needs one feature per qubit}}
  %c = masq.encode_angle %x -> %a {axis = #masq.axis<Y>, scale = 1.0} : tensor<3xf64>
  return
}

// -----

func.func @mask_shape(%x: tensor<63xf64>, %m: tensor<16xi1>) {
  // expected-error @+1 {{data of 63 entries is not a 8x8 image}}
  %s = masq.mask %x pattern %m : tensor<16xi1> {kind = #masq.mask_kind<patches>, rows = 8, cols = 8, size = 2} : tensor<63xf64>
  return
}

// -----

func.func @mask_fill(%x: tensor<64xf64>, %m: tensor<16xi1>, %f: tensor<3xf64>) {
  // expected-error @+1 {{fill vector must have 4 entries (one patch)}}
  %s = masq.mask %x pattern %m : tensor<16xi1> fill %f : tensor<3xf64> {kind = #masq.mask_kind<patches>, rows = 8, cols = 8, size = 2} : tensor<64xf64>
  return
}

// -----

func.func @mask_pattern(%x: tensor<64xf64>, %m: tensor<15xi1>) {
  // expected-error @+1 {{pattern must have 16 entries}}
  %s = masq.mask %x pattern %m : tensor<15xi1> {kind = #masq.mask_kind<patches>, rows = 8, cols = 8, size = 2} : tensor<64xf64>
  return
}

// -----

func.func @fixed_range(%x: tensor<4xf64>) {
  // expected-error @+1 {{fixed index 9 is out of range}}
  %s = masq.mask %x {kind = #masq.mask_kind<fixed>, rows = 2, cols = 2, indices = array<i64: 9>} : tensor<4xf64>
  return
}

// -----

func.func @probs_size() {
  %a = masq.alloc 0
  // expected-error @+1 {{result must be a vector of 2^1 entries}}
  %p = masq.probabilities %a : tensor<4xf64>
  return
}

// -----

func.func @empty_reset() {
  // expected-error @+1 {{needs at least one qubit}}
  masq.reset
  return
}
