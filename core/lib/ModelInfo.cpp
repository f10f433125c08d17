//===- ModelInfo.cpp - JSON form of ModelInfo -----------------------------===//
#include "masq/Core/ModelInfo.h"

#include <nlohmann/json.hpp>

namespace masq {
namespace {
using nlohmann::json;

json slotJson(const Slot &s) {
  return json{{"name", s.name}, {"shape", s.shape}, {"offset", s.offset},
              {"size", s.size}};
}
void readSlot(const json &j, Slot &s) {
  s.name = j.at("name").get<std::string>();
  s.shape = j.at("shape").get<std::vector<int64_t>>();
  s.offset = j.at("offset").get<int64_t>();
  s.size = j.at("size").get<int64_t>();
}
template <typename T> const T *find(const std::vector<T> &v, const std::string &n) {
  for (const T &s : v)
    if (s.name == n)
      return &s;
  return nullptr;
}
} // namespace

const Slot *ModelInfo::input(const std::string &n) const { return find(inputs, n); }
const ParamSlot *ModelInfo::param(const std::string &n) const { return find(params, n); }
const Slot *ModelInfo::output(const std::string &n) const { return find(outputs, n); }

std::string toJson(const ModelInfo &m) {
  json j;
  j["name"] = m.name;
  j["num_qubits"] = m.numQubits;
  j["total_qubits"] = m.totalQubits;
  j["num_params"] = m.numParams;
  j["input_size"] = m.inputSize;
  j["num_values"] = m.numValues;
  j["scratch"] = m.scratch;
  j["state_doubles"] = m.stateDoubles;
  j["has_loss"] = m.hasLoss;
  j["inputs"] = json::array();
  for (const Slot &s : m.inputs)
    j["inputs"].push_back(slotJson(s));
  j["params"] = json::array();
  for (const ParamSlot &p : m.params) {
    json e = slotJson(p);
    e["init"] = p.init;
    e["a"] = p.a;
    e["b"] = p.b;
    j["params"].push_back(e);
  }
  j["masks"] = json::array();
  for (const MaskSlot &k : m.masks) {
    json e = slotJson(k);
    e["kind"] = k.kind;
    e["input"] = k.input;
    e["ratio"] = k.ratio;
    e["rows"] = k.rows;
    e["cols"] = k.cols;
    e["patch"] = k.patch;
    j["masks"].push_back(e);
  }
  j["outputs"] = json::array();
  for (const Slot &s : m.outputs) {
    json e = slotJson(s);
    e["observable"] = s.observable;
    j["outputs"].push_back(e);
  }
  j["hypers"] = m.hypers;
  return j.dump();
}

bool fromJson(const std::string &text, ModelInfo &m, std::string &error) {
  try {
    json j = json::parse(text);
    m = ModelInfo();
    m.name = j.at("name").get<std::string>();
    m.numQubits = j.at("num_qubits").get<int>();
    m.totalQubits = j.at("total_qubits").get<int>();
    m.numParams = j.at("num_params").get<int64_t>();
    m.inputSize = j.at("input_size").get<int64_t>();
    m.numValues = j.at("num_values").get<int64_t>();
    m.scratch = j.at("scratch").get<int64_t>();
    m.stateDoubles = j.value("state_doubles", 2);
    if (m.stateDoubles != 1 && m.stateDoubles != 2)
      throw std::runtime_error("state_doubles must be 1 or 2");
    m.hasLoss = j.at("has_loss").get<bool>();
    for (const json &e : j.at("inputs")) {
      Slot s;
      readSlot(e, s);
      m.inputs.push_back(s);
    }
    for (const json &e : j.at("params")) {
      ParamSlot p;
      readSlot(e, p);
      p.init = e.at("init").get<std::string>();
      p.a = e.at("a").get<double>();
      p.b = e.at("b").get<double>();
      m.params.push_back(p);
    }
    for (const json &e : j.at("masks")) {
      MaskSlot k;
      readSlot(e, k);
      k.kind = e.at("kind").get<std::string>();
      k.input = e.at("input").get<std::string>();
      k.ratio = e.at("ratio").get<double>();
      k.rows = e.at("rows").get<int64_t>();
      k.cols = e.at("cols").get<int64_t>();
      k.patch = e.at("patch").get<int64_t>();
      m.masks.push_back(k);
    }
    for (const json &e : j.at("outputs")) {
      Slot s;
      readSlot(e, s);
      s.observable = e.value("observable", std::string());
      m.outputs.push_back(s);
    }
    m.hypers = j.at("hypers").get<std::map<std::string, double>>();
    return true;
  } catch (const std::exception &e) {
    error = std::string("malformed model description: ") + e.what();
    return false;
  }
}

} // namespace masq
