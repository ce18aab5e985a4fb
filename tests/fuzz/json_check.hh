/**
 * \file json_check.hh
 * A strict JSON validator (RFC 8259) for the fuzz targets: the control
 * channel's --json answers must parse, whatever names and arguments went
 * into them. Only checks syntax; builds nothing.
 */
#pragma once

#include <string>
#include <string_view>

namespace orchard::fuzz {

/** True when `text` is exactly one JSON value (surrounding white space
 *  allowed); otherwise false, with `why` naming the offset and the problem. */
bool validJson(std::string_view text, std::string& why);

}  // namespace orchard::fuzz
