/**
 * \file ldns_reply.cc
 * Wire message to Reply through ldns (see ldns_reply.hh).
 */
#include "tests/fuzz/ldns_reply.hh"

#include <memory>

// Last: ldns/common.h defines `bool` as a macro unless a C++ header already
// defined __bool_true_false_are_defined.
#include <ldns/ldns.h>

namespace orchard::fuzz {
namespace {

struct PktFree {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
struct BufferFree {
  void operator()(ldns_buffer* b) const { ldns_buffer_free(b); }
};

std::string rdfBytes(const ldns_rdf* rdf) {
  return {reinterpret_cast<const char*>(ldns_rdf_data(rdf)), ldns_rdf_size(rdf)};
}

}  // namespace

bool replyFromWire(const uint8_t* wire, size_t len, Reply& out) {
  ldns_pkt* raw = nullptr;
  if (ldns_wire2pkt(&raw, wire, len) != LDNS_STATUS_OK) return false;
  std::unique_ptr<ldns_pkt, PktFree> pkt(raw);
  ldns_rr_list* question = ldns_pkt_question(pkt.get());
  if (question == nullptr || ldns_rr_list_rr_count(question) == 0) return false;
  const ldns_rr* q = ldns_rr_list_rr(question, 0);
  const ldns_rdf* qname = ldns_rr_owner(q);
  if (!out.qname.parseWire(ldns_rdf_data(qname), ldns_rdf_size(qname))) return false;
  out.qtype = ldns_rr_get_type(q);
  out.rcode = ldns_pkt_get_rcode(pkt.get());
  out.answer.clear();

  std::unique_ptr<ldns_buffer, BufferFree> buf(ldns_buffer_new(512));
  ldns_rr_list* answer = ldns_pkt_answer(pkt.get());
  for (size_t i = 0; answer && i < ldns_rr_list_rr_count(answer); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(answer, i);
    ldns_buffer_clear(buf.get());
    if (ldns_rr_rdata2buffer_wire(buf.get(), rr) != LDNS_STATUS_OK) continue;
    AnswerRecord r;
    r.owner = rdfBytes(ldns_rr_owner(rr));
    r.type = ldns_rr_get_type(rr);
    r.ttl = ldns_rr_ttl(rr);
    r.rdata.assign(reinterpret_cast<const char*>(ldns_buffer_begin(buf.get())),
                   ldns_buffer_position(buf.get()));
    out.answer.push_back(std::move(r));
  }
  return true;
}

}  // namespace orchard::fuzz
