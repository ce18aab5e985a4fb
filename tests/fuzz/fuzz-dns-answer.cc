/**
 * \file fuzz-dns-answer.cc
 * libFuzzer target: a DNS answer on its way to a client, from wire format to
 * the engine's view and outcome. The input is a whole DNS message; ldns
 * parses it (compression pointers, counts, lengths) as Unbound would before
 * the module sees it; ldns_reply.cc converts it into a Reply as module/ does;
 * checkReply() matches, follows the CNAME chain, classifies and formats the
 * log line, checking the outcome's invariants.
 *
 * The header's ID (meaningless here) picks the answer's source (low 2 bits:
 * resolved, cache, local, servfail) and allow-private (bit 2), so the
 * fuzzer explores every path of classifyReply().
 */
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_common.hh"
#include "tests/fuzz/ldns_reply.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  orchard::Reply reply;
  if (!orchard::fuzz::replyFromWire(data, size, reply)) return 0;
  unsigned id = size >= 2 ? (data[0] << 8 | data[1]) : 0;
  reply.source = static_cast<orchard::AnswerSource>(id & 3);
  orchard::fuzz::checkReply(reply, (id & 4) != 0);
  return 0;
}
