//===- TrainFlags.h - the flags and config file of training -----*- C++ -*-===//
//
// `masq train`, `masq eval` and standalone trainers (masq build) take the
// same flags; they are declared here once, with the checks of their values,
// and the TOML settings file `--config FILE` that fills in the flags the
// command line leaves out. Built with exceptions (CLI11 throws).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_TRAINFLAGS_H
#define MASQ_TOOLS_TRAINFLAGS_H

#include "CLIText.h"

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

namespace masq {

struct TrainOptions;

/// --data --seed --train --test --threads: the data and its split.
void addDataFlags(CLI::App &cmd, TrainOptions &o);

/// --epochs --batch --lr --optimizer --out --resume.
void addTrainingFlags(CLI::App &cmd, TrainOptions &o);

/// --config FILE: a TOML file of `flag = value` lines (see applyConfigFile).
CLI::Option *addConfigFlag(CLI::App &cmd, std::string &path);

/// Checks every `key = value` of the TOML file `path` against the options of
/// `cmd` (keys are the long flag names without "--"; unknown keys and values
/// of the wrong type are errors), then gives each option that the command
/// line did not set its value from the file, through the option's own
/// checks. The file must be a regular file of at most 1 MiB. On failure
/// returns false with a message that starts with the file name (and
/// line:col when there is one).
bool applyConfigFile(CLI::App &cmd, const std::string &path, std::string &error);

} // namespace masq

#endif // MASQ_TOOLS_TRAINFLAGS_H
