/**
 * \file rrset_records.hh
 * Reads the records of one Unbound rrset as the client will receive them.
 *
 * Unbound keeps TTLs in two forms. Rrsets in its caches hold ABSOLUTE
 * expiry times (time of storage + TTL; packed_rrset_data::ttl_add is the
 * time of storage); rrsets built for one answer (fresh resolution, local
 * data) hold RELATIVE TTLs. The encoder (util/data/msgencode.c,
 * packed_rrset_encode) is told which by its `timenow` argument: the
 * worker's clock when it answers from the message cache, 0 otherwise. It
 * subtracts that (or ttl_add under serve-original-ttl; nothing for rrsets
 * flagged PACKED_RRSET_FIXEDTTL), and writes 0 (or serve-expired-reply-ttl)
 * for an expired record. ttlAsSent() repeats exactly that computation, so
 * the TTLs handed to the engine are the seconds the client was told.
 *
 * Rdata is stored uncompressed with its 2-byte length in front; the records
 * handed to the engine carry the rdata without it. RRSIGs are skipped.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <vector>

#include "policy/answer/reply.hh"

struct ub_packed_rrset_key;

namespace orchard::module {

/** The TTL Unbound encodes for record i of the rrset, given the encoder's
 *  `timenow` (0 for relative data, the worker's clock for cache data). */
uint32_t ttlAsSent(const ub_packed_rrset_key& rrset, size_t i, time_t timenow);

/** Writes the rrset's records (not its signatures) to out[used], out[used
 *  + 1], ..., assigning over records already there (so that a reused
 *  vector does not allocate), appending past its end; advances `used`. */
void appendRecords(const ub_packed_rrset_key& rrset, time_t timenow, std::vector<AnswerRecord>& out,
                   size_t& used);

}  // namespace orchard::module
