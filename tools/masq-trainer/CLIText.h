//===- CLIText.h - user input in command-line messages ----------*- C++ -*-===//
//
// Shared by masq (with or without the runtime) and standalone trainers.
// Built with exceptions (CLI11).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_CLITEXT_H
#define MASQ_TOOLS_CLITEXT_H

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

namespace masq {

/// "Cannot open" -> "cannot open" (an acronym such as "IO" stays).
std::string lowerFirst(std::string s);

/// User input for a message: control bytes escaped, cut to `width`
/// characters with "..." after.
std::string echoInput(std::string_view text, size_t width = 80);

/// CLI11's failure message: "PREFIX: error: what" (cut to a sane width) and
/// a pointer to --help.
std::string formatCLIError(const std::string &prefix, const CLI::App *app,
                           const CLI::Error &e);

} // namespace masq

#endif // MASQ_TOOLS_CLITEXT_H
