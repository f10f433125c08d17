// Tests of the progress output (masq/Train/Progress.h).
#include "TestUtil.h"

#include "masq/Train/Progress.h"

#include <cmath>
#include <cstdio>

using namespace masq::train;

namespace {
std::string contents(std::FILE *f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    s.append(buf, n);
  return s;
}
} // namespace

TEST(Progress, LineFormat) {
  std::FILE *f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Progress p(3, 20, 200, f);
  std::string l = p.line(90, 0.1234);
  EXPECT_EQ(l.rfind("epoch 3/20 [####......] 45% loss 0.1234", 0), 0u) << l;
  EXPECT_EQ(p.line(0, NAN).rfind("epoch 3/20 [..........] 0% loss -", 0), 0u);
  EXPECT_EQ(p.line(200, 1.0).rfind("epoch 3/20 [##########] 100% loss 1", 0), 0u);
  std::fclose(f);
}

TEST(Progress, SilentWhenNotATerminal) {
  std::FILE *f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    Progress p(1, 2, 100, f);
    EXPECT_FALSE(p.interactive());
    for (size_t i = 0; i <= 100; i += 10)
      p.update(i, 0.5);
  }
  EXPECT_EQ(contents(f), "");
  std::fclose(f);
}

TEST(Progress, RedrawsWhenInteractive) {
  std::FILE *f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    Progress p(1, 2, 100, f);
    p.setInteractive(true);
    p.update(10, 0.5);
    p.update(20, 0.5);   // within 0.1 s: skipped
    p.update(100, 0.25); // end of epoch: always drawn
  }
  std::string s = contents(f);
  EXPECT_EQ(s.rfind("\repoch 1/2 [#.........] 10% loss 0.5", 0), 0u) << s;
  EXPECT_EQ(s.find("20%"), std::string::npos);
  EXPECT_NE(s.find("\repoch 1/2 [##########] 100% loss 0.25"), std::string::npos);
  EXPECT_EQ(s.substr(s.size() - 4), "\r\033[K"); // erased at the end
  std::fclose(f);
}

TEST(Progress, EpochLine) {
  EXPECT_EQ(formatEpochLine(3, 20, {{"loss", 0.12345}, {"ssim", 0.8}}, 2.5, 1000),
            "epoch 3/20 loss 0.1235 ssim 0.8 2.5s 400 samples/s");
  EXPECT_EQ(formatEpochLine(1, 1, {}, 0.04), "epoch 1/1 40 ms");
  EXPECT_EQ(formatEpochLine(1, 1, {}, 0.0042), "epoch 1/1 4.20 ms");
  EXPECT_EQ(formatEpochLine(1, 1, {}, 1.26), "epoch 1/1 1.3s");
  std::FILE *f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  epochLine(2, 5, {{"loss", 1.5}}, 1.0, 0, f);
  EXPECT_EQ(contents(f), "epoch 2/5 loss 1.5 1.0s\n");
  std::fclose(f);
}
