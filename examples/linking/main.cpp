// Calling a model compiled with `masq compile --emit=obj` from C++
// (docs/linking.md). Build (from the repository root, after the build):
//   build/tools/masq/masq compile examples/linking/classifier.masq --emit=obj -o classifier.o
//   c++ -std=c++17 -O2 examples/linking/main.cpp classifier.o -Icore/include \
//       build/runtime/sim/libmasq_runtime.a build/core/libmasq_core_model.a \
//       -fopenmp -pthread -o classifier
//   ./classifier 0.1 0.5 0.9 1.3
#include "masq/Core/ModelInfo.h"
#include "masq/Core/Params.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

// The three symbols of the object file (the ABI of masq/Model/Model.h).
extern "C" {
void masq_model_forward(const double *theta, const double *inputs, int64_t batch,
                        double *values, double *work);
void masq_model_gradient(const double *theta, const double *inputs, int64_t batch,
                         double *values, double *gtheta, double *work);
extern const char masq_model_info[];
// The runtime's first error on this thread (a bad input, an out-of-memory),
// or null; masq_rtc_clear_error() resets it.
const char *masq_rtc_error(void);
}

int main(int argc, char **argv) {
  masq::ModelInfo info;
  std::string error;
  if (!masq::fromJson(masq_model_info, info, error)) {
    std::fprintf(stderr, "bad model description: %s\n", error.c_str());
    return 1;
  }
  if (argc - 1 != info.inputSize) {
    std::fprintf(stderr, "usage: %s x1 .. x%lld\n", argv[0], (long long)info.inputSize);
    return 1;
  }
  // Buffers (masq/Core/ModelInfo.h): theta, one sample's inputs, its values
  // (the loss at 0, then the outputs) and the work memory, 64-byte aligned.
  std::vector<double> theta = masq::initialParams(info, /*seed=*/0);
  std::vector<double> inputs(size_t(info.inputSize)), values(size_t(info.numValues));
  for (int i = 1; i < argc; ++i)
    inputs[size_t(i - 1)] = std::atof(argv[i]);
  const size_t workBytes = ((size_t(info.workSize()) * sizeof(double) + 63) / 64) * 64;
  double *work = static_cast<double *>(std::aligned_alloc(64, workBytes));
  std::memset(work, 0, workBytes);

  // forward: the loss and the outputs. gradient: the loss (values[0]) and
  // d loss / d theta, added to grad; it computes only what the loss needs.
  masq_model_forward(theta.data(), inputs.data(), 1, values.data(), work);
  std::vector<double> grad(size_t(info.numParams), 0.0), gvalues(values.size());
  masq_model_gradient(theta.data(), inputs.data(), 1, gvalues.data(), grad.data(), work);
  if (const char *e = masq_rtc_error()) {
    std::fprintf(stderr, "runtime error: %s\n", e);
    return 1;
  }
  std::printf("loss = %.17g\n", values[0]);
  for (const masq::Slot &s : info.outputs) {
    std::printf("%s =", s.name.c_str());
    for (int64_t k = 0; k < s.size; ++k)
      std::printf(" %.17g", values[size_t(s.offset + k)]);
    std::printf("\n");
  }
  std::printf("d loss / d theta =");
  for (double g : grad)
    std::printf(" %.17g", g);
  std::printf("\n");
  std::free(work);
  return 0;
}
