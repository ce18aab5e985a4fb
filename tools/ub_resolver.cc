/**
 * \file ub_resolver.cc
 * A forwarding libunbound context (see ub_resolver.hh).
 */
#include "tools/ub_resolver.hh"

#include <unbound.h>

#include <cstring>
#include <stdexcept>

namespace orchard::ctl {
namespace {

void check(int err, const char* what) {
  if (err != 0) throw std::runtime_error(std::string(what) + ": " + ub_strerror(err));
}

Lookup fromResult(int err, ub_result* r) {
  Lookup l;
  l.done = true;
  if (err != 0 || !r) {
    l.error = ub_strerror(err);
    return l;
  }
  l.rcode = r->rcode;
  for (int i = 0; r->havedata && r->data[i]; ++i) {
    if (r->qtype == 1 && r->len[i] == 4)
      l.addresses.push_back(Address::v4(reinterpret_cast<const uint8_t*>(r->data[i])));
    if (r->qtype == 28 && r->len[i] == 16)
      l.addresses.push_back(Address::v6(reinterpret_cast<const uint8_t*>(r->data[i])));
  }
  if (r->canonname && std::strcmp(r->canonname, r->qname) != 0) {
    l.canonName = r->canonname;
    if (l.canonName.ends_with('.')) l.canonName.pop_back();  // as names are printed elsewhere
  }
  return l;
}

Lookup failed(int err) {
  Lookup l;
  l.done = true;
  l.error = ub_strerror(err);
  return l;
}

}  // namespace

void UbResolver::onResult(void* data, int err, ub_result* result) {
  auto* p = static_cast<Pending*>(data);
  Callback done = std::move(p->done);
  p->self->pending_.erase(p->id);  // frees p
  Lookup l = fromResult(err, result);
  if (result) ub_resolve_free(result);
  done(std::move(l));
}

UbResolver::UbResolver(const Upstream& upstream) : ctx_(ub_ctx_create()) {
  if (!ctx_) throw std::runtime_error("cannot create a libunbound context");
  try {
    // The resolver under test may well be on this host (127.0.0.1).
    check(ub_ctx_set_option(ctx_, "do-not-query-localhost:", "no"), "do-not-query-localhost");
    check(ub_ctx_set_option(ctx_, "module-config:", "iterator"), "module-config");
    check(ub_ctx_set_fwd(ctx_, upstream.text().c_str()), ("resolver " + upstream.text()).c_str());
    check(ub_ctx_async(ctx_, 1), "async");
  } catch (...) {
    ub_ctx_delete(ctx_);
    throw;
  }
}

UbResolver::~UbResolver() { ub_ctx_delete(ctx_); }

int UbResolver::submit(const std::string& name, int rrtype, Callback done) {
  auto p = std::make_unique<Pending>(Pending{this, -1, std::move(done)});
  // In async mode callbacks run only from process(), so p->id is set in time.
  int err = ub_resolve_async(ctx_, name.c_str(), rrtype, 1, p.get(), onResult, &p->id);
  if (err != 0) {
    p->done(failed(err));
    return -1;
  }
  int id = p->id;
  pending_[id] = std::move(p);
  return id;
}

void UbResolver::cancel(int id) {
  ub_cancel(ctx_, id);  // its callback will never run
  pending_.erase(id);
}

int UbResolver::fd() const { return ub_fd(ctx_); }

void UbResolver::process() { ub_process(ctx_); }

}  // namespace orchard::ctl
