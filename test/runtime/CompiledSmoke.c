/* Compiled as C: proves Compiled.h, with the gate table it expands
 * (masq/Core/Gates.h), is plain C. */
#include "masq/Runtime/Compiled.h"

int masq_compiled_c_smoke(void) {
  double psi[4];
  masq_rtc_init(psi, 1);
  /* sx sx = x: |0> -> |1>. */
  masq_rtc_sx(psi, 1, 0);
  masq_rtc_sx(psi, 1, 0);
  if (masq_rtc_error())
    return 1;
  return (psi[0] * psi[0] + psi[1] * psi[1] < 1e-24 && psi[2] > 1 - 1e-12 &&
          psi[2] < 1 + 1e-12 && psi[3] * psi[3] < 1e-24)
             ? 0
             : 2;
}
