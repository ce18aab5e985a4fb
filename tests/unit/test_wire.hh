/**
 * \file test_wire.hh
 * Builds uncompressed wire-form names for unit tests ("a.example" ->
 * "\x01a\x07example\x00"), as the resolver adapter hands them over.
 */
#pragma once

#include <string>

inline std::string wire(const std::string& name) {
  std::string out;
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out += static_cast<char>(dot - start);
    out += name.substr(start, dot - start);
    start = dot + 1;
  }
  return out + '\0';
}
