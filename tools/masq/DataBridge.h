//===- DataBridge.h - data loading for the MLIR-side driver -----*- C++ -*-===//
//
// The loaders (masq/Train/Data.h) report errors by exception; the MLIR side
// is built without exceptions, so these wrappers (built with them) turn the
// exceptions into messages. Without the runtime (MASQ_WITH_RUNTIME=OFF)
// there are no data sets: --data is refused with a message.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_DATABRIDGE_H
#define MASQ_TOOLS_DATABRIDGE_H

#include <cstdint>
#include <string>
#include <vector>

namespace masq {

/// Image `index` of dataset `spec`, resized (area averaging) to `size`
/// values (a square image, or rows x cols when given). False + message.
bool loadSampleImage(const std::string &spec, long long index, int64_t size,
                     std::vector<double> &out, std::string &error);

struct DriverOptions;
/// --sample K [--count N] or --samples A..B against the images of --data
/// (if given), before any work. 0 if they are in range (or there is no
/// --data); otherwise prints the error and returns 1.
int checkSampleRange(const DriverOptions &opts);

/// "1,2.5,-3" -> numbers; false + message naming the bad field.
bool parseNumberList(const std::string &text, std::vector<double> &out,
                     std::string &error);

#if MASQ_WITH_RUNTIME
struct CompiledModel;
struct TrainOptions;
/// trainModel / evalModel with their exceptions turned into a message.
int callTrainer(const CompiledModel &m, const TrainOptions &o, bool eval);
#endif

} // namespace masq

#endif // MASQ_TOOLS_DATABRIDGE_H
