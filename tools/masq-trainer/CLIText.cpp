//===- CLIText.cpp - user input in command-line messages ------------------===//
#include "CLIText.h"

#include <cstdio>

namespace masq {

std::string lowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' &&
      (s.size() == 1 || !(s[1] >= 'A' && s[1] <= 'Z')))
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

std::string echoInput(std::string_view text, size_t width) {
  std::string out;
  size_t shown = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (shown == width)
      return out + "...";
    unsigned char c = static_cast<unsigned char>(text[i]);
    // Count a UTF-8 sequence as one character: skip continuation bytes.
    if ((c & 0xC0) != 0x80)
      ++shown;
    if (c < 0x20 || c == 0x7F) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string formatCLIError(const std::string &prefix, const CLI::App *,
                           const CLI::Error &e) {
  return prefix + ": error: " + lowerFirst(echoInput(e.what(), 200)) +
         "\nrun with --help for more information\n";
}

} // namespace masq
