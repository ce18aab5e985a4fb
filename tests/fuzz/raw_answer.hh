/**
 * \file raw_answer.hh
 * The input format of the fuzz-answer-records target: a Reply spelled out
 * byte by byte, so the fuzzer can hand the engine records that no DNS parser
 * would produce (owner names and CNAME targets with compression pointers,
 * over-long or unterminated labels, truncated rdata, CNAME loops, thousands
 * of records) — what module/ would pass on if Unbound ever did.
 *
 *   flags   1 byte   bits 0-1: source (resolved, cache, local, servfail),
 *                    bit 2: allow-private
 *   qtype   2 bytes  big-endian
 *   rcode   1 byte
 *   qname   1 byte length N, N bytes of wire name (must parse)
 *   then records until the input ends, each:
 *   owner   1 byte length L, L bytes (any bytes)
 *   type    2 bytes, ttl 4 bytes (big-endian)
 *   rdata   2 bytes length R, R bytes (any bytes; cut short at the end)
 *   repeat  1 byte: the record is added 2^(repeat & 7) times
 * At most kMaxRecords records are built in all: enough to show a cost that
 * grows with the record count; 128 copies at most per record keeps the
 * average input small, so executions stay fast.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/answer/reply.hh"

namespace orchard::fuzz {

struct RawCase {
  Reply reply;
  bool allowPrivate = false;
};

constexpr size_t kMaxRecords = 4096;

/** Decodes the format above; nullopt when the header or qname is bad. */
std::optional<RawCase> decodeRaw(const uint8_t* data, size_t size);
/** Encodes a case; `repeat[i]` (if given) is record i's repeat byte. */
std::string encodeRaw(const RawCase& c, const std::vector<uint8_t>& repeat = {});

}  // namespace orchard::fuzz
