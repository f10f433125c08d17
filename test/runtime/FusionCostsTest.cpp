//===- FusionCostsTest.cpp - the fuser's measured cost table --------------===//
//
// masq/Core/FusionCosts.h (the table masq-fuse-gates decides by) and its
// measurement (masq/Runtime/FusionCosts.h, `masq calibrate`).
//
//===----------------------------------------------------------------------===//
#include "masq/Core/FusionCosts.h"
#include "masq/Runtime/FusionCosts.h"
#include "masq/Runtime/Status.h"

#include <gtest/gtest.h>

#include <cmath>

using masq::FusionCostRow;
using masq::FusionCosts;

namespace {

FusionCosts table() {
  FusionCosts t;
  // n, gate, inPlaceFixed, inPlaceGate, gatheredFixed, gatheredGate
  t.rows = {{10, 100, 1000, 50, 2000, 60}, {14, 1000, 5000, 200, 9000, 300}};
  return t;
}

TEST(FusionCosts, TextRoundTrips) {
  FusionCosts t = table(), back;
  std::string why;
  ASSERT_TRUE(FusionCosts::parse(t.toText(), back, why)) << why;
  ASSERT_EQ(back.rows.size(), 2u);
  EXPECT_EQ(back.rows[1].n, 14);
  EXPECT_DOUBLE_EQ(back.rows[1].gatheredGate, 300);
  EXPECT_EQ(back.toText(), t.toText());
}

TEST(FusionCosts, ParseRefusesWhatItCannotUse) {
  FusionCosts out;
  std::string why;
  EXPECT_FALSE(FusionCosts::parse("10:1:1:1:1", out, why)); // five fields
  EXPECT_FALSE(FusionCosts::parse("10:1:1:1:1:1x", out, why));
  EXPECT_FALSE(FusionCosts::parse("10:1:1:-1:1:1", out, why));
  EXPECT_FALSE(FusionCosts::parse("10:1:inf:1:1:1", out, why));
  EXPECT_FALSE(FusionCosts::parse("10:1:1:1:1:1,10:1:1:1:1:1", out, why)); // n repeats
  EXPECT_FALSE(FusionCosts::parse("31:1:1:1:1:1", out, why));
  EXPECT_TRUE(FusionCosts::parse("", out, why));
  EXPECT_TRUE(out.empty());
}

TEST(FusionCosts, SavingUsesTheRowBelowAndScalesBeyondTheTable) {
  const FusionCosts t = table();
  // n = 12 uses the row of 10, scaled by 2^(12 - 10): 8 * 100 - (1000 +
  // 8 * 50) = -600 at 10.
  EXPECT_DOUBLE_EQ(t.saving(12, 8, true), 4 * (8 * 100.0 - (1000 + 8 * 50.0)));
  EXPECT_FALSE(t.pays(12, 8, true));
  // 20 gates at n = 10: 2000 - 2000 = 0 does not pay, 21 does.
  EXPECT_FALSE(t.pays(10, 20, true));
  EXPECT_TRUE(t.pays(10, 21, true));
  // n = 14, gathered: 8 * 1000 - (9000 + 8 * 300) = -3400; 16 gates pay.
  EXPECT_FALSE(t.pays(14, 8, false));
  EXPECT_TRUE(t.pays(14, 16, false));
  // Beyond the table the last row, scaled the same way.
  EXPECT_DOUBLE_EQ(t.saving(16, 16, false), 4 * t.saving(14, 16, false));
  // Below it the first row as it is; one gate never pays.
  EXPECT_DOUBLE_EQ(t.saving(4, 30, true), t.saving(10, 30, true));
  EXPECT_FALSE(t.pays(14, 1, true));
  EXPECT_FALSE(FusionCosts().pays(20, 100, true));
}

TEST(FusionCosts, MeasuresEverySize) {
  int calls = 0;
  const FusionCosts t =
      masq::rt::measureFusionCosts(4, 7, 1, [&](const FusionCostRow &) { ++calls; });
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(calls, 4);
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const FusionCostRow &r = t.rows[i];
    EXPECT_EQ(r.n, int(4 + i));
    EXPECT_GT(r.gate, 0);
    for (double v : {r.inPlaceFixed, r.inPlaceGate, r.gatheredFixed, r.gatheredGate})
      EXPECT_TRUE(std::isfinite(v) && v >= 0) << v;
  }
  // What it measures parses back (the file masq calibrate writes).
  FusionCosts back;
  std::string why;
  EXPECT_TRUE(FusionCosts::parse(t.toText(), back, why)) << why;
  EXPECT_THROW(masq::rt::measureFusionCosts(8, 6, 1, nullptr), masq::rt::Error);
  EXPECT_THROW(masq::rt::measureFusionCosts(0, 6, 1, nullptr), masq::rt::Error);
  EXPECT_THROW(masq::rt::measureFusionCosts(4, 27, 1, nullptr), masq::rt::Error);
}

} // namespace
