// RUN: masq-opt %s -split-input-file | masq-opt -split-input-file | FileCheck %s
// The model description (#masq.model_info, written by masq-lower-to-state)
// prints and parses back to itself: scalars and empty lists, doubles to the
// bit, hyperparameters.

// CHECK: module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 2, total_qubits = 3, scratch = 8, has_loss = true,
// CHECK-SAME: inputs = [#masq.slot<name = "x", shape = [2, 3], offset = 0>, #masq.slot<name = "s", offset = 6>]
// CHECK-SAME: params = [#masq.param<slot = <name = "w", shape = [4], offset = 0>, init = "uniform", b = 6.2831853071795862>, #masq.param<slot = <name = "c", offset = 4>, a = 1.000000e-01>]
// CHECK-SAME: masks = [#masq.mask<slot = <name = "k", shape = [4], offset = 7>, kind = "patches", input = "x", ratio = 2.500000e-01, rows = 2, cols = 3>]
// CHECK-SAME: outputs = [#masq.slot<name = "f", offset = 1, observable = "fidelity">]
// CHECK-SAME: hypers = {ratio = 2.500000e-01 : f64}>}
module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 2, total_qubits = 3,
    scratch = 8, has_loss = true,
    inputs = [#masq.slot<name = "x", shape = [2, 3], offset = 0>, #masq.slot<name = "s", offset = 6>],
    params = [#masq.param<slot = <name = "w", shape = [4], offset = 0>, init = "uniform", b = 6.2831853071795862>,
              #masq.param<slot = <name = "c", offset = 4>, init = "constant", a = 0.1>],
    masks = [#masq.mask<slot = <name = "k", shape = [4], offset = 7>, kind = "patches", input = "x",
             ratio = 0.25, rows = 2, cols = 3, patch = 1>],
    outputs = [#masq.slot<name = "f", offset = 1, observable = "fidelity">],
    hypers = {ratio = 0.25 : f64}>} {
}

// -----

// Nothing but the register: every list empty, no loss.
// CHECK: module attributes {masq.info = #masq.model_info<name = "bare", num_qubits = 1, total_qubits = 1>}
module attributes {masq.info = #masq.model_info<name = "bare", num_qubits = 1, total_qubits = 1>} {
}

// -----

// Complex64 states (masq-lower-to-state precision=single).
// CHECK: module attributes {masq.info = #masq.model_info<name = "f32", num_qubits = 1, total_qubits = 1, state_doubles = 1>}
module attributes {masq.info = #masq.model_info<name = "f32", num_qubits = 1, total_qubits = 1, state_doubles = 1>} {
}
