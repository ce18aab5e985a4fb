/**
 * \file callbacks.cc
 * The inplace reply callbacks (see callbacks.hh). The hot path for a name
 * that is not in the catalog is: parse the query name (no allocation), one
 * engine lookup, return. The Reply is only built for wanted names, in a
 * per-thread Reply whose storage is reused; a cache answer repeated within
 * the second replays its outcome (answer_memo.hh) without its records.
 */
#include "module/callbacks.hh"

#include "module/answer_memo.hh"
#include "module/guard.hh"
#include "module/reply_view.hh"
#include "module/unbound.hh"
#include "policy/engine.hh"

namespace orchard::module {

namespace {

/** Unbound's worker number of the calling thread (as in its own log
 *  lines), read once per thread. */
int workerThread() {
  static thread_local int thread = log_thread_get();
  return thread;
}

void handle(Engine& engine, const CallbackInput& in) {
  DnsName qname;
  if (!qname.parseWire(in.qinfo->qname, in.qinfo->qname_len)) return;
  Lookup lookup = engine.lookup(qname);
  if (!lookup.wanted()) return;
  thread_local Reply reply;
  thread_local AnswerMemo memo;
  reply.qname = qname;
  reply.thread = workerThread();
  fillHeader(in, reply);
  MemoOwner owner{engine.serial(), lookup.policy->serial, engine.setsGeneration()};
  if (const Replay* seen = memo.find(in, owner)) {
    engine.onRepeat(lookup, reply, seen->outcome, seen->lineOrNull());
    return;
  }
  thread_local Outcome outcome;
  fillAnswer(in, reply);
  engine.onReply(lookup, reply, outcome);
  if (Replay* kept = memo.store(in, owner, outcome))
    kept->hasLine = engine.fillLine(lookup, reply, outcome, kept->line);
}

/** One callback per source; the signature is inplace_cb_reply_func_type. */
template <AnswerSource S>
int onAnswer(query_info* qinfo, module_qstate*, reply_info* rep, int rcode, edns_data*,
             edns_option**, comm_reply* repinfo, regional*, timeval* startTime, int,
             void* arg) noexcept {
  // qinfo is NULL for CHAOS answers (id.server); only class IN is Orchard's.
  if (qinfo == nullptr || qinfo->qclass != LDNS_RR_CLASS_IN || arg == nullptr) return 1;
  return guarded("answer callback", 1, [&] {
    CallbackInput in{S, qinfo, rep, rcode, repinfo, startTime ? startTime->tv_sec : time(nullptr)};
    handle(*static_cast<Engine*>(arg), in);
    return 1;
  });
}

struct Registration {
  inplace_cb_list_type type;
  inplace_cb_reply_func_type* callback;
};

constexpr Registration kRegistrations[] = {
    {inplace_cb_reply, &onAnswer<AnswerSource::resolved>},
    {inplace_cb_reply_cache, &onAnswer<AnswerSource::cache>},
    {inplace_cb_reply_local, &onAnswer<AnswerSource::local>},
    {inplace_cb_reply_servfail, &onAnswer<AnswerSource::servfail>},
};

}  // namespace

bool registerCallbacks(dynlibmod_env& de, module_env* env, int id, Engine* engine) {
  for (const Registration& r : kRegistrations) {
    if (!de.inplace_cb_register_wrapped(reinterpret_cast<void*>(r.callback), r.type, engine, env,
                                        id)) {
      log_err("orchard: cannot register inplace callback %d", static_cast<int>(r.type));
      return false;
    }
  }
  return true;
}

void unregisterCallbacks(dynlibmod_env& de, module_env* env, int id) {
  for (const Registration& r : kRegistrations) de.inplace_cb_delete_wrapped(env, r.type, id);
}

}  // namespace orchard::module
