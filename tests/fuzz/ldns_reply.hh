/**
 * \file ldns_reply.hh
 * Turns a DNS wire message into an orchard::Reply, parsed with ldns, the way
 * module/ turns Unbound's parsed reply into one: query name and type from
 * the question, rcode from the header, and the answer section as
 * AnswerRecords with uncompressed owner names and rdata (ldns, like Unbound,
 * expands compression pointers while parsing and rejects bad ones).
 *
 * Used by the fuzz-dns-answer target and by make-corpus to check seeds.
 */
#pragma once

#include <cstddef>
#include <cstdint>

#include "policy/answer/reply.hh"

namespace orchard::fuzz {

/** Fills `out` (qname, qtype, rcode, answer) from a wire message.
 *  @return false when ldns rejects the message or it has no usable
 *  question (then `out` is unspecified). */
bool replyFromWire(const uint8_t* wire, size_t len, Reply& out);

}  // namespace orchard::fuzz
