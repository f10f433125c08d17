// RUN: masq-opt %s -split-input-file -verify-diagnostics
// #masq.model_info's verifier: the layout it describes is contiguous.

// expected-error @+1 {{theta slot 'b' at offset 3, expected 2}}
module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 1, total_qubits = 1,
    params = [#masq.param<slot = <name = "a", shape = [2], offset = 0>>,
              #masq.param<slot = <name = "b", offset = 3>>]>} {
}

// -----

// The loss takes values[0]: the first output is at 1.
// expected-error @+1 {{values slot 'f' at offset 0, expected 1}}
module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 1, total_qubits = 1,
    has_loss = true, outputs = [#masq.slot<name = "f", offset = 0>]>} {
}

// -----

// Mask patterns follow the inputs.
// expected-error @+1 {{inputs slot 'k' at offset 0, expected 4}}
module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 1, total_qubits = 1,
    inputs = [#masq.slot<name = "x", shape = [4], offset = 0>],
    masks = [#masq.mask<slot = <name = "k", shape = [4], offset = 0>, kind = "pixels", rows = 2, cols = 2>]>} {
}

// -----

// expected-error @+1 {{qubits: register 3, total 2}}
module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 3, total_qubits = 2>} {
}

// -----

// expected-error @+1 {{hyperparameter 'ratio' is not a float}}
module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 1, total_qubits = 1,
    hypers = {ratio = "half"}>} {
}

// -----

// expected-error @+1 {{state_doubles must be 2 (complex128) or 1 (complex64), not 4}}
module attributes {masq.info = #masq.model_info<name = "m", num_qubits = 1, total_qubits = 1,
    state_doubles = 4>} {
}
