/**
 * \file reply_view.hh
 * Turns what an Unbound inplace reply callback is given into an
 * orchard::Reply, the resolver-independent view the engine classifies.
 *
 * The four callbacks differ in what their arguments mean (checked against
 * Unbound 1.17.1: services/mesh.c, daemon/worker.c, services/localzone.c,
 * services/rpz.c, services/authzone.c):
 *
 *  source    called from                      rcode argument   rep, TTLs
 *  resolved  mesh_send_reply, mesh_do_callback the rcode sent   answer, relative
 *            (answers of the module chain)     if not 0, else
 *                                              rep->flags' one
 *  cache     answer_from_cache (msg cache hit) the QUERY's      cached answer,
 *            answer_norec_from_cache (RD=0)    rcode bits:      ABSOLUTE TTLs
 *            qstate == NULL                    ignored          (rrsets locked)
 *  local     local-zone/local-data, RPZ,       the rcode sent   NULL (error
 *            auth-zone, CH TXT (qinfo NULL)                     answers) or a
 *                                                               one-rrset reply,
 *                                                               relative
 *  servfail  any SERVFAIL                      SERVFAIL         nothing is sent
 *
 * A local-data CNAME (qinfo->local_alias) is not in rep: Unbound prepends it
 * when encoding, so it is prepended here too. The client gets no records
 * with an error rcode from the mesh nor with a SERVFAIL, so the view then
 * has none either.
 */
#pragma once

#include <cstdint>
#include <ctime>

#include "policy/answer/reply.hh"

struct query_info;
struct reply_info;
struct comm_reply;

namespace orchard::module {

/** The arguments of one inplace reply callback that matter here. */
struct CallbackInput {
  AnswerSource source = AnswerSource::resolved;
  const query_info* qinfo = nullptr;  // not null (the callback checked)
  const reply_info* rep = nullptr;    // may be null
  int rcode = 0;                      // the callback's rcode argument
  const comm_reply* repinfo = nullptr;
  time_t now = 0;  // the worker's clock (used for cache answers)
};

/** The rcode the client receives (see the table above). */
uint16_t replyRcode(const CallbackInput& in);

/** Fills everything in `out` but qname and thread: qtype, rcode, source,
 *  client, answer records. `out` may be reused: what was in it is replaced,
 *  and its records' storage reused. */
void fillReply(const CallbackInput& in, Reply& out);
/** fillReply's two halves: qtype, rcode, source and client; the records. */
void fillHeader(const CallbackInput& in, Reply& out);
void fillAnswer(const CallbackInput& in, Reply& out);

}  // namespace orchard::module
