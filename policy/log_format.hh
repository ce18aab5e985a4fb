/**
 * \file log_format.hh
 * The text pieces of an outcome-log line, appended to a string without any
 * temporary allocation: the time stamp, decimal numbers, addresses and DNS
 * names in presentation form.
 *
 * The log writer formats one line per logged answer; snprintf, inet_ntop's
 * internal sprintf, and the temporary strings of Address::toString and
 * DnsName::toString were a visible part of that cost (doc/performance.md).
 * Each function here produces exactly the text of its slower counterpart
 * (tests/unit/test-log-record.cc compares them): appendAddress that of
 * inet_ntop (Address::toString), appendWireName that of DnsName::toString.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "policy/address.hh"

namespace orchard {

/** "2026-11-29T06:29:27.123456Z" for microseconds since the epoch (UTC). */
void appendIsoTime(std::string& out, int64_t us);
void appendDecimal(std::string& out, uint64_t n);
void appendDecimal(std::string& out, int64_t n);
/** The address as inet_ntop writes it ("192.0.2.1", "2001:db8::1"). */
void appendAddress(std::string& out, const Address& a);
/** Presentation form of an uncompressed wire name, as DnsName::toString
 *  writes it ("." for the root, specials and unsafe bytes escaped). The
 *  wire name must be well formed (labels of 1-63 bytes, root-terminated).
 *  With `json`, as a JSON string literal: quoted, backslashes doubled. */
void appendWireName(std::string& out, std::string_view wire, bool json = false);

}  // namespace orchard
