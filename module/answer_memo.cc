/**
 * \file answer_memo.cc
 * The per-thread memory of this second's cache answers (see answer_memo.hh).
 */
#include "module/answer_memo.hh"

#include <cstring>
#include <string_view>

#include "module/unbound.hh"
#include "policy/base/dns_name.hh"

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

template <typename T>
bool put(Append& sink, const T& value) {
  return sink.take(&value, sizeof value);
}

/** A field of known size is compared as a value, not through memcmp: an
 *  entry is a few dozen of them. */
template <typename T>
bool put(Compare& sink, const T& value) {
  if (sink.stored.size() - sink.at < sizeof value) return false;
  T stored;
  std::memcpy(&stored, sink.stored.data() + sink.at, sizeof stored);
  sink.at += sizeof value;
  return stored == value;
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

uint64_t AnswerMemo::tagOf(const CallbackInput& in) {
  // The query name's bytes as they came (the entry compares them so) and
  // its type: the set and a quick first test, never the identity.
  std::string_view name(reinterpret_cast<const char*>(in.qinfo->qname), in.qinfo->qname_len);
  return hashWire(name) ^ in.qinfo->qtype * 0x9e3779b97f4a7c15ULL;
}

const Replay* AnswerMemo::find(const CallbackInput& in, const MemoOwner& owner) const {
  if (!memorable(in)) return nullptr;
  uint64_t tag = tagOf(in);
  for (size_t i = setOf(tag), end = i + kWays; i < end; ++i) {
    if (tags_[i] != tag) continue;
    const Entry& e = entries_[i];
    if (!(e.owner == owner) || e.second != in.now) continue;
    Compare sink{e.answer};
    if (visitAnswer(in, sink) && sink.whole()) return &e.replay;
  }
  return nullptr;
}

size_t AnswerMemo::victim(size_t first, uint64_t tag, time_t now) {
  for (size_t i = first; i < first + kWays; ++i)
    if (tags_[i] == tag) return i;
  for (size_t i = first; i < first + kWays; ++i)
    if (entries_[i].second != now) return i;
  uint8_t& next = next_[first / kWays];
  next = static_cast<uint8_t>((next + 1) % kWays);
  return first + next;
}

Replay* AnswerMemo::store(const CallbackInput& in, const MemoOwner& owner, const Outcome& outcome) {
  if (!memorable(in)) return nullptr;
  uint64_t tag = tagOf(in);
  size_t i = victim(setOf(tag), tag, in.now);
  Entry& e = entries_[i];
  e.owner = {};
  tags_[i] = tag;
  if (!answerBytes(in, e.answer)) return nullptr;
  e.replay.outcome = outcome;
  e.replay.hasLine = false;
  e.second = in.now;
  e.owner = owner;
  return &e.replay;
}

}  // namespace orchard::module
