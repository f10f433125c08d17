//===- Streams.h - counter-keyed random streams (runtime private) ---------===//
#ifndef MASQ_RUNTIME_SIM_STREAMS_H
#define MASQ_RUNTIME_SIM_STREAMS_H

#include <cstdint>

namespace masq {
namespace streams {

inline uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// xoshiro256** (Blackman & Vigna), seeded by splitmix64: a stream costs
/// four words to start (mt19937_64 needs 312), so every observable or
/// channel call can have its own.
struct Stream {
  using result_type = uint64_t;
  uint64_t s[4];
  explicit Stream(uint64_t key) {
    for (uint64_t &w : s)
      w = key = splitmix(key);
  }
  static constexpr uint64_t min() { return 0; }
  static constexpr uint64_t max() { return ~uint64_t(0); }
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t operator()() {
    const uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3];
    s[2] ^= t, s[3] = rotl(s[3], 45);
    return r;
  }
  /// Uniform in [0, 1).
  double uniform() { return double((*this)() >> 11) * 0x1.0p-53; }
};

} // namespace streams
} // namespace masq

#endif // MASQ_RUNTIME_SIM_STREAMS_H
