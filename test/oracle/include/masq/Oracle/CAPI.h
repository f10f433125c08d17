/*===- CAPI.h - C interface of the test oracle ---------------------*- C -*-===*
 *
 * masq_oracle (test/oracle), not the runtime: states, batches and tapes
 * behind opaque handles, for tests that drive the oracle from C.
 *
 * Plain C: opaque handles, int / double / uint64_t arrays, no C++ types.
 * Every function except the two string getters returns a masq_rt_status
 * (destroying NULL is OK); on failure masq_rt_last_error() describes the
 * problem (per thread). No C++ exception crosses this boundary.
 *
 * Conventions: q[0] is the least significant bit of a basis index; complex
 * numbers are interleaved (re, im) doubles; matrices are row-major with
 * operand 0 = least significant local bit; gate kinds are the values of
 * masq::gates::Kind (h=0 ... sxdg=21, see masq_rt_gate_kind()).
 *
 *===----------------------------------------------------------------------===*/
#ifndef MASQ_ORACLE_CAPI_H
#define MASQ_ORACLE_CAPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum masq_rt_status {
  MASQ_RT_OK = 0,
  MASQ_RT_BAD_QUBIT = 1,
  MASQ_RT_DUPLICATE_QUBIT = 2,
  MASQ_RT_NON_UNITARY = 3,
  MASQ_RT_NON_FINITE = 4, /* NaN / inf angle or value */
  MASQ_RT_OUT_OF_MEMORY = 5, /* or too many qubits */
  MASQ_RT_ZERO_NORM = 6,
  MASQ_RT_BAD_ARGUMENT = 7
} masq_rt_status;

typedef struct masq_rt_state masq_rt_state;
typedef struct masq_rt_batch masq_rt_batch;
typedef struct masq_rt_tape masq_rt_tape;

/* Message of the last failure on this thread ("" after success). */
const char *masq_rt_last_error(void);
const char *masq_rt_status_string(masq_rt_status s);

/* Configuration: threads (0 = default), amplitude-parallel threshold in
 * qubits, SIMD kernels on/off (off forces the portable scalar path). */
masq_rt_status masq_rt_set_num_threads(int n);
masq_rt_status masq_rt_set_parallel_qubits(int n);
masq_rt_status masq_rt_set_simd(int enabled);
/* Cache-blocked execution of gate runs (default on) and two samples per
 * complex state for real circuits (default on); off for comparisons. */
masq_rt_status masq_rt_set_cache_blocking(int enabled);
masq_rt_status masq_rt_set_sample_pairing(int enabled);
/* Gate kind from its masq spelling ("h", "crx", ...). */
masq_rt_status masq_rt_gate_kind(const char *name, int *kind);

/*--- single state --------------------------------------------------------*/
masq_rt_status masq_rt_state_create(int num_qubits, masq_rt_state **out);
masq_rt_status masq_rt_state_destroy(masq_rt_state *s);
/* 2^n amplitudes, interleaved; fails once a reset made the state mixed. */
masq_rt_status masq_rt_state_get(const masq_rt_state *s, double *amps, size_t count);
masq_rt_status masq_rt_state_set(masq_rt_state *s, const double *amps, size_t count);
masq_rt_status masq_rt_gate(masq_rt_state *s, int kind, const int *qubits, int num_qubits,
                            const double *angles, int num_angles);
/* Fused unitary on k <= 5 qubits: 4^k complex entries = 2*4^k doubles. */
masq_rt_status masq_rt_unitary(masq_rt_state *s, const int *qubits, int k,
                               const double *matrix);
masq_rt_status masq_rt_encode_amplitude(masq_rt_state *s, const double *x, size_t len);
/* axis: the gate kind of rx, ry or rz. */
masq_rt_status masq_rt_encode_angle(masq_rt_state *s, const double *x, const int *qubits,
                                    int k, int axis, double scale);
masq_rt_status masq_rt_reset(masq_rt_state *s, const int *qubits, int k);
masq_rt_status masq_rt_fidelity(const masq_rt_state *s, const double *ref, size_t len,
                                double *out);
masq_rt_status masq_rt_expval_z(const masq_rt_state *s, const int *qubits, int k,
                                double *out);
masq_rt_status masq_rt_prob_zero(const masq_rt_state *s, const int *qubits, int k,
                                 double *out);
/* 2^k marginal probabilities of the qubits (outcome bit j = qubits[j]). */
masq_rt_status masq_rt_probabilities(const masq_rt_state *s, const int *qubits, int k,
                                     double *out);
/* shots outcomes from std::mt19937_64(seed); reproducible for a seed. */
masq_rt_status masq_rt_sample(const masq_rt_state *s, const int *qubits, int k,
                              uint64_t shots, uint64_t seed, uint64_t *out);

/*--- masks ---------------------------------------------------------------*/
typedef struct masq_rt_mask {
  int kind;           /* 0 none, 1 patch, 2 pixel, 3 index list */
  int rows, cols;     /* patch: image geometry (rows*cols = input length) */
  int patch;          /* patch side */
  const int *indices; /* index list */
  int num_indices;
  int parametric;     /* 1: fill from theta[fill_offset .. +fill_size) */
  double fill;        /* constant fill */
  int fill_offset, fill_size;
} masq_rt_mask;
/* out[len] = masked x; pattern: per-sample pattern (patch / pixel masks);
 * theta: the parameter vector holding a parametric fill. */
masq_rt_status masq_rt_apply_mask(const masq_rt_mask *mask, const double *x, size_t len,
                                  const double *pattern, const double *theta,
                                  size_t num_theta, double *out);

/*--- batch of states -----------------------------------------------------*/
masq_rt_status masq_rt_batch_create(int num_qubits, int batch, masq_rt_batch **out);
masq_rt_status masq_rt_batch_destroy(masq_rt_batch *b);
/* per_sample = 0: angles shared; 1: batch x num_angles. */
masq_rt_status masq_rt_batch_gate(masq_rt_batch *b, int kind, const int *qubits,
                                  int num_qubits, const double *angles, int num_angles,
                                  int per_sample);
masq_rt_status masq_rt_batch_unitary(masq_rt_batch *b, const int *qubits, int k,
                                     const double *matrix);
masq_rt_status masq_rt_batch_encode_amplitude(masq_rt_batch *b, const double *x,
                                              size_t len);
masq_rt_status masq_rt_batch_encode_angle(masq_rt_batch *b, const double *x,
                                          const int *qubits, int k, int axis,
                                          double scale);
masq_rt_status masq_rt_batch_reset(masq_rt_batch *b, const int *qubits, int k);
masq_rt_status masq_rt_batch_fidelity(const masq_rt_batch *b, const double *refs,
                                      size_t len, double *out);
masq_rt_status masq_rt_batch_expval_z(const masq_rt_batch *b, const int *qubits, int k,
                                      double *out);
masq_rt_status masq_rt_batch_prob_zero(const masq_rt_batch *b, const int *qubits, int k,
                                       double *out);

/*--- tapes ---------------------------------------------------------------*/
/* angle = constant + sum coef[j] * theta[index[j]] + sum in_coef[j] * x[in_index[j]] */
typedef struct masq_rt_angle {
  double constant;
  int num_terms;
  const int *index;
  const double *coef;
  int num_input_terms;
  const int *input_index;
  const double *input_coef;
} masq_rt_angle;

typedef enum masq_rt_obs {
  MASQ_RT_OBS_FIDELITY = 0,
  MASQ_RT_OBS_EXPVAL_Z = 1,
  MASQ_RT_OBS_PROB_ZERO = 2,
  MASQ_RT_OBS_PROBS = 3,
  MASQ_RT_OBS_SAMPLE = 4
} masq_rt_obs;

masq_rt_status masq_rt_tape_create(int num_qubits, int num_params, int input_size,
                                   masq_rt_tape **out);
masq_rt_status masq_rt_tape_destroy(masq_rt_tape *t);
masq_rt_status masq_rt_tape_gate(masq_rt_tape *t, int kind, const int *qubits,
                                 int num_qubits, const masq_rt_angle *angles,
                                 int num_angles);
masq_rt_status masq_rt_tape_unitary(masq_rt_tape *t, const int *qubits, int k,
                                    const double *matrix);
/* mask may be NULL; pattern_offset: where the mask pattern sits in the input. */
masq_rt_status masq_rt_tape_encode_amplitude(masq_rt_tape *t, int input_offset,
                                             int length, const masq_rt_mask *mask,
                                             int pattern_offset);
masq_rt_status masq_rt_tape_encode_angle(masq_rt_tape *t, int input_offset,
                                         const int *qubits, int k, int axis,
                                         double scale, const masq_rt_mask *mask,
                                         int pattern_offset);
masq_rt_status masq_rt_tape_reset(masq_rt_tape *t, const int *qubits, int k);
/* Appends an observable; *value_offset (may be NULL) gets its first slot.
 * ref_offset/ref_length: fidelity reference slice of the input. */
masq_rt_status masq_rt_tape_observe(masq_rt_tape *t, int kind, const int *qubits, int k,
                                    const char *name, int ref_offset, int ref_length,
                                    uint64_t shots, int *value_offset);
masq_rt_status masq_rt_tape_num_values(const masq_rt_tape *t, int *out);
masq_rt_status masq_rt_tape_value_offset(const masq_rt_tape *t, const char *name,
                                         int *offset, int *count);

/* values: batch x num_values. inputs: batch x input_size. */
masq_rt_status masq_rt_run(const masq_rt_tape *t, const double *theta,
                           const double *inputs, int batch, uint64_t seed,
                           double *values);
/* Linear loss L_s = sum_i weights[i] v[s,i] + constant. Outputs may be NULL
 * except grad_theta (num_params); grad_inputs is batch x input_size. */
masq_rt_status masq_rt_gradient(const masq_rt_tape *t, const double *theta,
                                const double *inputs, int batch, const double *weights,
                                double constant, double *values, double *losses,
                                double *grad_theta, double *grad_inputs);
/* cotangents: batch x num_values = dL/dv from the caller. */
masq_rt_status masq_rt_vjp(const masq_rt_tape *t, const double *theta,
                           const double *inputs, int batch, const double *cotangents,
                           double *values, double *grad_theta, double *grad_inputs);
masq_rt_status masq_rt_param_shift(const masq_rt_tape *t, const double *theta,
                                   const double *inputs, int batch,
                                   const double *cotangents, double *grad_theta,
                                   double *grad_inputs);
masq_rt_status masq_rt_finite_diff(const masq_rt_tape *t, const double *theta,
                                   const double *inputs, int batch,
                                   const double *cotangents, double step,
                                   double *grad_theta, double *grad_inputs);

#ifdef __cplusplus
}
#endif

#endif /* MASQ_ORACLE_CAPI_H */
