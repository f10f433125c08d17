#!/usr/bin/env node
// An independent consumer of the OpenQASM 2 that masq emits: the
// quantum-circuit package (npm registry, pinned in package-lock.json) parses
// the file with its own ANTLR grammar and simulates it with its own gate
// library. Prints {"bits": {"c0c1...": p, ...}}, the exact distribution of
// the classical registers (declaration order, bit 0 first), as
// test/Compile/qasm_sim.py does.
//
// quantum-circuit samples `reset` and `measure` (it collapses the state at
// random), while masq computes exact distributions. So before the file is
// handed over, two textbook identities turn both into unitary steps:
//   reset a        ->  swap a, fresh[k]   (a fresh |0> ancilla takes the old
//                                          state away: the reduced state is
//                                          the reset channel's output)
//   measure a -> c[j]  ->  cx a, fresh[k]  (deferred measurement: c[j] is the
//                                          ancilla's value at the end)
// Each rewrite gets its own ancilla, declared as one extra register after the
// circuit's own, and the distribution of c is read off the final state by
// summing |amplitude|^2 over everything else.
//
// One convention differs: quantum-circuit reads `rxx(theta)` as its `xx`
// gate, exp(-i theta X X), where Qiskit's qelib1.inc (and masq) define
// rxx(theta) = exp(-i theta/2 X X); so rxx angles are halved on the way in.
// Nothing else is touched.
//
// Usage: node run.js FILE.qasm
"use strict";
const fs = require("fs");
const QuantumCircuit = require("quantum-circuit");

function fail(msg) {
  process.stderr.write("run.js: " + msg + "\n");
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail("usage: node run.js FILE.qasm");
const lines = fs.readFileSync(file, "utf8").split("\n");

const out = [];
const creg = new Map(); // name -> size
const cbitSource = new Map(); // "c[j]" -> ancilla index
let ancillas = 0;
let lastQreg = -1;
for (const raw of lines) {
  const line = raw.replace(/\/\/.*$/, "").trim();
  let m;
  if ((m = line.match(/^qreg\s+(\w+)\s*\[(\d+)\]\s*;$/))) {
    lastQreg = out.length;
  } else if ((m = line.match(/^creg\s+(\w+)\s*\[(\d+)\]\s*;$/))) {
    creg.set(m[1], Number(m[2]));
  } else if ((m = line.match(/^reset\s+(\w+\s*\[\d+\])\s*;$/))) {
    out.push(`swap ${m[1]}, masq_fresh[${ancillas++}];`);
    continue;
  } else if ((m = line.match(/^measure\s+(\w+\s*\[\d+\])\s*->\s*(\w+)\s*\[(\d+)\]\s*;$/))) {
    out.push(`cx ${m[1]}, masq_fresh[${ancillas}];`);
    cbitSource.set(`${m[2]}[${m[3]}]`, ancillas++);
    continue;
  } else if ((m = line.match(/^rxx\s*\(([^)]*)\)(.*)$/))) {
    const theta = Number(m[1]);
    if (!Number.isFinite(theta)) fail(`${file}: rxx angle '${m[1]}' is not a number`);
    out.push(`rxx(${theta / 2})${m[2]}`);
    continue;
  } else if (/^(reset|measure)\b/.test(line)) {
    fail(`${file}: cannot rewrite '${line}' (only single-qubit reset and measure)`);
  }
  out.push(raw);
}
if (lastQreg < 0) fail(`${file}: no qreg`);
if (creg.size === 0) fail(`${file}: no classical register`);
if (ancillas > 0) out.splice(lastQreg + 1, 0, `qreg masq_fresh[${ancillas}];`);

const circuit = new QuantumCircuit();
let errors = [];
circuit.importQASM(out.join("\n"), (errs) => { errors = errs || []; });
if (errors.length) fail(`${file}: quantum-circuit rejected the circuit: ${JSON.stringify(errors)}`);
circuit.run();

// Wires follow the registers in declaration order; amplitude index bit w is
// wire w. The fresh register is declared last.
const nq = circuit.numQubits;
const fresh0 = nq - ancillas;
// The key lists every classical bit, registers in declaration order.
const bitWire = [];
for (const [cname, csize] of creg) {
  for (let j = 0; j < csize; j++) {
    const k = cbitSource.get(`${cname}[${j}]`);
    if (k === undefined) fail(`${file}: ${cname}[${j}] is never measured`);
    bitWire.push(fresh0 + k);
  }
}

const bits = {};
let total = 0;
for (const key of Object.keys(circuit.state)) {
  const a = circuit.state[key];
  const p = a.re * a.re + a.im * a.im;
  if (p === 0) continue;
  const index = Number(key);
  let s = "";
  for (const w of bitWire) s += Math.floor(index / 2 ** w) % 2 ? "1" : "0";
  bits[s] = (bits[s] || 0) + p;
  total += p;
}
if (Math.abs(total - 1) > 1e-9) fail(`${file}: the final state has norm^2 ${total}`);
process.stdout.write(JSON.stringify({ bits, qubits: nq, ancillas }) + "\n");
