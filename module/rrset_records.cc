/**
 * \file rrset_records.cc
 * Records and TTLs of an Unbound rrset (see rrset_records.hh).
 */
#include "module/rrset_records.hh"

#include <arpa/inet.h>

#include <limits>

#include "module/unbound.hh"

namespace orchard::module {

namespace {

const packed_rrset_data* dataOf(const ub_packed_rrset_key& rrset) {
  return static_cast<const packed_rrset_data*>(rrset.entry.data);
}

uint32_t clampTtl(time_t t) {
  if (t < 0) return 0;
  if (static_cast<uint64_t>(t) > std::numeric_limits<uint32_t>::max())
    return std::numeric_limits<uint32_t>::max();
  return static_cast<uint32_t>(t);
}

}  // namespace

uint32_t ttlAsSent(const ub_packed_rrset_key& rrset, size_t i, time_t timenow) {
  const packed_rrset_data* d = dataOf(rrset);
  time_t adjust = 0;
  if ((rrset.rk.flags & PACKED_RRSET_FIXEDTTL) == 0)
    adjust = SERVE_ORIGINAL_TTL ? d->ttl_add : timenow;
  if (d->rr_ttl[i] < adjust) return clampTtl(SERVE_EXPIRED ? SERVE_EXPIRED_REPLY_TTL : 0);
  return clampTtl(d->rr_ttl[i] - adjust);
}

void appendRecords(const ub_packed_rrset_key& rrset, time_t timenow, std::vector<AnswerRecord>& out,
                   size_t& used) {
  const packed_rrset_data* d = dataOf(rrset);
  if (d == nullptr || rrset.rk.dname == nullptr) return;
  for (size_t i = 0; i < d->count; ++i) {
    if (d->rr_len[i] < 2) continue;  // cannot happen: rdlength is always stored
    if (used == out.size()) out.emplace_back();
    AnswerRecord& r = out[used++];  // assigned over: its strings keep their capacity
    r.owner.assign(reinterpret_cast<const char*>(rrset.rk.dname), rrset.rk.dname_len);
    r.type = ntohs(rrset.rk.type);
    r.ttl = ttlAsSent(rrset, i, timenow);
    r.rdata.assign(reinterpret_cast<const char*>(d->rr_data[i]) + 2, d->rr_len[i] - 2);
  }
}

}  // namespace orchard::module
