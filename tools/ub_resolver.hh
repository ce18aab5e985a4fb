/**
 * \file ub_resolver.hh
 * One libunbound context that forwards every query to one resolver
 * (`ub_ctx_set_fwd`), resolving asynchronously: submit() queues a lookup,
 * the caller polls fd() and calls process(), which runs the callbacks.
 * `orchardctl verify` keeps one for the site resolver and one for the
 * reference, so each has its own cache and the two never mix.
 *
 * libunbound is a full resolver: a forwarder's REFUSED is a failed server
 * to it and surfaces as SERVFAIL; a forwarder's NXDOMAIN, NODATA and
 * addresses come back as they are (no validation: no trust anchor is set).
 */
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "policy/base/address.hh"
#include "tools/upstream.hh"

struct ub_ctx;
struct ub_result;

namespace orchard::ctl {

/** What one lookup (one name, one type) came back with. */
struct Lookup {
  bool done = false;
  bool timedOut = false;  // our deadline passed; the query was cancelled
  std::string error;      // libunbound could not run it (ub_strerror)
  int rcode = 0;          // 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED
  std::vector<Address> addresses;
  std::string canonName;  // the end of the CNAME chain, when not the query name
};

class UbResolver {
 public:
  using Callback = std::function<void(Lookup)>;
  /** Throws std::runtime_error naming the libunbound error. */
  explicit UbResolver(const Upstream& upstream);
  ~UbResolver();
  UbResolver(const UbResolver&) = delete;
  UbResolver& operator=(const UbResolver&) = delete;

  /** Starts a lookup of `rrtype` (1 A, 28 AAAA); returns its id, or -1
   *  after calling `done` at once with the error. */
  int submit(const std::string& name, int rrtype, Callback done);
  /** Drops a pending lookup; its callback is never called. */
  void cancel(int id);
  /** Readable when results are waiting: then call process(). */
  int fd() const;
  /** Runs the callbacks of the finished lookups. */
  void process();

 private:
  struct Pending {
    UbResolver* self;
    int id;
    Callback done;
  };
  static void onResult(void* data, int err, ub_result* result);
  ub_ctx* ctx_;
  std::map<int, std::unique_ptr<Pending>> pending_;  // by libunbound's id
};

}  // namespace orchard::ctl
