// RUN: masq-opt %s -split-input-file -verify-diagnostics --masq-decompose-circuit --masq-route-circuit="target=line:2"
// What the circuit passes refuse, located.

func.func @angle(%t: f64) attributes {masq.circuit} {
  %a = masq.alloc 0
  // expected-error @+1 {{a circuit's angles must be constants (bind the model's values first)}}
  %0 = masq.rx(%t) %a
  return
}

// -----

func.func @foreign() attributes {masq.circuit} {
  %a = masq.alloc 0
  // expected-error @+1 {{'masq.expval' is not part of a circuit (gates with constant angles, cswap, measure and reset)}}
  %e = masq.expval %a
  return
}

// -----

// expected-error @+1 {{target line:2: the circuit needs 3 qubits, the target has 2}}
func.func @too_big() attributes {masq.circuit, masq.qubits = ["q[0]", "q[1]", "q[2]"]} {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %c = masq.alloc 2
  %0:2 = masq.cx %a, %c
  return
}

// -----

// expected-error @+1 {{the circuit is already routed (onto "line:2")}}
func.func @twice() attributes {masq.circuit, masq.target = "line:2"} {
  %a = masq.alloc 0
  return
}
