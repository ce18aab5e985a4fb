/**
 * \file answer_memo.cc
 * The per-thread memory of this second's cache answers (see answer_memo.hh).
 */
#include "module/answer_memo.hh"

#include <cstring>
#include <string_view>

#include "module/unbound.hh"

namespace orchard::module {

namespace {

/** Appends what it is given: how an entry is stored. */
struct Append {
  std::string& out;
  bool take(const void* p, size_t n) {
    out.append(static_cast<const char*>(p), n);
    return out.size() <= AnswerMemo::kMaxBytes;
  }
};

/** Compares what it is given with a stored entry, in place: how an entry
 *  is found (no copy of the answer is made). */
struct Compare {
  std::string_view stored;
  size_t at = 0;
  bool take(const void* p, size_t n) {
    if (stored.size() - at < n || std::memcmp(stored.data() + at, p, n) != 0) return false;
    at += n;
    return true;
  }
  bool whole() const { return at == stored.size(); }
};

template <typename Sink, typename T>
bool put(Sink& sink, const T& value) {
  return sink.take(&value, sizeof value);
}

/** One rrset as the memo compares it: identity, then every byte that goes
 *  into the records and TTLs the client receives. */
template <typename Sink>
bool putRrset(const ub_packed_rrset_key& rrset, Sink& sink) {
  const auto* d = static_cast<const packed_rrset_data*>(rrset.entry.data);
  const ub_packed_rrset_key* self = &rrset;
  if (!put(sink, self) || !put(sink, rrset.id) || !put(sink, rrset.rk.flags)) return false;
  if (d == nullptr) return true;
  if (!put(sink, d->ttl_add) || !put(sink, d->count)) return false;
  for (size_t i = 0; i < d->count; ++i)
    if (!put(sink, d->rr_ttl[i]) || !put(sink, d->rr_len[i]) ||
        !sink.take(d->rr_data[i], d->rr_len[i]))
      return false;
  return true;
}

/** Feeds the answer's bytes to the sink; false as soon as it refuses. */
template <typename Sink>
bool visitAnswer(const CallbackInput& in, Sink& sink) {
  const query_info& q = *in.qinfo;
  if (!put(sink, q.qtype) || !put(sink, replyRcode(in)) || !put(sink, q.qname_len) ||
      !sink.take(q.qname, q.qname_len))
    return false;
  for (size_t i = 0; i < in.rep->an_numrrsets && i < in.rep->rrset_count; ++i)
    if (in.rep->rrsets[i] != nullptr && !putRrset(*in.rep->rrsets[i], sink)) return false;
  return true;
}

}  // namespace

bool memorable(const CallbackInput& in) {
  return in.source == AnswerSource::cache && in.rep != nullptr && in.qinfo->local_alias == nullptr;
}

bool answerBytes(const CallbackInput& in, std::string& out) {
  out.clear();
  Append sink{out};
  return visitAnswer(in, sink);
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
  Compare sink{e.answer};
  if (!visitAnswer(in, sink) || !sink.whole()) return nullptr;
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
