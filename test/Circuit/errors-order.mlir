// RUN: masq-opt %s -split-input-file -verify-diagnostics --masq-route-circuit="target=line:3"
// RUN: not masq-opt %s --masq-route-circuit="target=falcon" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not masq-opt %s --masq-route-circuit="target=line:3 router=magic" 2>&1 | FileCheck %s --check-prefix=ROUTER
// RUN: not masq-opt %s --masq-native-gates="target=line:3" 2>&1 | FileCheck %s --check-prefix=NATIVE
// The circuit passes run in order: routing wants gates on at most two
// qubits, the native gates want physical qubits.
// UNKNOWN: error: --target falcon: unknown target (built-in: heavy-hex-27, line:N, grid:RxC, ion:N; or a path to a TOML file)
// ROUTER: error: masq-route-circuit: router 'magic' (sabre or trivial)
// NATIVE: error: masq-native-gates works on physical qubits: run masq-route-circuit first

func.func @cswap() attributes {masq.circuit} {
  %a = masq.alloc 0
  %b = masq.alloc 1
  %c = masq.alloc 2
  // expected-error @+1 {{routing takes one- and two-qubit gates: run masq-decompose-circuit first}}
  %0:3 = masq.cswap %a, %b, %c
  return
}
