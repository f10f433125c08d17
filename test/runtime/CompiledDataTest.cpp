//===- CompiledDataTest.cpp - The compiled-code ABI: data side ------------===//
//
// Encoders, masks, observable seeds, swap-reset against a density matrix,
// and error reporting (gates: CompiledTest.cpp).
//
//===----------------------------------------------------------------------===//
#include "CompiledTestUtil.h"

using namespace compiledtest;

//=== (3) encoders =============================================================//

namespace {
// Prepares a random (entangled) state on qubits 1 and 2 of 5, the others |0>.
Vec restState(std::mt19937_64 &rng) {
  const int n = 5;
  Vec psi(size_t(1) << n);
  masq_rtc_init(D(psi), n);
  auto a = randomVector(4, rng, -3, 3);
  masq_rtc_ry(D(psi), n, 1, a[0]);
  masq_rtc_h(D(psi), n, 2);
  masq_rtc_cx(D(psi), n, 1, 2);
  masq_rtc_rz(D(psi), n, 2, a[1]);
  masq_rtc_rx(D(psi), n, 1, a[2]);
  return psi;
}

double amplitudeLoss(const Vec &rest, const std::vector<int> &qs, const std::vector<double> &x,
                     const std::vector<Op> &ops, const Loss &L) {
  const int n = 5;
  Vec psi = rest;
  masq_rtc_encode_amplitude(D(psi), n, qs.data(), int(qs.size()), x.data(), int(x.size()));
  for (const Op &op : ops)
    fwd(op.kind, psi, n, op.q, op.a);
  return L.eval(psi, n);
}

double angleLoss(const Vec &rest, const std::vector<int> &qs, const std::vector<double> &x,
                 int axis, double scale, const std::vector<Op> &ops, const Loss &L) {
  const int n = 5;
  Vec psi = rest;
  masq_rtc_encode_angle(D(psi), n, qs.data(), int(qs.size()), x.data(), axis, scale);
  for (const Op &op : ops)
    fwd(op.kind, psi, n, op.q, op.a);
  return L.eval(psi, n);
}

// Runs the circuit from the encoded state and returns lam at the encoder;
// psi is restored to the encoded state.
Vec adjointAtEncoder(Vec &psi, const std::vector<Op> &ops, const Loss &L, int n) {
  for (const Op &op : ops)
    fwd(op.kind, psi, n, op.q, op.a);
  Vec lam(psi.size(), 0.0);
  L.seed(psi, lam, n);
  double d[3];
  for (size_t t = ops.size(); t-- > 0;)
    back(ops[t].kind, psi, lam, n, ops[t].q, ops[t].a, d);
  return lam;
}
} // namespace

TEST(Compiled, EncodeAmplitudeValues) {
  ErrorScope es;
  const int n = 4;
  const std::vector<int> qs = {2, 0, 3};
  const std::vector<double> x = {3, -1, 2, 0.5, 4};
  Vec psi(size_t(1) << n);
  masq_rtc_init(D(psi), n);
  masq_rtc_encode_amplitude(D(psi), n, qs.data(), 3, x.data(), int(x.size()));
  ASSERT_EQ(masq_rtc_error(), nullptr) << err();
  double nx = 0;
  for (double v : x)
    nx += v * v;
  nx = std::sqrt(nx);
  Vec want(psi.size(), 0.0);
  for (size_t c = 0; c < x.size(); ++c)
    want[withLocal(0, qs, int(c))] = x[c] / nx;
  EXPECT_LT(maxDiff(psi.data(), want.data(), psi.size()), 1e-15);

  // The usual case (register = low qubits) agrees with the runtime encoder.
  Vec rt(psi.size());
  masq::rt::encodeAmplitude(x.data(), x.size(), rt.data(), n);
  const std::vector<int> low = {0, 1, 2, 3};
  masq_rtc_init(D(psi), n);
  masq_rtc_encode_amplitude(D(psi), n, low.data(), 4, x.data(), int(x.size()));
  EXPECT_LT(maxDiff(psi.data(), rt.data(), psi.size()), 1e-15);
}

TEST_P(CompiledPath, EncodeAmplitudeBackMatchesFiniteDifferences) {
  std::mt19937_64 rng(33);
  const int n = 5;
  const std::vector<int> qs = {3, 0, 4};
  for (int rep = 0; rep < 3; ++rep) {
    const Vec rest = restState(rng);
    const auto x = randomVector(6, rng); // padded to 8
    const auto ops = randomCircuit(n, 12, rng);
    Loss L = randomLoss(n, rng);
    Vec psi = rest;
    masq_rtc_encode_amplitude(D(psi), n, qs.data(), 3, x.data(), int(x.size()));
    const Vec encoded = psi;
    const Vec lam = adjointAtEncoder(psi, ops, L, n);
    ASSERT_LT(maxDiff(psi.data(), encoded.data(), psi.size()), 1e-12);
    std::vector<double> gx(x.size(), 0.25); // accumulates onto existing values
    masq_rtc_encode_amplitude_back(D(psi), D(lam), n, qs.data(), 3, x.data(),
                                   int(x.size()), gx.data());
    ASSERT_EQ(masq_rtc_error(), nullptr) << err();
    const double h = 1e-6;
    for (size_t i = 0; i < x.size(); ++i) {
      auto xp = x, xm = x;
      xp[i] += h, xm[i] -= h;
      const double fd =
          (amplitudeLoss(rest, qs, xp, ops, L) - amplitudeLoss(rest, qs, xm, ops, L)) /
          (2 * h);
      EXPECT_NEAR(gx[i] - 0.25, fd, 2e-8) << "x[" << i << "]";
    }
  }
}

TEST_P(CompiledPath, EncodeAngleMatchesRuntimeAndFiniteDifferences) {
  std::mt19937_64 rng(34);
  const int n = 5;
  const std::vector<int> qs = {4, 0, 3};
  for (int axis : {int(Kind::RX), int(Kind::RY), int(Kind::RZ)}) {
    SCOPED_TRACE(axis);
    const double scale = 0.8;
    const auto x = randomVector(3, rng, -2, 2);
    // Values: the runtime's product-state encoder.
    Vec psi(size_t(1) << n), rt(size_t(1) << n);
    masq_rtc_init(D(psi), n);
    masq_rtc_encode_angle(D(psi), n, qs.data(), 3, x.data(), axis, scale);
    masq::rt::encodeAngle(x.data(), qs.data(), 3, Kind(axis), scale, rt.data(), n);
    EXPECT_LT(maxDiff(psi.data(), rt.data(), psi.size()), 1e-15);

    // Gradient with a nontrivial state on the other qubits.
    const Vec rest = restState(rng);
    const auto ops = randomCircuit(n, 12, rng);
    const Loss L = randomLoss(n, rng);
    psi = rest;
    masq_rtc_encode_angle(D(psi), n, qs.data(), 3, x.data(), axis, scale);
    const Vec lam = adjointAtEncoder(psi, ops, L, n);
    std::vector<double> gx(3, 0.0);
    masq_rtc_encode_angle_back(D(psi), D(lam), n, qs.data(), 3, x.data(), axis, scale,
                               gx.data());
    ASSERT_EQ(masq_rtc_error(), nullptr) << err();
    const double h = 1e-6;
    double total = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      auto xp = x, xm = x;
      xp[i] += h, xm[i] -= h;
      const double fd = (angleLoss(rest, qs, xp, axis, scale, ops, L) -
                         angleLoss(rest, qs, xm, axis, scale, ops, L)) /
                        (2 * h);
      EXPECT_NEAR(gx[i], fd, 2e-8) << "x[" << i << "]";
      total += std::abs(fd);
    }
    // R_z(a)|0> is a phase: the loss does not depend on x. Otherwise the
    // gradient must be nonzero for the comparison to mean something.
    if (axis == int(Kind::RZ))
      EXPECT_LT(total, 1e-8);
    else
      EXPECT_GT(total, 1e-6);
  }
}

//=== (4) masks ================================================================//

namespace {
struct MaskCase {
  int kind, rows, cols, size;
  std::vector<int> indices;
  std::vector<double> pattern;
  int len;
};

void runMask(const MaskCase &m, const std::vector<double> &x, const double *fill, int fillLen,
             double fillConst, std::vector<double> &out) {
  out.assign(x.size(), -99);
  masq_rtc_mask(x.data(), int(x.size()), m.pattern.data(), m.kind, m.rows, m.cols, m.size,
                m.indices.data(), int(m.indices.size()), fill, fillLen, fillConst,
                out.data());
}

// L(out) = sum w_p out_p + 0.5 sum out_p^2.
double maskLoss(const std::vector<double> &out, const std::vector<double> &w) {
  double s = 0;
  for (size_t p = 0; p < out.size(); ++p)
    s += w[p] * out[p] + 0.5 * out[p] * out[p];
  return s;
}

void checkMaskGradients(const MaskCase &m, int fillLen, std::mt19937_64 &rng) {
  const auto x = randomVector(size_t(m.len), rng);
  const auto fill = randomVector(size_t(fillLen), rng);
  const auto w = randomVector(size_t(m.len), rng);
  std::vector<double> out;
  runMask(m, x, fill.data(), fillLen, 0.0, out);
  ASSERT_EQ(masq_rtc_error(), nullptr) << err();

  // Forward agrees with the runtime's applyMask.
  masq::rt::MaskSpec spec;
  spec.kind = masq::rt::MaskKind(m.kind);
  spec.rows = m.rows, spec.cols = m.cols, spec.patch = m.size;
  spec.indices.assign(m.indices.begin(), m.indices.end());
  spec.parametric = true, spec.fillOffset = 0, spec.fillSize = fillLen;
  std::vector<double> rtOut(x.size());
  masq::rt::applyMask(spec, x.data(), x.size(), m.pattern.data(), fill.data(), rtOut.data(),
                      nullptr);
  EXPECT_EQ(out, rtOut);

  std::vector<double> gout(out.size());
  for (size_t p = 0; p < out.size(); ++p)
    gout[p] = w[p] + out[p];
  std::vector<double> gx(x.size(), 0.5), gfill(size_t(fillLen), -0.5);
  masq_rtc_mask_back(x.data(), int(x.size()), m.pattern.data(), m.kind, m.rows, m.cols,
                     m.size, m.indices.data(), int(m.indices.size()), fillLen, gout.data(),
                     gx.data(), gfill.data());
  ASSERT_EQ(masq_rtc_error(), nullptr) << err();
  const double h = 1e-6;
  int hiddenTokens = 0;
  for (int j = 0; j < fillLen; ++j) {
    auto fp = fill, fm = fill;
    fp[size_t(j)] += h, fm[size_t(j)] -= h;
    std::vector<double> op, om;
    runMask(m, x, fp.data(), fillLen, 0.0, op);
    runMask(m, x, fm.data(), fillLen, 0.0, om);
    const double fd = (maskLoss(op, w) - maskLoss(om, w)) / (2 * h);
    EXPECT_NEAR(gfill[size_t(j)] + 0.5, fd, 1e-7) << "token " << j;
    hiddenTokens += fd != 0;
  }
  EXPECT_GT(hiddenTokens, 0);
  for (size_t i = 0; i < x.size(); ++i) {
    auto xp = x, xm = x;
    xp[i] += h, xm[i] -= h;
    std::vector<double> op, om;
    runMask(m, xp, fill.data(), fillLen, 0.0, op);
    runMask(m, xm, fill.data(), fillLen, 0.0, om);
    const double fd = (maskLoss(op, w) - maskLoss(om, w)) / (2 * h);
    EXPECT_NEAR(gx[i] - 0.5, fd, 1e-7) << "x[" << i << "]";
  }
}
} // namespace

TEST(Compiled, PatchMaskGradients) {
  ErrorScope es;
  std::mt19937_64 rng(44);
  MaskCase m{1, 8, 8, 2, {}, std::vector<double>(16, 0.0), 64};
  for (int P : {0, 3, 5, 10, 15})
    m.pattern[size_t(P)] = 1.0;
  checkMaskGradients(m, 4, rng);

  // Constant fill: the hidden positions hold it and pass no gradient to x.
  const auto x = randomVector(64, rng);
  std::vector<double> out;
  runMask(m, x, nullptr, 0, -0.75, out);
  std::vector<double> gout(64, 1.0), gx(64, 0.0);
  masq_rtc_mask_back(x.data(), 64, m.pattern.data(), 1, 8, 8, 2, nullptr, 0, 0,
                     gout.data(), gx.data(), nullptr);
  int hidden = 0;
  for (int p = 0; p < 64; ++p) {
    const int P = (p / 8 / 2) * 4 + (p % 8) / 2;
    if (m.pattern[size_t(P)] != 0) {
      EXPECT_EQ(out[size_t(p)], -0.75);
      EXPECT_EQ(gx[size_t(p)], 0.0);
      ++hidden;
    } else {
      EXPECT_EQ(out[size_t(p)], x[size_t(p)]);
      EXPECT_EQ(gx[size_t(p)], 1.0);
    }
  }
  EXPECT_EQ(hidden, 5 * 4);
  EXPECT_EQ(masq_rtc_error(), nullptr) << err();
}

TEST(Compiled, PixelAndIndexMaskGradients) {
  ErrorScope es;
  std::mt19937_64 rng(45);
  MaskCase px{2, 0, 0, 1, {}, std::vector<double>(20, 0.0), 20};
  for (int p : {1, 2, 7, 11, 12, 19})
    px.pattern[size_t(p)] = 1.0;
  checkMaskGradients(px, 3, rng);
  MaskCase ix{3, 0, 0, 1, {4, 0, 9, 4, 13}, {}, 16}; // 4 listed twice: the last wins
  checkMaskGradients(ix, 2, rng);
}

//=== (5) observable seeds =====================================================//

namespace {
// dL/dpsi^* by central differences: dL/dRe psi_i = 2 Re lam_i,
// dL/dIm psi_i = 2 Im lam_i.
template <class F> Vec fdAdjoint(const Vec &psi, F &&f) {
  const double h = 1e-6;
  Vec g(psi.size());
  for (size_t i = 0; i < psi.size(); ++i) {
    Vec p = psi, m = psi;
    p[i] += h, m[i] -= h;
    const double dre = (f(p) - f(m)) / (2 * h);
    p = psi, m = psi;
    p[i] += cplx(0, h), m[i] -= cplx(0, h);
    const double dim = (f(p) - f(m)) / (2 * h);
    g[i] = cplx(dre / 2, dim / 2);
  }
  return g;
}

Vec seedDelta(const Vec &lam0, const Vec &lam) {
  Vec d(lam.size());
  for (size_t i = 0; i < lam.size(); ++i)
    d[i] = lam[i] - lam0[i];
  return d;
}
} // namespace

TEST(Compiled, SeedsMatchFiniteDifferences) {
  ErrorScope es;
  std::mt19937_64 rng(55);
  const int n = 5;
  Vec psi = randomState(n, rng);
  for (auto &a : psi)
    a *= 1.1; // unnormalised on purpose: the observables are quadratic forms
  const Vec lam0 = randomState(n, rng);
  const double g = -0.6;

  const std::vector<int> fq = {3, 1, 0};
  const auto ref = randomVector(5, rng);
  {
    Vec lam = lam0;
    masq_rtc_seed_fidelity(D(psi), D(lam), n, fq.data(), 3, ref.data(), 5, g);
    const Vec fd = fdAdjoint(psi, [&](const Vec &p) {
      return g * masq_rtc_fidelity(D(p), n, fq.data(), 3, ref.data(), 5);
    });
    EXPECT_LT(maxDiff(seedDelta(lam0, lam).data(), fd.data(), fd.size()), 1e-8);
  }
  const std::vector<int> zq = {4, 1};
  {
    Vec lam = lam0;
    masq_rtc_seed_expval_z(D(psi), D(lam), n, zq.data(), 2, g);
    const Vec fd = fdAdjoint(
        psi, [&](const Vec &p) { return g * masq_rtc_expval_z(D(p), n, zq.data(), 2); });
    EXPECT_LT(maxDiff(seedDelta(lam0, lam).data(), fd.data(), fd.size()), 1e-8);
  }
  const std::vector<int> pq = {2, 0};
  {
    Vec lam = lam0;
    masq_rtc_seed_prob_zero(D(psi), D(lam), n, pq.data(), 2, g);
    const Vec fd = fdAdjoint(
        psi, [&](const Vec &p) { return g * masq_rtc_prob_zero(D(p), n, pq.data(), 2); });
    EXPECT_LT(maxDiff(seedDelta(lam0, lam).data(), fd.data(), fd.size()), 1e-8);
  }
  const std::vector<int> bq = {1, 4, 2};
  {
    const auto w = randomVector(8, rng);
    Vec lam = lam0;
    masq_rtc_seed_probabilities(D(psi), D(lam), n, bq.data(), 3, w.data());
    const Vec fd = fdAdjoint(psi, [&](const Vec &p) {
      double P[8];
      masq_rtc_probabilities(D(p), n, bq.data(), 3, P);
      double s = 0;
      for (int j = 0; j < 8; ++j)
        s += w[size_t(j)] * P[j];
      return s;
    });
    EXPECT_LT(maxDiff(seedDelta(lam0, lam).data(), fd.data(), fd.size()), 1e-8);
  }
  EXPECT_EQ(masq_rtc_error(), nullptr) << err();
}

// The fidelity with a reference STATE (masq-eliminate-decoder): equals the
// data fidelity when phi is the normalised data, the direct sum for a complex
// phi on a non-contiguous register; both seeds match central differences;
// each lane of a pair equals the one-sample function on that lane's real
// states; bad pointers are reported.
TEST(Compiled, FidelityWithAReferenceState) {
  ErrorScope es;
  std::mt19937_64 rng(57);
  const int n = 5;
  const Vec psi = randomState(n, rng);
  const std::vector<int> low = {0, 1, 2};
  const auto ref = randomVector(8, rng);
  std::vector<double> unit(8);
  masq::rt::normalisedReference(ref.data(), ref.size(), 3, unit.data());
  const Vec r(unit.begin(), unit.end()); // a real state
  EXPECT_NEAR(masq_rtc_fidelity_state(D(psi), n, low.data(), 3, D(r)),
              masq_rtc_fidelity(D(psi), n, low.data(), 3, ref.data(), 8), 1e-14);

  const std::vector<int> qs = {3, 0, 4};
  const Vec phi = randomState(3, rng);
  double want = 0;
  for (size_t b = 0; b < psi.size(); ++b) {
    if (localIndex(b, qs) != 0)
      continue;
    cplx ov = 0;
    for (int c = 0; c < 8; ++c)
      ov += std::conj(phi[size_t(c)]) * psi[withLocal(b, qs, c)];
    want += std::norm(ov);
  }
  EXPECT_NEAR(masq_rtc_fidelity_state(D(psi), n, qs.data(), 3, D(phi)), want, 1e-14);

  const double g = 0.8;
  const Vec lam0 = randomState(n, rng), lamPhi0 = randomState(3, rng);
  Vec lam = lam0, lamPhi = lamPhi0;
  masq_rtc_seed_fidelity_state(D(psi), D(lam), n, qs.data(), 3, D(phi), D(lamPhi), g);
  const Vec fdPsi = fdAdjoint(psi, [&](const Vec &p) {
    return g * masq_rtc_fidelity_state(D(p), n, qs.data(), 3, D(phi));
  });
  const Vec fdPhi = fdAdjoint(phi, [&](const Vec &f) {
    return g * masq_rtc_fidelity_state(D(psi), n, qs.data(), 3, D(f));
  });
  EXPECT_LT(maxDiff(seedDelta(lam0, lam).data(), fdPsi.data(), fdPsi.size()), 1e-8);
  EXPECT_LT(maxDiff(seedDelta(lamPhi0, lamPhi).data(), fdPhi.data(), fdPhi.size()), 1e-8);

  // Lanes: psi = a + i b, phi = pa + i pb (real states).
  auto realState = [&](int m) {
    Vec v(size_t(1) << m);
    double s = 0;
    for (auto &x : v)
      x = std::uniform_real_distribution<double>(-1, 1)(rng), s += std::norm(x);
    for (auto &x : v)
      x /= std::sqrt(s);
    return v;
  };
  const Vec a = realState(n), bb = realState(n), pa = realState(3), pb = realState(3);
  Vec pair(a.size()), phiPair(pa.size());
  for (size_t i = 0; i < a.size(); ++i)
    pair[i] = cplx(a[i].real(), bb[i].real());
  for (size_t i = 0; i < pa.size(); ++i)
    phiPair[i] = cplx(pa[i].real(), pb[i].real());
  Vec lamP(a.size()), lamPhiP(pa.size());
  for (int lane = 0; lane < 2; ++lane) {
    const Vec &one = lane ? bb : a, &phiOne = lane ? pb : pa;
    EXPECT_NEAR(masq_rtc_fidelity_state_lane(D(pair), n, qs.data(), 3, D(phiPair), lane),
                masq_rtc_fidelity_state(D(one), n, qs.data(), 3, D(phiOne)), 1e-14);
    Vec l1(a.size()), lp1(pa.size());
    masq_rtc_seed_fidelity_state(D(one), D(l1), n, qs.data(), 3, D(phiOne), D(lp1), g);
    masq_rtc_seed_fidelity_state_lane(D(pair), D(lamP), n, qs.data(), 3, D(phiPair),
                                      D(lamPhiP), g, lane);
    for (size_t i = 0; i < a.size(); ++i)
      EXPECT_NEAR(lane ? lamP[i].imag() : lamP[i].real(), l1[i].real(), 1e-14);
    for (size_t i = 0; i < pa.size(); ++i)
      EXPECT_NEAR(lane ? lamPhiP[i].imag() : lamPhiP[i].real(), lp1[i].real(), 1e-14);
  }
  EXPECT_EQ(masq_rtc_error(), nullptr) << err();

  EXPECT_TRUE(std::isnan(masq_rtc_fidelity_state(D(psi), n, qs.data(), 3, nullptr)));
  EXPECT_NE(err().find("masq_rtc_fidelity_state"), std::string::npos) << err();
  masq_rtc_clear_error();
  Vec l2 = lam0;
  masq_rtc_seed_fidelity_state(D(psi), D(l2), n, qs.data(), 3, D(phi), nullptr, g);
  EXPECT_NE(err().find("null"), std::string::npos) << err();
  EXPECT_LT(maxDiff(l2.data(), lam0.data(), l2.size()), 1e-300); // untouched
  masq_rtc_clear_error();
  const std::vector<int> bad = {3, 5};
  EXPECT_TRUE(std::isnan(masq_rtc_fidelity_state(D(psi), n, bad.data(), 2, D(phi))));
  EXPECT_NE(err().find("out of range"), std::string::npos) << err();
}

TEST(Compiled, ObservableValues) {
  ErrorScope es;
  std::mt19937_64 rng(56);
  const int n = 5;
  const Vec psi = randomState(n, rng);
  // Fidelity on the low register equals the runtime's (ancillas traced out).
  const std::vector<int> low = {0, 1, 2};
  const auto ref = randomVector(7, rng);
  std::vector<double> r(8);
  masq::rt::normalisedReference(ref.data(), ref.size(), 3, r.data());
  EXPECT_NEAR(masq_rtc_fidelity(D(psi), n, low.data(), 3, ref.data(), 7),
              masq::rt::fidelity(psi.data(), 3, n, r.data()), 1e-14);
  // Non-contiguous register: direct sum over the rest configurations.
  const std::vector<int> qs = {4, 2};
  const auto ref2 = randomVector(4, rng);
  double nr = 0;
  for (double v : ref2)
    nr += v * v;
  double want = 0;
  for (size_t b = 0; b < psi.size(); ++b) {
    if (localIndex(b, qs) != 0)
      continue;
    cplx ov = 0;
    for (int c = 0; c < 4; ++c)
      ov += ref2[size_t(c)] / std::sqrt(nr) * psi[withLocal(b, qs, c)];
    want += std::norm(ov);
  }
  EXPECT_NEAR(masq_rtc_fidelity(D(psi), n, qs.data(), 2, ref2.data(), 4), want, 1e-14);
  // Probabilities: outcome bit j = qs[j]; sum to 1; P(00) = prob_zero.
  double P[4];
  masq_rtc_probabilities(D(psi), n, qs.data(), 2, P);
  double wantP[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < psi.size(); ++i)
    wantP[localIndex(i, qs)] += std::norm(psi[i]);
  for (int j = 0; j < 4; ++j)
    EXPECT_NEAR(P[j], wantP[j], 1e-14);
  EXPECT_NEAR(masq_rtc_prob_zero(D(psi), n, qs.data(), 2), wantP[0], 1e-14);
  EXPECT_NEAR(masq_rtc_expval_z(D(psi), n, qs.data(), 2),
              wantP[0] - wantP[1] - wantP[2] + wantP[3], 1e-14);
  EXPECT_EQ(masq_rtc_error(), nullptr) << err();
}

//=== (6) swap-reset against a density matrix ==================================//

TEST_P(CompiledPath, SwapResetMatchesDensityMatrix) {
  std::mt19937_64 rng(66);
  const int nreg = 3, n = 5; // ancillas 3 and 4
  const std::vector<int> reg = {0, 1, 2};
  for (int rep = 0; rep < 4; ++rep) {
    // Circuit on the register; "R q a" = reset q using ancilla a.
    struct Step {
      bool reset;
      Op op;
      int anc;
    };
    std::vector<Step> steps;
    auto gates = [&](int count) {
      for (int i = 0; i < count; ++i)
        steps.push_back({false, randomOp(Kind(int(rng() % kNumKinds)), nreg, rng), 0});
    };
    gates(6);
    steps.push_back({true, {Kind::SWAP, {int(rng() % 3), 3}, {0, 0, 0}}, 3});
    gates(6);
    steps.push_back({true, {Kind::SWAP, {int(rng() % 3), 4}, {0, 0, 0}}, 4});
    gates(5);

    const Vec psiReg = randomState(nreg, rng);
    Density rho(psiReg);
    Vec psiStart(size_t(1) << n, 0.0);
    std::copy(psiReg.begin(), psiReg.end(), psiStart.begin()); // ancillas |00>
    Vec psi = psiStart;
    for (const Step &s : steps) {
      fwd(s.op.kind, psi, n, s.op.q, s.op.a);
      if (s.reset)
        rho.reset({s.op.q[0]});
      else
        rho.gate(s.op.kind, s.op.q, s.op.a);
    }
    const auto ref = randomVector(8, rng);
    double nr = 0;
    for (double v : ref)
      nr += v * v;
    std::vector<double> rn(8);
    for (int i = 0; i < 8; ++i)
      rn[size_t(i)] = ref[size_t(i)] / std::sqrt(nr);
    EXPECT_NEAR(masq_rtc_fidelity(D(psi), n, reg.data(), 3, ref.data(), 8),
                rho.fidelity(rn), 1e-12);
    const std::vector<int> zq = {0, 2};
    EXPECT_NEAR(masq_rtc_expval_z(D(psi), n, zq.data(), 2), rho.expvalZ(zq), 1e-12);
    double P[8];
    masq_rtc_probabilities(D(psi), n, reg.data(), 3, P);
    for (int i = 0; i < 8; ++i)
      EXPECT_NEAR(P[i], rho.prob(size_t(i)), 1e-12);
    // The purity dropped (a reset of an entangled qubit mixes the register),
    // so this compared a genuinely mixed state.
    double purity = 0;
    for (size_t i = 0; i < 64; ++i)
      purity += std::norm(rho.rho[i]);
    EXPECT_LT(purity, 1 - 1e-6);

    // Gradients flow through the swap-resets exactly.
    std::vector<Op> ops;
    for (const Step &s : steps)
      ops.push_back(s.op);
    Loss L{zq, reg, ref};
    checkChain(psiStart, ops, L, n, "swap-reset");
  }
  EXPECT_EQ(masq_rtc_error(), nullptr) << err();
}

//=== (7) bad input ============================================================//

TEST(Compiled, BadInputRecordsFirstErrorAndLeavesStateUntouched) {
  ErrorScope es;
  std::mt19937_64 rng(77);
  const int n = 3;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  Vec psi = randomState(n, rng), lam = randomState(n, rng);
  const Vec psi0 = psi, lam0 = lam;
  auto untouched = [&] {
    return maxDiff(psi.data(), psi0.data(), psi.size()) == 0 &&
           maxDiff(lam.data(), lam0.data(), lam.size()) == 0;
  };
  EXPECT_EQ(masq_rtc_error(), nullptr);
  EXPECT_EQ(masq_rtc_error_code(), 0);

  masq_rtc_ry(D(psi), n, 3, 0.5); // qubit out of range
  EXPECT_EQ(masq_rtc_error_code(), 1);
  EXPECT_NE(err().find("masq_rtc_ry"), std::string::npos) << err();
  EXPECT_NE(err().find("out of range"), std::string::npos) << err();
  EXPECT_TRUE(untouched());
  // A second error does not overwrite the first.
  masq_rtc_rx(D(psi), n, 0, nan);
  EXPECT_NE(err().find("masq_rtc_ry"), std::string::npos) << err();
  EXPECT_TRUE(untouched());
  masq_rtc_clear_error();
  EXPECT_EQ(masq_rtc_error(), nullptr);

  struct Case {
    const char *name;
    int code;
    std::function<void()> call;
  };
  const int32_t q3[3] = {0, 1, 2}, qdup[2] = {1, 1}, qbad[2] = {0, 5};
  const double zeros[4] = {0, 0, 0, 0}, x2[2] = {1, 2}, xnan[2] = {1, nan};
  double out[8], d3[3] = {9, 9, 9};
  std::vector<Case> cases = {
      {"negative qubit", 1, [&] { masq_rtc_h(D(psi), n, -1); }},
      {"qubit == n", 1, [&] { masq_rtc_cx(D(psi), n, 0, 3); }},
      {"same qubit twice", 2, [&] { masq_rtc_swap(D(psi), n, 1, 1); }},
      {"nan angle", 4, [&] { masq_rtc_rx(D(psi), n, 0, nan); }},
      {"inf angle 2q", 4, [&] { masq_rtc_crz(D(psi), n, 0, 1, inf); }},
      {"nan u3", 4, [&] { masq_rtc_u3(D(psi), n, 0, 0.1, nan, 0.2); }},
      {"too many qubits", 7, [&] { masq_rtc_ry(D(psi), 31, 0, 0.1); }},
      {"null state", 7, [&] { masq_rtc_h(nullptr, n, 0); }},
      {"null adjoint", 7, [&] { masq_rtc_ry_back(D(psi), nullptr, n, 0, 0.1); }},
      {"back bad qubit", 1,
       [&] { EXPECT_EQ(masq_rtc_ry_back(D(psi), D(lam), n, 7, 0.1), 0.0); }},
      {"back nan", 4,
       [&] { EXPECT_EQ(masq_rtc_rzz_back(D(psi), D(lam), n, 0, 1, nan), 0.0); }},
      {"u3 back", 1,
       [&] {
         masq_rtc_u3_back(D(psi), D(lam), n, 4, 0.1, 0.2, 0.3, d3);
         EXPECT_EQ(d3[0], 0.0);
         EXPECT_EQ(d3[2], 0.0);
       }},
      {"zero-norm amplitude input", 6,
       [&] { masq_rtc_encode_amplitude(D(psi), n, q3, 2, zeros, 4); }},
      {"amplitude input too long", 7,
       [&] { masq_rtc_encode_amplitude(D(psi), n, q3, 1, zeros, 4); }},
      {"amplitude NaN input", 4,
       [&] { masq_rtc_encode_amplitude(D(psi), n, q3, 1, xnan, 2); }},
      {"encoded qubits not |0>", 7,
       [&] { masq_rtc_encode_amplitude(D(psi), n, q3, 1, x2, 2); }},
      {"angle bad axis", 7,
       [&] { masq_rtc_encode_angle(D(psi), n, q3, 2, x2, int(Kind::H), 1.0); }},
      {"angle nan", 4,
       [&] { masq_rtc_encode_angle(D(psi), n, q3, 2, xnan, int(Kind::RY), 1.0); }},
      {"angle duplicate qubits", 2,
       [&] { masq_rtc_encode_angle(D(psi), n, qdup, 2, x2, int(Kind::RY), 1.0); }},
      {"fidelity zero reference", 6,
       [&] { EXPECT_TRUE(std::isnan(masq_rtc_fidelity(D(psi), n, q3, 2, zeros, 4))); }},
      {"fidelity bad qubit", 1,
       [&] { EXPECT_TRUE(std::isnan(masq_rtc_fidelity(D(psi), n, qbad, 2, x2, 2))); }},
      {"seed fidelity zero reference", 6,
       [&] { masq_rtc_seed_fidelity(D(psi), D(lam), n, q3, 2, zeros, 3, 1.0); }},
      {"expval bad qubit", 1,
       [&] { EXPECT_TRUE(std::isnan(masq_rtc_expval_z(D(psi), n, qbad, 2))); }},
      {"prob zero duplicate", 2,
       [&] { EXPECT_TRUE(std::isnan(masq_rtc_prob_zero(D(psi), n, qdup, 2))); }},
      {"seed expval nan weight", 4,
       [&] { masq_rtc_seed_expval_z(D(psi), D(lam), n, q3, 2, nan); }},
      {"probabilities bad qubit", 1,
       [&] {
         masq_rtc_probabilities(D(psi), n, qbad, 2, out);
         EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[3]));
       }},
      {"patch mask geometry", 7,
       [&] {
         double o[6];
         const double x6[6] = {1, 2, 3, 4, 5, 6}, pat[1] = {1};
         masq_rtc_mask(x6, 6, pat, 1, 2, 3, 2, nullptr, 0, nullptr, 0, 0.0, o);
       }},
      {"index mask out of range", 7,
       [&] {
         double o[2];
         const int32_t idx[1] = {2};
         masq_rtc_mask(x2, 2, nullptr, 3, 0, 0, 0, idx, 1, nullptr, 0, 0.0, o);
       }},
      {"mask kind", 7,
       [&] {
         double o[2];
         masq_rtc_mask(x2, 2, nullptr, 9, 0, 0, 0, nullptr, 0, nullptr, 0, 0.0, o);
       }},
      {"zero count", 7, [&] { masq_rtc_zero(nullptr, 4); }},
  };
  for (const Case &c : cases) {
    masq_rtc_clear_error();
    c.call();
    EXPECT_EQ(masq_rtc_error_code(), c.code) << c.name << ": " << err();
    EXPECT_NE(masq_rtc_error(), nullptr) << c.name;
    EXPECT_TRUE(untouched()) << c.name;
  }

  // The slot is per thread.
  masq_rtc_clear_error();
  masq_rtc_h(D(psi), n, 9);
  ASSERT_NE(masq_rtc_error(), nullptr);
  const char *other = "not run";
  std::thread([&] { other = masq_rtc_error(); }).join();
  EXPECT_EQ(other, nullptr);
  EXPECT_NE(masq_rtc_error(), nullptr);
  // Valid calls after an error work normally (and keep the error).
  masq_rtc_x(D(psi), n, 0);
  EXPECT_FALSE(untouched());
  EXPECT_NE(err().find("masq_rtc_h"), std::string::npos);
}
