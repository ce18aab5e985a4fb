/**
 * \file log_format.hh
 * The text pieces of an outcome-log line, without any temporary allocation:
 * the time stamp, decimal numbers, addresses and DNS names in presentation
 * form. Each comes twice: put* writes through a raw pointer into a buffer
 * the caller sized (the log writer sizes the whole line once, see
 * LogRecord::appendJson) and returns the end; append* appends to a string.
 *
 * The log writer formats one line per logged answer; snprintf, inet_ntop's
 * internal sprintf, the temporary strings of Address::toString and
 * DnsName::toString, and then a std::string append per piece were a visible
 * part of that cost (doc/performance.md). Each function here produces
 * exactly the text of its slower counterpart (tests/unit/test-log-record.cc
 * compares them): the address that of inet_ntop (Address::toString), the
 * wire name that of DnsName::toString.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "policy/address.hh"

namespace orchard {

constexpr size_t kIsoTimeText = 48;  // at most; "2026-11-29T06:29:27.123456Z" is 27
constexpr size_t kAddressText = 46;  // INET6_ADDRSTRLEN
constexpr size_t kDecimalText = 20;  // UINT64_MAX; INT64_MIN takes 20 too
/** At most this many bytes for a wire name of `wireSize` bytes (JSON
 *  escapes and quotes included). */
constexpr size_t wireNameText(size_t wireSize) { return 5 * wireSize + 3; }

/** "2026-11-29T06:29:27.123456Z" for microseconds since the epoch (UTC). */
char* putIsoTime(char* p, int64_t us);
char* putDecimal(char* p, uint64_t n);
char* putDecimal(char* p, int64_t n);
/** The address as inet_ntop writes it ("192.0.2.1", "2001:db8::1"). */
char* putAddress(char* p, const Address& a);
/** Presentation form of an uncompressed wire name, as DnsName::toString
 *  writes it ("." for the root, specials and unsafe bytes escaped). The
 *  wire name must be well formed (labels of 1-63 bytes, root-terminated);
 *  at most DnsName::kMaxWire bytes of it are read. With `json`, as a JSON
 *  string literal: quoted, backslashes doubled. */
char* putWireName(char* p, std::string_view wire, bool json = false);

void appendIsoTime(std::string& out, int64_t us);
void appendDecimal(std::string& out, uint64_t n);
void appendDecimal(std::string& out, int64_t n);
void appendAddress(std::string& out, const Address& a);
void appendWireName(std::string& out, std::string_view wire, bool json = false);

}  // namespace orchard
