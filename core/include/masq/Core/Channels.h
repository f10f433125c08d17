/*===- Channels.h - the noise channels of the language --------------------===*
 *
 * One table for the compiler (the frontend's statements, masq.channel's
 * verifier, the noise-model pass) and the runtime (masq_rtc_channel's kind
 * numbers, append only). Kraus operators follow PennyLane:
 *   depolarize(p)      DepolarizingChannel: sqrt(1-p) I, sqrt(p/3) X, Y, Z
 *   depolarize2(p)     two-qubit: sqrt(1-p) I, sqrt(p/15) each of the 15
 *                      non-identity two-qubit Paulis
 *   amplitude_damp(g)  AmplitudeDamping: [[1,0],[0,sqrt(1-g)]], [[0,sqrt g],[0,0]]
 *   phase_damp(g)      PhaseDamping: [[1,0],[0,sqrt(1-g)]], [[0,0],[0,sqrt g]]
 *   bit_flip(p)        BitFlip: sqrt(1-p) I, sqrt(p) X
 *   phase_flip(p)      PhaseFlip: sqrt(1-p) I, sqrt(p) Z
 * The parameter is a probability in [0, 1].
 *===----------------------------------------------------------------------===*/
#ifndef MASQ_CORE_CHANNELS_H
#define MASQ_CORE_CHANNELS_H

/* NAME, kind, arity (plain preprocessor, like MASQ_GATES). */
#define MASQ_CHANNELS(C)                                                       \
  C(Depolarize, "depolarize", 1)                                               \
  C(Depolarize2, "depolarize2", 2)                                             \
  C(AmplitudeDamp, "amplitude_damp", 1)                                        \
  C(PhaseDamp, "phase_damp", 1)                                                \
  C(BitFlip, "bit_flip", 1)                                                    \
  C(PhaseFlip, "phase_flip", 1)

#ifdef __cplusplus
#include <cstdint>
#include <string_view>

namespace masq {
namespace channels {

enum class Kind : int32_t {
#define MASQ_CHANNEL_KIND(K, name, arity) K,
  MASQ_CHANNELS(MASQ_CHANNEL_KIND)
#undef MASQ_CHANNEL_KIND
};

struct Info {
  Kind kind;
  const char *name;
  int arity;
};

constexpr Info kInfo[] = {
#define MASQ_CHANNEL_INFO(K, name, arity) {Kind::K, name, arity},
    MASQ_CHANNELS(MASQ_CHANNEL_INFO)
#undef MASQ_CHANNEL_INFO
};
constexpr int kNumKinds = int(sizeof(kInfo) / sizeof(kInfo[0]));

constexpr const Info &info(Kind k) { return kInfo[static_cast<int>(k)]; }

/// Looks a channel up by its spelling; false if there is none.
inline bool lookup(std::string_view name, Kind &out) {
  int i = 0;
  while (i < kNumKinds && name != kInfo[i].name)
    ++i;
  if (i < kNumKinds)
    out = kInfo[i].kind;
  return i < kNumKinds;
}

} // namespace channels
} // namespace masq

#endif // __cplusplus
#endif // MASQ_CORE_CHANNELS_H
