/**
 * \file answer_memo.cc
 * The per-thread memory of this second's cache answers (see answer_memo.hh).
 */
#include "module/answer_memo.hh"

#include "module/unbound.hh"

namespace orchard::module {

namespace {

template <typename T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

/** One rrset as the memo compares it: identity, then every byte that goes
 *  into the records and TTLs the client receives. */
void putRrset(const ub_packed_rrset_key& rrset, std::string& out) {
  const auto* d = static_cast<const packed_rrset_data*>(rrset.entry.data);
  put(out, &rrset);
  put(out, rrset.id);
  put(out, rrset.rk.flags);
  if (d == nullptr) return;
  put(out, d->ttl_add);
  put(out, d->count);
  for (size_t i = 0; i < d->count; ++i) {
    put(out, d->rr_ttl[i]);
    put(out, d->rr_len[i]);
    out.append(reinterpret_cast<const char*>(d->rr_data[i]), d->rr_len[i]);
  }
}

}  // namespace

bool memorable(const CallbackInput& in) {
  return in.source == AnswerSource::cache && in.rep != nullptr && in.qinfo->local_alias == nullptr;
}

bool answerBytes(const CallbackInput& in, std::string& out) {
  out.clear();
  put(out, in.qinfo->qtype);
  put(out, replyRcode(in));
  put(out, in.qinfo->qname_len);
  out.append(reinterpret_cast<const char*>(in.qinfo->qname), in.qinfo->qname_len);
  for (size_t i = 0; i < in.rep->an_numrrsets && i < in.rep->rrset_count; ++i) {
    if (in.rep->rrsets[i] != nullptr) putRrset(*in.rep->rrsets[i], out);
    if (out.size() > AnswerMemo::kMaxBytes) return false;
  }
  return true;
}

size_t AnswerMemo::slotOf(const CallbackInput& in) {
  // FNV-1a over the query name and type: the slot only, never the identity.
  uint64_t h = 1469598103934665603ULL ^ in.qinfo->qtype;
  for (size_t i = 0; i < in.qinfo->qname_len; ++i) h = (h ^ in.qinfo->qname[i]) * 1099511628211ULL;
  return static_cast<size_t>(h ^ (h >> 29)) & (kSlots - 1);
}

const Outcome* AnswerMemo::find(const CallbackInput& in, uint64_t owner) const {
  if (!memorable(in)) return nullptr;
  const Entry& e = entries_[slotOf(in)];
  if (e.owner != owner || e.second != in.now) return nullptr;
  thread_local std::string bytes;  // keeps its capacity: no allocation
  if (!answerBytes(in, bytes) || bytes != e.answer) return nullptr;
  return &e.outcome;
}

void AnswerMemo::store(const CallbackInput& in, uint64_t owner, const Outcome& outcome) {
  if (!memorable(in)) return;
  Entry& e = entries_[slotOf(in)];
  e.owner = 0;
  if (!answerBytes(in, e.answer)) return;
  e.outcome = outcome;
  e.second = in.now;
  e.owner = owner;
}

}  // namespace orchard::module
