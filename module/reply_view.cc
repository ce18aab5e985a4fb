/**
 * \file reply_view.cc
 * Unbound callback arguments to orchard::Reply (see reply_view.hh).
 */
#include "module/reply_view.hh"

#include "module/client_address.hh"
#include "module/rrset_records.hh"
#include "module/unbound.hh"

namespace orchard::module {

namespace {

constexpr int kRcodeMask = 0x0f;  // the rcode argument may carry BIT_TC, BIT_AA

uint16_t flagsRcode(const reply_info* rep) {
  return rep ? static_cast<uint16_t>(FLAGS_GET_RCODE(rep->flags)) : 0;
}

/** Does the client receive rep's answer section? */
bool sendsRecords(const CallbackInput& in) {
  if (in.rep == nullptr) return false;
  switch (in.source) {
    case AnswerSource::resolved: return (in.rcode & kRcodeMask) == 0;
    case AnswerSource::cache:
    case AnswerSource::local: return true;
    case AnswerSource::servfail: return false;
  }
  return false;
}

/** The encoder's `timenow` for this source: cache data is absolute. */
time_t encoderClock(const CallbackInput& in) {
  return in.source == AnswerSource::cache ? in.now : 0;
}

void appendAnswer(const CallbackInput& in, std::vector<AnswerRecord>& out, size_t& used) {
  if (in.qinfo->local_alias != nullptr && in.qinfo->local_alias->rrset != nullptr)
    appendRecords(*in.qinfo->local_alias->rrset, 0, out, used);
  time_t clock = encoderClock(in);
  for (size_t i = 0; i < in.rep->an_numrrsets && i < in.rep->rrset_count; ++i)
    if (in.rep->rrsets[i] != nullptr) appendRecords(*in.rep->rrsets[i], clock, out, used);
}

}  // namespace

uint16_t replyRcode(const CallbackInput& in) {
  switch (in.source) {
    case AnswerSource::servfail: return rcode::SERVFAIL;
    case AnswerSource::cache: return flagsRcode(in.rep);
    case AnswerSource::resolved:
    case AnswerSource::local: break;
  }
  int r = in.rcode & kRcodeMask;
  return r != 0 ? static_cast<uint16_t>(r) : flagsRcode(in.rep);
}

void fillHeader(const CallbackInput& in, Reply& out) {
  out.qtype = in.qinfo->qtype;
  out.rcode = replyRcode(in);
  out.source = in.source;
  out.client.reset();
  out.clientPort = 0;
  if (auto c = clientOf(in.repinfo)) {
    out.client = c->address;
    out.clientPort = c->port;
  }
}

void fillAnswer(const CallbackInput& in, Reply& out) {
  size_t used = 0;
  if (sendsRecords(in)) appendAnswer(in, out.answer, used);
  out.answer.resize(used);
}

void fillReply(const CallbackInput& in, Reply& out) {
  fillHeader(in, out);
  fillAnswer(in, out);
}

}  // namespace orchard::module
