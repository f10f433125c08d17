/* Compiled as C: proves CAPI.h is plain C and usable from C code. */
#include "masq/Oracle/CAPI.h"

int masq_capi_c_smoke(void) {
  masq_rt_state *s = 0;
  int kind = -1;
  const int q[2] = {0, 1};
  double p[4];
  if (masq_rt_state_create(2, &s) != MASQ_RT_OK)
    return 1;
  if (masq_rt_gate_kind("h", &kind) != MASQ_RT_OK ||
      masq_rt_gate(s, kind, q, 1, 0, 0) != MASQ_RT_OK)
    return 2;
  if (masq_rt_gate_kind("cx", &kind) != MASQ_RT_OK ||
      masq_rt_gate(s, kind, q, 2, 0, 0) != MASQ_RT_OK)
    return 3;
  if (masq_rt_probabilities(s, q, 2, p) != MASQ_RT_OK)
    return 4;
  if (masq_rt_state_destroy(s) != MASQ_RT_OK || masq_rt_state_destroy(0) != MASQ_RT_OK)
    return 5;
  /* Bell state: P(00) = P(11) = 1/2. */
  return (p[0] > 0.4999 && p[0] < 0.5001 && p[3] > 0.4999 && p[3] < 0.5001) ? 0 : 6;
}
