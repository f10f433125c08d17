//===- TrainFlags.cpp - the flags and config file of training -------------===//
//
// toml++ is used header-only (and without exceptions: parse() returns a
// result), so the standalone trainers that link this need no libtomlplusplus.
//
//===----------------------------------------------------------------------===//
#include "TrainFlags.h"

#include "masq/Model/Trainer.h"

#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace masq {

namespace {

/// Settings files are small; anything larger is not one.
constexpr size_t kMaxConfigBytes = 1 << 20;


/// A whole number from `lo` to `hi`, written in decimal (CLI11 itself would
/// read "010" as octal and "-1" as 2^64-1). The value is rewritten in plain
/// decimal for CLI11's conversion; otherwise "must be `what`, not 'TEXT'".
CLI::Validator wholeNumber(uint64_t lo, uint64_t hi, std::string what) {
  return CLI::Validator(
      [lo, hi, what](std::string &text) -> std::string {
        bool digits = !text.empty() && text.size() <= 20 &&
                      std::all_of(text.begin(), text.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
        errno = 0;
        unsigned long long v = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
        if (!digits || errno || v < lo || v > hi)
          return "must be " + what + ", not '" + echoInput(text) + "'";
        text = std::to_string(v);
        return "";
      },
      "");
}

/// A finite number above 0.
CLI::Validator positiveReal() {
  return CLI::Validator(
      [](std::string &text) -> std::string {
        char *end = nullptr;
        errno = 0;
        double v = text.empty() ? 0 : std::strtod(text.c_str(), &end);
        if (text.empty() || *end || errno || !std::isfinite(v) || !(v > 0))
          return "must be a finite number above 0, not '" + echoInput(text) + "'";
        return "";
      },
      "");
}

CLI::Validator nonEmpty() {
  return CLI::Validator(
      [](std::string &text) -> std::string {
        return text.empty() ? "must not be empty" : "";
      },
      "");
}

std::string where(const std::string &path, const toml::source_position &pos) {
  return path + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

/// Reads a settings file: a regular file of at most kMaxConfigBytes. Opened
/// without blocking, so a FIFO is refused instead of waited on.
bool readSettingsFile(const std::string &path, std::string &text, std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = path + ": cannot open it: " + lowerFirst(std::strerror(errno));
    return false;
  }
  struct stat st;
  bool ok = false;
  if (::fstat(fd, &st) != 0)
    error = path + ": cannot read it: " + lowerFirst(std::strerror(errno));
  else if (S_ISDIR(st.st_mode))
    error = path + ": is a directory, not a settings file";
  else if (!S_ISREG(st.st_mode))
    error = path + ": is not a regular file";
  else if (static_cast<uint64_t>(st.st_size) > kMaxConfigBytes)
    error = path + ": is larger than 1 MiB, too large for a settings file";
  else
    ok = true;
  text.clear();
  char buffer[65536];
  while (ok) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = path + ": cannot read it: " + lowerFirst(std::strerror(errno));
      ok = false;
    } else if (n == 0) {
      break;
    } else if (text.size() + static_cast<size_t>(n) > kMaxConfigBytes) {
      error = path + ": is larger than 1 MiB, too large for a settings file";
      ok = false;
    } else {
      text.append(buffer, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return ok;
}

/// The value type of an option, as CLI11 names it (INT, UINT, FLOAT, TEXT),
/// without the validators' descriptions.
std::string kindOf(const CLI::Option *opt) {
  std::string name = opt->get_type_name();
  return name.substr(0, name.find(':'));
}

/// A TOML value as the command-line text of option `opt`, or a message
/// saying what it must be.
bool toArgument(const CLI::Option *opt, const toml::node &value, std::string &out,
                std::string &mustBe) {
  if (opt->get_expected_max() == 0) {
    mustBe = "true or false";
    if (const toml::value<bool> *b = value.as_boolean())
      return out = b->get() ? "true" : "false", true;
    return false;
  }
  std::string kind = kindOf(opt);
  if (kind == "INT" || kind == "UINT") {
    mustBe = "an integer";
    if (const toml::value<int64_t> *i = value.as_integer())
      return out = std::to_string(i->get()), true;
    return false;
  }
  if (kind == "FLOAT" || kind == "NUMBER") {
    mustBe = "a number";
    if (const toml::value<int64_t> *i = value.as_integer())
      return out = std::to_string(i->get()), true;
    if (const toml::value<double> *f = value.as_floating_point()) {
      double v = f->get();
      if (std::isnan(v))
        out = "nan";
      else if (std::isinf(v))
        out = v > 0 ? "inf" : "-inf";
      else {
        char text[64];
        std::snprintf(text, sizeof text, "%.17g", v);
        out = text;
      }
      return true;
    }
    return false;
  }
  mustBe = "a string";
  if (const toml::value<std::string> *s = value.as_string())
    return out = s->get(), true;
  return false;
}

/// One `key = value` of the file, with the option it sets.
struct Setting {
  std::string key;
  const toml::key *keyNode;
  const toml::node *value;
  CLI::Option *opt;
  std::vector<std::string> arguments;
};

bool before(const toml::source_position &a, const toml::source_position &b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

} // namespace

void addDataFlags(CLI::App &cmd, TrainOptions &o) {
  cmd.add_option("--data", o.data,
                 "digits | fashion-mnist | mnist:DIR | idx:IMAGES,LABELS | csv:PATH")
      ->check(nonEmpty())
      ->capture_default_str();
  cmd.add_option("--seed", o.seed, "seed of initialisers, split, masks and order")
      ->check(wholeNumber(0, UINT64_MAX, "a whole number from 0 to 2^64-1"))
      ->capture_default_str();
  cmd.add_option("--train", o.train, "training images (at least 1)")
      ->check(wholeNumber(1, 1000000000, "a whole number from 1 to 10^9"))
      ->capture_default_str();
  cmd.add_option("--test", o.test, "test images (at least 1)")
      ->check(wholeNumber(1, 1000000000, "a whole number from 1 to 10^9"))
      ->capture_default_str();
  cmd.add_option("--threads", o.threads, "threads: 0 = one per core, else 1 to 1024")
      ->check(wholeNumber(0, 1024, "0 (one thread per core) or a number of threads up to 1024"))
      ->capture_default_str();
}

void addTrainingFlags(CLI::App &cmd, TrainOptions &o) {
  cmd.add_option("--epochs", o.epochs, "epochs (at least 1)")
      ->check(wholeNumber(1, 1000000, "a whole number from 1 to 10^6"))
      ->capture_default_str();
  cmd.add_option("--batch", o.batch, "batch size (at least 1)")
      ->check(wholeNumber(1, 1 << 20, "a whole number from 1 to 2^20"))
      ->capture_default_str();
  cmd.add_option("--lr", o.lr, "learning rate (finite, above 0)")
      ->check(positiveReal())
      ->capture_default_str();
  cmd.add_option("--optimizer", o.optimizer, "adam | sgd")
      ->check(CLI::IsMember({"adam", "sgd"}))
      ->capture_default_str();
  cmd.add_option("--out", o.out, "results folder")->check(nonEmpty())->capture_default_str();
  cmd.add_flag("--resume", o.resume, "continue from DIR/checkpoint.json");
  cmd.add_option("--shots", o.shots,
                 "measure every circuit N times, as a device would: gradients by the "
                 "parameter-shift rule with N shots per shifted circuit, test values "
                 "estimated from N shots (0: exact, the adjoint method)")
      ->check(wholeNumber(0, 100000000, "0 (exact) or a number of shots up to 10^8"))
      ->capture_default_str();
  cmd.add_option("--trajectories", o.trajectories,
                 "a model with noise channels: every value is the mean over T quantum "
                 "trajectories (seeded by --shot-seed); gradients by parameter shift")
      ->check(wholeNumber(0, 100000000, "0 or a number of trajectories up to 10^8"))
      ->capture_default_str();
  cmd.add_option("--shot-seed", o.shotSeed, "seed of the measurement outcomes (--shots)")
      ->check(wholeNumber(0, UINT64_MAX, "a whole number from 0 to 2^64-1"))
      ->capture_default_str();
  cmd.add_option("--val", o.val,
                 "hold out N images (after the test split) as a validation set, evaluated "
                 "every epoch; the parameters with the lowest validation loss are the result "
                 "(best_params.json, and params.json at the end)")
      ->check(wholeNumber(0, 100000000, "0 (none) or a number of images"))
      ->capture_default_str();
  cmd.add_option("--early-stop", o.earlyStop,
                 "stop after K epochs without a lower validation loss (needs --val; 0: never)")
      ->check(wholeNumber(0, 1000000, "0 (never) or a number of epochs"))
      ->capture_default_str();
  cmd.add_option("--lr-schedule", o.lrSchedule,
                 "learning rate per epoch: constant | step (times --lr-gamma every "
                 "--lr-step-size epochs) | cosine (down to --lr-min at the last epoch)")
      ->check(CLI::IsMember({"constant", "step", "cosine"}))
      ->capture_default_str();
  cmd.add_option("--lr-step-size", o.lrStepSize, "epochs between steps of --lr-schedule step")
      ->check(wholeNumber(1, 1000000, "a whole number from 1 to 10^6"))
      ->capture_default_str();
  cmd.add_option("--lr-gamma", o.lrGamma, "factor of each step of --lr-schedule step")
      ->check(positiveReal())
      ->capture_default_str();
  cmd.add_option("--lr-min", o.lrMin, "the last learning rate of --lr-schedule cosine")
      ->check(CLI::Range(0.0, 1e300))
      ->capture_default_str();
  cmd.add_option("--clip", o.clip,
                 "scale each batch's mean gradient to L2 norm at most C (0: no clipping)")
      ->check(CLI::Range(0.0, 1e300))
      ->capture_default_str();
}

CLI::Option *addConfigFlag(CLI::App &cmd, std::string &path) {
  return cmd.add_option("--config", path,
                        "settings file (TOML): `flag = value` lines, the long flag "
                        "names of this command without -- (data = \"digits\"); flags "
                        "on the command line win");
}

bool applyConfigFile(CLI::App &cmd, const std::string &path, std::string &error) {
  std::string text;
  if (!readSettingsFile(path, text, error))
    return false;
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    const toml::parse_error &e = parsed.error();
    error = where(path, e.source().begin) + ": " +
            lowerFirst(echoInput(e.description(), 200));
    return false;
  }

  // The keys: every option with a long name, except --help and --config.
  std::map<std::string, CLI::Option *> known;
  for (CLI::Option *opt : cmd.get_options()) {
    for (const std::string &name : opt->get_lnames())
      if (name != "help" && name != "help-all" && name != "config" && name != "version")
        known[name] = opt;
  }

  // Check the whole file first, in the order of its lines.
  std::vector<Setting> settings;
  for (auto &&[key, value] : parsed.table())
    settings.push_back({std::string(key.str()), &key, &value, nullptr, {}});
  std::sort(settings.begin(), settings.end(), [](const Setting &a, const Setting &b) {
    return before(a.keyNode->source().begin, b.keyNode->source().begin);
  });
  for (Setting &s : settings) {
    auto it = known.find(s.key);
    if (it == known.end()) {
      std::string names;
      for (auto &[name, opt] : known)
        names += (names.empty() ? "" : ", ") + name;
      error = where(path, s.keyNode->source().begin) + ": unknown key '" +
              echoInput(s.key) + "' (known: " + names + ")";
      return false;
    }
    s.opt = it->second;
    std::string mustBe;
    auto convert = [&](const toml::node &v) {
      std::string arg;
      if (!toArgument(s.opt, v, arg, mustBe)) {
        error = where(path, v.source().begin) + ": '" + s.key + "' must be " + mustBe;
        return false;
      }
      s.arguments.push_back(std::move(arg));
      return true;
    };
    bool list = s.opt->get_expected_max() > 1;
    if (const toml::array *a = s.value->as_array(); a && list) {
      for (const toml::node &v : *a)
        if (!convert(v))
          return false;
    } else if (!convert(*s.value)) {
      if (list)
        error += " (or a list of them)";
      return false;
    }
  }

  // Then set what the command line left unset, through the options' checks.
  for (Setting &s : settings) {
    // An empty list (set = []) sets nothing.
    if (s.opt->count() > 0 || s.arguments.empty())
      continue;
    try {
      for (std::string &arg : s.arguments)
        s.opt->add_result(arg);
      s.opt->run_callback();
    } catch (const CLI::Error &e) {
      std::string what = e.what(), flag = s.opt->get_name() + ": ";
      if (what.compare(0, flag.size(), flag) == 0)
        what = what.substr(flag.size());
      // The checks above say "must be ..."; CLI11's own say what is wrong.
      bool mustBe = what.compare(0, 5, "must ") == 0;
      error = where(path, s.value->source().begin) + ": '" + s.key + "'" +
              (mustBe ? " " : ": ") + lowerFirst(echoInput(what, 200));
      return false;
    }
  }
  return true;
}

} // namespace masq
