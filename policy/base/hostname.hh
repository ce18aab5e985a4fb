/**
 * \file hostname.hh
 * The one test of "is this text a hostname", applied at every door a name
 * comes through: a CNAME target taken from an answer, a line of the CNAME
 * state file, a site file row, a value typed on the command line.
 *
 * DNS itself allows any octet in a label (`a/b`, `*`, a terminal escape);
 * the configurations Orchard writes do not: a `/` splits dnsmasq's
 * `server=/a/b/` list, a `*` first label is an RPZ wildcard, a control
 * byte reaches an administrator's terminal. So a name Orchard keeps or
 * writes is a hostname in the strict sense: labels of letters, digits,
 * hyphen and underscore (service labels such as `_tcp`), 1 to 63 octets,
 * at most 253 characters in all, in canonical form (lower case, no
 * trailing dot, no escapes).
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orchard {

/** Longest hostname in presentation form, without the trailing dot. */
inline constexpr size_t kMaxHostname = 253;

/** Why `text` is not a hostname ("" when it is one). The reason names
 *  the offending label or character, for error messages. Accepts upper
 *  case and one trailing dot (canonicalHostname() folds them). */
std::string hostnameProblem(std::string_view text);

/** True when `text` is a hostname already in canonical form: lower case,
 *  no trailing dot (what a state file or a generated config holds). */
bool isCanonicalHostname(std::string_view text);

/** `text` lower-cased and without its trailing dot, when it is a
 *  hostname; nullopt otherwise. */
std::optional<std::string> canonicalHostname(std::string_view text);

}  // namespace orchard
