/**
 * \file fuzz-answer-records.cc
 * libFuzzer target: raw answer records straight into the engine's view.
 * Where fuzz-dns-answer goes through a DNS parser, this one hands the chain
 * walk and the classifier arbitrary owner names and rdata (compression
 * pointers, bad label lengths, truncated names and addresses, CNAME loops,
 * up to 4096 records), in the format described in raw_answer.hh.
 */
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_common.hh"
#include "tests/fuzz/raw_answer.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto c = orchard::fuzz::decodeRaw(data, size);
  if (c) orchard::fuzz::checkReply(c->reply, c->allowPrivate);
  return 0;
}
