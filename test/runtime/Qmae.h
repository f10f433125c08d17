//===- Qmae.h - The 6-qubit QMAE reference model as a tape ----------------===//
//
// Shared by the runtime tests and bench/. 8x8 image masked by 2x2 patches
// (16 patches; hidden ones filled with a trainable 4-value token),
// amplitude-encoded on 6 qubits; encoder U(theta), theta[7][6]:
//   for l in 0..5: RY(theta[l][i]) on every qubit, CX ring (0,1)..(4,5),(5,0)
//   then RY(theta[6][i]) on every qubit;
// reset q4, q5; U^dagger (gates reversed, angles negated); observable
// fidelity with the amplitude-encoded clean image; loss = 1 - fidelity.
//
// Parameters: theta[l*6 + i] (42), token at 42..45.
// Per-sample input (144): masked image [0,64), patch pattern [64,80),
// clean image [80,144).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TEST_RUNTIME_QMAE_H
#define MASQ_TEST_RUNTIME_QMAE_H

#include "masq/Oracle/Tape.h"

#include <random>
#include <utility>
#include <vector>

namespace qmae {

constexpr int kQubits = 6, kLayers = 6, kParams = 7 * 6 + 4, kTokenOffset = 42;
constexpr int kInput = 64 + 16 + 64;

inline masq::rt::Tape buildTape() {
  using masq::gates::Kind;
  using masq::rt::LinearForm;
  masq::rt::Tape t(kQubits, kParams, kInput);
  masq::rt::MaskSpec mask;
  mask.kind = masq::rt::MaskKind::Patches;
  mask.rows = 8, mask.cols = 8, mask.patch = 2;
  mask.parametric = true, mask.fillOffset = kTokenOffset, mask.fillSize = 4;
  t.encodeAmplitude(0, 64, mask, 64);
  // Encoder, recorded so that it can be replayed backwards.
  struct G {
    Kind k;
    int a, b, p;
  };
  std::vector<G> enc;
  for (int l = 0; l < kLayers; ++l) {
    for (int i = 0; i < kQubits; ++i)
      enc.push_back({Kind::RY, i, -1, l * 6 + i});
    for (int i = 0; i < kQubits; ++i)
      enc.push_back({Kind::CX, i, (i + 1) % kQubits, -1});
  }
  for (int i = 0; i < kQubits; ++i)
    enc.push_back({Kind::RY, i, -1, 6 * 6 + i});
  for (const G &g : enc) {
    if (g.k == Kind::RY)
      t.gate(Kind::RY, {g.a}, {LinearForm::param(g.p)});
    else
      t.gate(Kind::CX, {g.a, g.b});
  }
  t.reset({4, 5});
  for (auto it = enc.rbegin(); it != enc.rend(); ++it) {
    if (it->k == Kind::RY)
      t.gate(Kind::RY, {it->a}, {LinearForm::param(it->p, -1.0)});
    else
      t.gate(Kind::CX, {it->a, it->b});
  }
  t.observe(masq::rt::ObsKind::Fidelity, {}, "fidelity", 80, 64);
  return t;
}

/// Random theta/token and B samples (image, pattern with ~4 hidden patches).
inline void randomData(int batch, uint64_t seed, std::vector<double> &theta,
                       std::vector<double> &inputs) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ang(-3.1, 3.1), pix(0.0, 1.0);
  theta.resize(kParams);
  for (auto &x : theta)
    x = ang(rng);
  for (int k = 0; k < 4; ++k)
    theta[kTokenOffset + k] = pix(rng);
  inputs.assign(size_t(batch) * kInput, 0.0);
  for (int s = 0; s < batch; ++s) {
    double *x = &inputs[size_t(s) * kInput];
    for (int p = 0; p < 64; ++p)
      x[80 + p] = x[p] = pix(rng) + 0.05;
    for (int P = 0; P < 16; ++P)
      x[64 + P] = (rng() % 4 == 0) ? 1.0 : 0.0;
  }
}

} // namespace qmae

#endif
