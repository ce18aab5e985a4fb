/**
 * \file row_format.hh
 * How orchardctl prints catalog rows: as text cells, TSV lines and JSON
 * objects. `catalog` and `match` share it so a row looks the same in both.
 */
#pragma once

#include <string>
#include <vector>

#include "policy/base/json.hh"
#include "policy/catalog/catalog.hh"

namespace orchard::ctl {

/** "443,80" */
std::string portsText(const Row& r);
/** "iOS, tvOS, macOS" */
std::string osText(const Row& r);
/** The description in the chosen language, or the other one if empty. */
std::string descText(const Row& r, bool japanese);
/** section, host, ports, protocol, os, proxy, description (tab-separated). */
std::string tsvLine(const Row& r, bool japanese);
void writeRowJson(JsonWriter& w, const Row& r);
void writeRuleJson(JsonWriter& w, const Rule& r);

/** A text table: columns padded to their widest cell (UTF-8 aware). */
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render(const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace orchard::ctl
