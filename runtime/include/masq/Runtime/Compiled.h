/*===- Compiled.h - ABI called by JIT-compiled masq model code ----*- C -*-===*
 *
 * One call per operation on ONE sample's state. Plain C, no handles.
 *
 * State: `double *psi` holds 2^n complex amplitudes interleaved (re, im);
 * n = TOTAL qubits (register qubits 0 .. nreg-1 plus reset ancillas above
 * them); q[0] is the least significant bit of a basis index. The adjoint
 * vector `double *lam` has the same layout. Integers are int32_t, angles
 * double, qubit lists `const int32_t *qs, int32_t k`.
 *
 * Gradients: the seed functions ADD to lam so that for the loss L
 *   dL = 2 Re <lam | d psi>      (lam = dL / d psi^*),
 * and with that the backward functions return exact dL/dangle.
 *
 * Backward step of a gate (adjoint differentiation, Jones & Gacon 2020):
 * psi is the state AFTER the gate; one sweep un-computes psi <- U^dag psi
 * and lam <- U^dag lam and, for parametrised gates, returns this gate
 * occurrence's contribution dL/dangle = 2 Re <lam | dU psi_before>.
 *
 * Reset is not part of this ABI: the compiler swaps the qubit with a fresh
 * |0> ancilla (masq_rtc_swap / masq_rtc_swap_back).
 *
 * Errors: the functions return void (or a value) and never throw. Bad input
 * (qubit out of range or repeated, NaN / inf angle, zero-norm or too long
 * encoder input / fidelity reference, null pointer, bad kind) records the
 * FIRST error of the thread in a thread-local slot, leaves psi / lam / the
 * outputs untouched and makes value functions return NaN (backward
 * functions return 0). Unitarity is never re-checked.
 *
 *===----------------------------------------------------------------------===*/
#ifndef MASQ_RUNTIME_COMPILED_H
#define MASQ_RUNTIME_COMPILED_H

#include "masq/Core/Gates.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*--- errors (per thread) -------------------------------------------------*/
/* Message of the first error since the last clear, NULL when none. */
const char *masq_rtc_error(void);
/* Its masq::rt::Status code (masq/Runtime/Status.h), 0 when none. */
int32_t masq_rtc_error_code(void);
void masq_rtc_clear_error(void);

/*--- state set-up --------------------------------------------------------*/
void masq_rtc_init(double *psi, int32_t n);     /* |0...0>, 2^n amplitudes */
void masq_rtc_zero(double *buf, int64_t count); /* count doubles = 0 */

/*--- gates ---------------------------------------------------------------*/
/* One forward entry point masq_rtc_<name> and one backward step
 * masq_rtc_<name>_back per row of the gate table (MASQ_GATES in
 * masq/Core/Gates.h), declared below from that table, with its matrices.
 * The gate's (qubits, params) picks the signature, shown here for h, rx,
 * u3, cx and crx (for two-qubit gates q0 is the control of the controlled
 * ones):
 *   (1, 0) void masq_rtc_h(double *psi, int32_t n, int32_t q);
 *          void masq_rtc_h_back(double *psi, double *lam, int32_t n, int32_t q);
 *   (1, 1) void masq_rtc_rx(double *psi, int32_t n, int32_t q, double a);
 *          double masq_rtc_rx_back(double *psi, double *lam, int32_t n, int32_t q,
 *                                  double a);
 *   (1, 3) void masq_rtc_u3(double *psi, int32_t n, int32_t q, double a, double b,
 *                           double c);
 *          void masq_rtc_u3_back(double *psi, double *lam, int32_t n, int32_t q,
 *                                double a, double b, double c, double *d3);
 *          d3[0..2] = dL/da, dL/db, dL/dc (written, not added; zeros on error)
 *   (2, 0) void masq_rtc_cx(double *psi, int32_t n, int32_t q0, int32_t q1);
 *          void masq_rtc_cx_back(double *psi, double *lam, int32_t n, int32_t q0,
 *                                int32_t q1);
 *   (2, 1) void masq_rtc_crx(double *psi, int32_t n, int32_t q0, int32_t q1,
 *                            double a);
 *          double masq_rtc_crx_back(double *psi, double *lam, int32_t n, int32_t q0,
 *                                   int32_t q1, double a); */
/* P = the name prefix, R = the state's element type (double here; the
 * complex64 twins below use the same signatures with float). */
#define MASQ_RTC_DECLARE_1_0(P, R, name)                                        \
  void P##name(R *psi, int32_t n, int32_t q);                                   \
  void P##name##_back(R *psi, R *lam, int32_t n, int32_t q);
#define MASQ_RTC_DECLARE_1_1(P, R, name)                                        \
  void P##name(R *psi, int32_t n, int32_t q, double a);                         \
  double P##name##_back(R *psi, R *lam, int32_t n, int32_t q, double a);
#define MASQ_RTC_DECLARE_1_3(P, R, name)                                        \
  void P##name(R *psi, int32_t n, int32_t q, double a, double b, double c);     \
  void P##name##_back(R *psi, R *lam, int32_t n, int32_t q, double a, double b, \
                      double c, double *d3);
#define MASQ_RTC_DECLARE_2_0(P, R, name)                                        \
  void P##name(R *psi, int32_t n, int32_t q0, int32_t q1);                      \
  void P##name##_back(R *psi, R *lam, int32_t n, int32_t q0, int32_t q1);
#define MASQ_RTC_DECLARE_2_1(P, R, name)                                        \
  void P##name(R *psi, int32_t n, int32_t q0, int32_t q1, double a);            \
  double P##name##_back(R *psi, R *lam, int32_t n, int32_t q0, int32_t q1,      \
                        double a);
#define MASQ_RTC_DECLARE(K, name, Op, qasm, qubits, params, ...)                \
  MASQ_RTC_DECLARE_##qubits##_##params(masq_rtc_, double, name)
MASQ_GATES(MASQ_RTC_DECLARE)
#undef MASQ_RTC_DECLARE

/*--- encoders ------------------------------------------------------------*/
/* The encoded qubits qs must be |0> in psi (checked to 1e-10 in norm^2);
 * the other qubits keep their state. */
/* qs <- x/|x| zero-padded to 2^k (bit j of the local index = qs[j]);
 * 1 <= len <= 2^k, x finite and nonzero. */
void masq_rtc_encode_amplitude(double *psi, int32_t n, const int32_t *qs, int32_t k,
                               const double *x, int32_t len);
/* gx[i] += dL/dx_i (through the normalisation); psi = the state right after
 * the encoding, lam = the adjoint vector there. */
void masq_rtc_encode_amplitude_back(const double *psi, const double *lam, int32_t n,
                                    const int32_t *qs, int32_t k, const double *x,
                                    int32_t len, double *gx);
/* qs[i] <- R_axis(scale * x[i]) |0>; axis = the gate kind value of rx (8),
 * ry (9) or rz (10). */
void masq_rtc_encode_angle(double *psi, int32_t n, const int32_t *qs, int32_t k,
                           const double *x, int32_t axis, double scale);
/* gx[i] += dL/dx_i. */
void masq_rtc_encode_angle_back(const double *psi, const double *lam, int32_t n,
                                const int32_t *qs, int32_t k, const double *x,
                                int32_t axis, double scale, double *gx);

/*--- masks on the classical input ----------------------------------------*/
/* kind: 0 none, 1 patch (rows x cols row-major image, square patches of side
 * `size`; pattern[P] != 0 hides patch P, patches numbered row-major), 2 pixel
 * (pattern[p] != 0 hides p; pattern as long as x), 3 index list (`indices`
 * hidden). Hidden positions get fill[j] (the learnable token, fill_len
 * entries) or fill_const when fill is NULL. Fill index j of a hidden
 * position: patch -> (row in patch) * size + (column in patch), fill_len
 * must be size*size; pixel -> p % fill_len; index -> list position %
 * fill_len. out may equal x. */
void masq_rtc_mask(const double *x, int32_t len, const double *pattern, int32_t kind,
                   int32_t rows, int32_t cols, int32_t size, const int32_t *indices,
                   int32_t num_indices, const double *fill, int32_t fill_len,
                   double fill_const, double *out);
/* gx[i] += gout[i] at visible positions; gfill[j] += gout over the hidden
 * positions filled from token entry j (fill_len > 0; fill_len = 0 means a
 * constant fill, no token gradient). gx / gfill may be NULL. */
void masq_rtc_mask_back(const double *x, int32_t len, const double *pattern, int32_t kind,
                        int32_t rows, int32_t cols, int32_t size, const int32_t *indices,
                        int32_t num_indices, int32_t fill_len, const double *gout,
                        double *gx, double *gfill);

/*--- observables on the register qs (other qubits traced out) -------------*/
/* <r| rho_qs |r>, r = ref/|ref| zero-padded to 2^k (local bit j = qs[j]);
 * any qs (not only 0..k-1). */
double masq_rtc_fidelity(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                         const double *ref, int32_t len);
/* lam += g * dF/dpsi^* */
void masq_rtc_seed_fidelity(const double *psi, double *lam, int32_t n, const int32_t *qs,
                            int32_t k, const double *ref, int32_t len, double g);
/* gref += g * dF/dref for F = masq_rtc_fidelity(psi, ..., ref, len): the
 * gradient with respect to the raw reference data, through r = ref/|ref|. */
void masq_rtc_fidelity_ref_back(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                                const double *ref, int32_t len, double g, double *gref);
void masq_rtc_fidelity_ref_back_lane(const double *psi, int32_t n, const int32_t *qs,
                                     int32_t k, const double *ref, int32_t len, double g,
                                     double *gref, int32_t lane);
/* <phi| rho_qs |phi> for a k-qubit STATE phi (2^k interleaved complex,
 * local bit j = qs[j], used as it is: no normalisation). Decoder
 * elimination compares the state after reset with phi = U |ref>. */
double masq_rtc_fidelity_state(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                               const double *phi);
/* lam += g * dF/dpsi^* and lam_phi += g * dF/dphi^* */
void masq_rtc_seed_fidelity_state(const double *psi, double *lam, int32_t n,
                                  const int32_t *qs, int32_t k, const double *phi,
                                  double *lam_phi, double g);
/* <prod_{q in qs} Z_q> */
double masq_rtc_expval_z(const double *psi, int32_t n, const int32_t *qs, int32_t k);
void masq_rtc_seed_expval_z(const double *psi, double *lam, int32_t n, const int32_t *qs,
                            int32_t k, double g);
/* Probability that all qubits of qs read 0. */
double masq_rtc_prob_zero(const double *psi, int32_t n, const int32_t *qs, int32_t k);
void masq_rtc_seed_prob_zero(const double *psi, double *lam, int32_t n, const int32_t *qs,
                             int32_t k, double g);
/* out[2^k] marginals, outcome bit j = qs[j] (NaN-filled on error when
 * 0 <= k <= 30). */
void masq_rtc_probabilities(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                            double *out);
/* lam += sum_j g[j] dP_j/dpsi^* */
void masq_rtc_seed_probabilities(const double *psi, double *lam, int32_t n,
                                 const int32_t *qs, int32_t k, const double *g);

/*--- fused blocks --------------------------------------------------------*/
/* A sequence of ngates gates on the k block qubits qs (1 <= k <= 14),
 * applied in ONE sweep over the state. desc holds 3 int32 per gate: the
 * gate kind (masq/Core/Gates.h), then its qubits as positions in qs (the
 * second -1 for one-qubit gates); angles holds the gates' angles in order. */
void masq_rtc_block(double *psi, int32_t n, const int32_t *qs, int32_t k,
                    const int32_t *desc, int32_t ngates, const double *angles);
/* The backward step of a block in one sweep (psi after the block; un-computes
 * psi and lam). With dangles non-NULL, writes dL/dangle for every angle of
 * the block, in order. */
void masq_rtc_block_back(double *psi, double *lam, int32_t n, const int32_t *qs, int32_t k,
                         const int32_t *desc, int32_t ngates, const double *angles,
                         double *dangles);
/* The same for a block in a run of consecutive blocks on one state, with
 * nothing else touching the state between them: run is the block's place,
 * 1 first, 2 in the middle, 3 last (0: alone, as above); a backward run's
 * last block may be 4 instead: nothing reads psi or lam after it, so the
 * state is not written back. While the state is real (every imaginary
 * part 0) and the blocks' gates are real, it stays packed between the
 * blocks in a buffer of the calling thread (the real parts; in the
 * backward sweep psi's and lam's interleaved), so a block reads and writes
 * half the bytes; the first block reads the state, the last writes it
 * back. psi (and lam) hold the state only after the last block of the run
 * (the backward sweep's runs have a buffer of their own), or after the
 * expectation value that ends it (masq_rtc_expval_z_run, run 3). */
/* |0> as the first step of a run (the blocks after it run = 2 and 3): into
 * the run's packed buffer where there is one, else into psi as
 * masq_rtc_init. */
void masq_rtc_init_run(double *psi, int32_t n);
/* masq_rtc_expval_z as the last step of a forward run (after its blocks,
 * the last of them run = 2): read from the run's buffer where the state is
 * there, and then (run) 3: written out to psi; 2: left in the buffer for
 * the masq_rtc_seed_expval_z_run that comes next; 4: dropped (the compiler
 * proved that nothing reads psi after). Else as masq_rtc_expval_z. */
double masq_rtc_expval_z_run(double *psi, int32_t n, const int32_t *qs, int32_t k, int32_t run);
/* masq_rtc_seed_expval_z on a zero lam, as the first step of a backward
 * run (the block_back_run steps after it: 2 and 3, or 4: nothing reads psi
 * or lam after it, so they are not written back): into the run's packed
 * buffer where psi is real (read from the forward run's buffer where
 * masq_rtc_expval_z_run left it), else into lam as the seed. lam need not
 * be zero: the compiler leaves the zeroing to this function, which zeroes
 * lam only where the state does not go packed. */
void masq_rtc_seed_expval_z_run(const double *psi, double *lam, int32_t n, const int32_t *qs,
                                int32_t k, double g);
void masq_rtc_block_run(double *psi, int32_t n, const int32_t *qs, int32_t k,
                        const int32_t *desc, int32_t ngates, const double *angles, int32_t run);
void masq_rtc_block_back_run(double *psi, double *lam, int32_t n, const int32_t *qs,
                             int32_t k, const int32_t *desc, int32_t ngates,
                             const double *angles, double *dangles, int32_t run);

/*--- two real samples per state -----------------------------------------*/
/* For circuits whose gates are all real (h x z cx cz swap ry cry) and real
 * data, two samples a and b run as one state psi = a + i b (lane 0 = the
 * real parts, lane 1 = the imaginary parts): the gate functions above act on
 * both, and a backward step returns the SUM of both samples' dL/dangle. What
 * differs per sample takes a lane; the functions mean the same as their
 * one-sample versions applied to that lane. lane must be 0 or 1. */
void masq_rtc_init_pair(double *psi, int32_t n); /* |0...0> in both lanes */
void masq_rtc_encode_amplitude_lane(double *psi, int32_t n, const int32_t *qs, int32_t k,
                                    const double *x, int32_t len, int32_t lane);
void masq_rtc_encode_amplitude_back_lane(const double *psi, const double *lam, int32_t n,
                                         const int32_t *qs, int32_t k, const double *x,
                                         int32_t len, double *gx, int32_t lane);
/* axis must be ry (9): the other axes make a sample complex. */
void masq_rtc_encode_angle_lane(double *psi, int32_t n, const int32_t *qs, int32_t k,
                                const double *x, int32_t axis, double scale, int32_t lane);
void masq_rtc_encode_angle_back_lane(const double *psi, const double *lam, int32_t n,
                                     const int32_t *qs, int32_t k, const double *x,
                                     int32_t axis, double scale, double *gx, int32_t lane);
double masq_rtc_fidelity_lane(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                              const double *ref, int32_t len, int32_t lane);
void masq_rtc_seed_fidelity_lane(const double *psi, double *lam, int32_t n,
                                 const int32_t *qs, int32_t k, const double *ref,
                                 int32_t len, double g, int32_t lane);
double masq_rtc_fidelity_state_lane(const double *psi, int32_t n, const int32_t *qs,
                                    int32_t k, const double *phi, int32_t lane);
void masq_rtc_seed_fidelity_state_lane(const double *psi, double *lam, int32_t n,
                                       const int32_t *qs, int32_t k, const double *phi,
                                       double *lam_phi, double g, int32_t lane);
double masq_rtc_expval_z_lane(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                              int32_t lane);
void masq_rtc_seed_expval_z_lane(const double *psi, double *lam, int32_t n,
                                 const int32_t *qs, int32_t k, double g, int32_t lane);
double masq_rtc_prob_zero_lane(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                               int32_t lane);
void masq_rtc_seed_prob_zero_lane(const double *psi, double *lam, int32_t n,
                                  const int32_t *qs, int32_t k, double g, int32_t lane);
void masq_rtc_probabilities_lane(const double *psi, int32_t n, const int32_t *qs, int32_t k,
                                 double *out, int32_t lane);
void masq_rtc_seed_probabilities_lane(const double *psi, double *lam, int32_t n,
                                      const int32_t *qs, int32_t k, const double *g,
                                      int32_t lane);

/* Parameter shift (masq-generate-gradient{param-shift=true}; the runtime
 * side is masq/Runtime/ParamShift.h). masq_rtc_ps_shift(k): the shift of
 * angle occurrence k in the run under way (0 but in a shifted run of k);
 * masq_rtc_ps_reverse(): nonzero unless the run is a shifted one;
 * masq_rtc_ps_seed(i, g) / _vec: the adjoint of observable i (its position
 * in the sample), g or g[0..len); masq_rtc_ps_angle(k, kind): d loss /
 * d(angle k) from the shifted runs of the gate kind's shift rule;
 * masq_rtc_encode_angle_ps: masq_rtc_encode_angle whose angle i is
 * scale * x[i] + masq_rtc_ps_shift(base + i) (an encoder of differentiated
 * data is occurrences base .. base + k - 1, kind = axis). */
double masq_rtc_ps_shift(int64_t k);
int32_t masq_rtc_ps_reverse(void);
void masq_rtc_ps_seed(int64_t i, double g);
void masq_rtc_ps_seed_vec(int64_t i, const double *g, int64_t len);
double masq_rtc_ps_angle(int64_t k, int32_t kind);
void masq_rtc_encode_angle_ps(double *psi, int32_t n, const int32_t *qs, int32_t k,
                              const double *x, int32_t axis, double scale, int64_t base);

/* One quantum-trajectory step of noise channel `kind` (masq/Core/Channels.h)
 * with probability p on qubits qs[0..k) of an n-qubit state (Noise.h). */
void masq_rtc_channel(double *psi, int32_t n, const int32_t *qs, int32_t k, int32_t kind,
                      double p);

/*--- single precision ----------------------------------------------------*/
/* Compiled with --precision single, a model's state, adjoint vector and
 * decoder-elimination states (phi, lam_phi) hold complex64 amplitudes
 * (float re, im interleaved): every function above that takes one has a
 * twin masq_rtc_f32_<name> with float * in their place and the rest of the
 * signature unchanged (angles, data, references, outputs and derivatives
 * stay double). The kernels compute in double; a complex64 amplitude is
 * widened on load and rounded on store, so a sweep moves half the bytes.
 * The functions without a state (errors, zero, mask, mask_back, ps_*) have
 * no twin, and neither has masq_rtc_channel: noise trajectories run in
 * double (the compiler refuses the combination). */
#define MASQ_RTC_F32(K, name, Op, qasm, qubits, params, ...)                    \
  MASQ_RTC_DECLARE_##qubits##_##params(masq_rtc_f32_, float, name)
MASQ_GATES(MASQ_RTC_F32)
#undef MASQ_RTC_F32
#undef MASQ_RTC_DECLARE_1_0
#undef MASQ_RTC_DECLARE_1_1
#undef MASQ_RTC_DECLARE_1_3
#undef MASQ_RTC_DECLARE_2_0
#undef MASQ_RTC_DECLARE_2_1
void masq_rtc_f32_init(float *psi, int32_t n);
void masq_rtc_f32_init_pair(float *psi, int32_t n);
void masq_rtc_f32_block(float *psi, int32_t n, const int32_t *qs, int32_t k,
                        const int32_t *desc, int32_t ngates, const double *angles);
void masq_rtc_f32_block_back(float *psi, float *lam, int32_t n, const int32_t *qs, int32_t k,
                             const int32_t *desc, int32_t ngates, const double *angles,
                             double *dangles);
void masq_rtc_f32_init_run(float *psi, int32_t n);
double masq_rtc_f32_expval_z_run(float *psi, int32_t n, const int32_t *qs, int32_t k,
                                 int32_t run);
void masq_rtc_f32_seed_expval_z_run(const float *psi, float *lam, int32_t n, const int32_t *qs,
                                    int32_t k, double g);
void masq_rtc_f32_block_run(float *psi, int32_t n, const int32_t *qs, int32_t k,
                            const int32_t *desc, int32_t ngates, const double *angles,
                            int32_t run);
void masq_rtc_f32_block_back_run(float *psi, float *lam, int32_t n, const int32_t *qs,
                                 int32_t k, const int32_t *desc, int32_t ngates,
                                 const double *angles, double *dangles, int32_t run);
void masq_rtc_f32_encode_amplitude(float *psi, int32_t n, const int32_t *qs, int32_t k,
                                   const double *x, int32_t len);
void masq_rtc_f32_encode_amplitude_back(const float *psi, const float *lam, int32_t n,
                                        const int32_t *qs, int32_t k, const double *x,
                                        int32_t len, double *gx);
void masq_rtc_f32_encode_amplitude_lane(float *psi, int32_t n, const int32_t *qs, int32_t k,
                                        const double *x, int32_t len, int32_t lane);
void masq_rtc_f32_encode_amplitude_back_lane(const float *psi, const float *lam, int32_t n,
                                             const int32_t *qs, int32_t k, const double *x,
                                             int32_t len, double *gx, int32_t lane);
void masq_rtc_f32_encode_angle(float *psi, int32_t n, const int32_t *qs, int32_t k,
                               const double *x, int32_t axis, double scale);
void masq_rtc_f32_encode_angle_back(const float *psi, const float *lam, int32_t n,
                                    const int32_t *qs, int32_t k, const double *x,
                                    int32_t axis, double scale, double *gx);
void masq_rtc_f32_encode_angle_lane(float *psi, int32_t n, const int32_t *qs, int32_t k,
                                    const double *x, int32_t axis, double scale,
                                    int32_t lane);
void masq_rtc_f32_encode_angle_back_lane(const float *psi, const float *lam, int32_t n,
                                         const int32_t *qs, int32_t k, const double *x,
                                         int32_t axis, double scale, double *gx,
                                         int32_t lane);
void masq_rtc_f32_encode_angle_ps(float *psi, int32_t n, const int32_t *qs, int32_t k,
                                  const double *x, int32_t axis, double scale, int64_t base);
double masq_rtc_f32_fidelity(const float *psi, int32_t n, const int32_t *qs, int32_t k,
                             const double *ref, int32_t len);
void masq_rtc_f32_seed_fidelity(const float *psi, float *lam, int32_t n, const int32_t *qs,
                                int32_t k, const double *ref, int32_t len, double g);
double masq_rtc_f32_fidelity_lane(const float *psi, int32_t n, const int32_t *qs, int32_t k,
                                  const double *ref, int32_t len, int32_t lane);
void masq_rtc_f32_seed_fidelity_lane(const float *psi, float *lam, int32_t n,
                                     const int32_t *qs, int32_t k, const double *ref,
                                     int32_t len, double g, int32_t lane);
void masq_rtc_f32_fidelity_ref_back(const float *psi, int32_t n, const int32_t *qs,
                                    int32_t k, const double *ref, int32_t len, double g,
                                    double *gref);
void masq_rtc_f32_fidelity_ref_back_lane(const float *psi, int32_t n, const int32_t *qs,
                                         int32_t k, const double *ref, int32_t len,
                                         double g, double *gref, int32_t lane);
double masq_rtc_f32_fidelity_state(const float *psi, int32_t n, const int32_t *qs,
                                   int32_t k, const float *phi);
void masq_rtc_f32_seed_fidelity_state(const float *psi, float *lam, int32_t n,
                                      const int32_t *qs, int32_t k, const float *phi,
                                      float *lam_phi, double g);
double masq_rtc_f32_fidelity_state_lane(const float *psi, int32_t n, const int32_t *qs,
                                        int32_t k, const float *phi, int32_t lane);
void masq_rtc_f32_seed_fidelity_state_lane(const float *psi, float *lam, int32_t n,
                                           const int32_t *qs, int32_t k, const float *phi,
                                           float *lam_phi, double g, int32_t lane);
double masq_rtc_f32_expval_z(const float *psi, int32_t n, const int32_t *qs, int32_t k);
void masq_rtc_f32_seed_expval_z(const float *psi, float *lam, int32_t n, const int32_t *qs,
                                int32_t k, double g);
double masq_rtc_f32_expval_z_lane(const float *psi, int32_t n, const int32_t *qs, int32_t k,
                                  int32_t lane);
void masq_rtc_f32_seed_expval_z_lane(const float *psi, float *lam, int32_t n,
                                     const int32_t *qs, int32_t k, double g, int32_t lane);
double masq_rtc_f32_prob_zero(const float *psi, int32_t n, const int32_t *qs, int32_t k);
void masq_rtc_f32_seed_prob_zero(const float *psi, float *lam, int32_t n, const int32_t *qs,
                                 int32_t k, double g);
double masq_rtc_f32_prob_zero_lane(const float *psi, int32_t n, const int32_t *qs, int32_t k,
                                   int32_t lane);
void masq_rtc_f32_seed_prob_zero_lane(const float *psi, float *lam, int32_t n,
                                      const int32_t *qs, int32_t k, double g, int32_t lane);
void masq_rtc_f32_probabilities(const float *psi, int32_t n, const int32_t *qs, int32_t k,
                                double *out);
void masq_rtc_f32_seed_probabilities(const float *psi, float *lam, int32_t n,
                                     const int32_t *qs, int32_t k, const double *g);
void masq_rtc_f32_probabilities_lane(const float *psi, int32_t n, const int32_t *qs,
                                     int32_t k, double *out, int32_t lane);
void masq_rtc_f32_seed_probabilities_lane(const float *psi, float *lam, int32_t n,
                                          const int32_t *qs, int32_t k, const double *g,
                                          int32_t lane);

#ifdef __cplusplus
}
#endif

#endif /* MASQ_RUNTIME_COMPILED_H */
